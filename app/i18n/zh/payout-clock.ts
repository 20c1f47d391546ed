// Strings of one feature (namespace "payoutClock": the payout clock made public on /stats and
// in the open data, and its limit on the bureau's payments desk); en/payout-clock.ts has the
// same keys.
export const payoutClock = {
  title: '付款时效',
  lead: '从合同节点验收之日到该节点奖励资金付出之日的天数，按北京时间的日历日计；统计该期间付款的各笔兑付。中位数和第90百分位数按最近秩法取实际出现的天数。',
  limit: '科技局的付款时限为节点验收后{{days}}天。',
  count: '兑付笔数',
  median: '中位数',
  p90: '第90百分位数',
  days: '{{days}}天',
  none: '—',
  enterprisesTitle: '按发榜企业',
  col: {
    enterprise: '发榜企业',
    count: '兑付笔数',
    median: '中位数（天）',
    p90: '第90百分位数（天）',
  },
  empty: '该期间没有兑付记录。',
  json: '付款时效 JSON 数据',
  openData:
    '付款时效：全部兑付以及各发榜企业从节点验收到付款的天数（笔数、中位数、第90百分位数），可按 ?year= 和 &quarter= 选择期间；企业以开放合同数据中的参与方编号标识。',
  desk: {
    title: '超过付款时限',
    lead: '从节点验收之日起超过{{days}}天仍未付款，或付款时已超过{{days}}天的兑付。时限由平台配置设定。',
    summary: '{{unpaid}} 笔兑付已超过付款时限仍未付款；另有 {{late}} 笔付款时已超时。',
    link: '只看超时兑付',
    showAll: '显示全部兑付',
    unpaidTitle: '超时未付款（{{count}}）',
    unpaidEmpty: '没有超过付款时限仍未付款的兑付。',
    paidLateTitle: '逾期付款（{{count}}）',
    paidLateEmpty: '没有逾期付款的兑付。',
    shown: '显示 {{shown}} 笔，共 {{total}} 笔。',
    flag: '超时',
    flagTitle: '验收后已 {{days}} 天，超过付款时限',
    col: {
      acceptedAt: '验收日期',
      state: '办理状态',
      paidAt: '付款日期',
      days: '验收后天数',
    },
    state: {
      unconfirmed: '待科技局确认',
      payable: '待申请兑付',
      REQUESTED: '待审批',
      APPROVED: '已批准、待付款',
      FAILED: '付款失败',
    },
  },
};
