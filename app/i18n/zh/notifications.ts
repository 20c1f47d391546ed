// Strings of one feature (namespace "notifications"); en/notifications.ts has the same keys.
export const notifications = {
  title: '消息通知',
  empty: '暂无消息。',
  markRead: '全部标为已读',
  unread: '未读',
  open: '查看',
  mailFooter: '请登录揭榜挂帅平台查看详情：',
  kinds: {
    needReturned: '您的需求“{{title}}”已被退回修改：{{comment}}',
    needPublished: '您的需求“{{title}}”已审核通过并发布，榜单编号 {{code}}。',
    needRejected: '您的需求“{{title}}”未通过审核：{{comment}}',
    questionAsked: '榜单 {{code}} 收到一个新的澄清问题。',
    questionAnswered: '您在榜单 {{code}} 提出的问题已有答复。',
    questionHidden: '您在榜单 {{code}} 提出的问题已被科技局隐藏。',
  },
};
