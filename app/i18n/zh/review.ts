// Strings of one feature (namespace "review"); en/review.ts has the same keys.
export const review = {
  title: '科技局工作台',
  nav: { needs: '需求审核', events: '揭榜活动管理' },
  queue: {
    title: '待审核需求',
    lead: '企业提交的技术需求，按提交时间先后排列（最早的在前）。',
    status: '状态',
    field: '领域',
    bounty: '榜额',
    all: '全部',
    filter: '筛选',
    enterprise: '企业',
    submitted: '提交时间',
    waiting: '已等待',
    days: '{{count}} 天',
    empty: '没有待处理的需求。',
    total: '共 {{count}} 项',
  },
  decision: {
    title: '审核意见',
    comment: '意见（退回或不通过时必填，将通知企业）',
    publish: '审核通过并发布',
    return: '退回修改',
    reject: '不通过',
    done: {
      publish: '已发布，榜单编号 {{code}}。',
      return: '已退回企业修改。',
      reject: '已作出不通过决定。',
    },
    decided: '此需求已处理（当前状态：{{status}}）。',
  },
};
