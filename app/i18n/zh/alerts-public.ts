// The signed-out part of namespace "alerts" (the rest is in zh/alerts.ts); en/alerts-public.ts
// has the same keys. A module of its own: a module shared with the members' part would be a
// chunk that every public page fetches whole.
// What a signed-out visitor sees of it: the unsubscribe page and the subscription summary on it
// (app/components/alert-summary.tsx), in the public part of the catalogue (zh-public.ts).
export const alertsPublic = {
  fields: '领域',
  keywords: '关键词',
  channels: '提醒方式',
  inApp: '站内消息',
  mailModes: {
    NONE: '不发邮件',
    IMMEDIATE: '每个榜单即时发送',
    DAILY: '每日汇总一封（上午 8 时）',
  },
  anyField: '不限领域',
  anyKeyword: '不限关键词',
  bounty: '榜额',
  bountyWithOpen: '{{bounty}}，{{open}}',
  listSeparator: '、',
  anyBounty: '不限榜额',
  bountyFrom: '{{min}} 万元及以上',
  bountyTo: '{{max}} 万元及以下',
  bountyBetween: '{{min}}–{{max}} 万元',
  openIncluded: '含不限定榜额',
  openExcluded: '不含不限定榜额',
  errors: {
    notFound: '找不到这个订阅，可能已被删除。',
    invalidToken: '退订链接无效或已被改动。',
  },
  unsubscribe: {
    title: '退订提醒',
    lead: '这是{{team}}的一个订阅。退订后，团队所有成员都不再收到它的提醒；其他订阅不受影响。',
    confirm: '确认退订',
    done: '已退订，团队成员不再收到这一订阅的提醒。',
    already: '这一订阅已经退订。',
    invalidTitle: '退订链接无效',
    invalid:
      '这个链接无效或已被改动，未做任何更改。请使用邮件中的完整链接，或登录后在“订阅提醒”页面管理订阅。',
    manage: '管理团队的订阅',
  },
};
