// Strings of the team's payment account page (namespace "paymentsAccount", /account/payments);
// en/payments-account.ts has the same keys.
export const paymentsAccount = {
  title: '收款账户',
  lead: '科技局通过 Stripe Connect 向揭榜团队兑付人才奖励资金：资金先转入团队的 Stripe 账户，再提现到团队的银行账户。请先关联 Stripe 账户并在 Stripe 完成身份和银行账户验证。',
  bankTransfer: '本平台目前通过银行转账兑付奖励资金，由科技局登记转账凭证，团队无需关联收款账户。',
  accountId: '账户编号',
  status: '状态',
  statuses: {
    notLinked: '尚未关联',
    onboarding: '待完成验证',
    restricted: 'Stripe 审核中，暂不能提现',
    active: '已启用，可以收款',
    unknown: '暂时无法查询',
  },
  link: '关联 Stripe 账户',
  continue: '继续在 Stripe 完成验证',
  linkHint: '点击后将跳转到 Stripe 网站；完成后会回到本页面。',
  returned: '已从 Stripe 返回。验证通过后，状态会在这里更新。',
  expired: '验证链接已失效，请重新打开。',
  errors: {
    notConfigured: '平台未启用 Stripe 收款。',
    stripe: '暂时无法连接 Stripe，请稍后再试。',
  },
};
