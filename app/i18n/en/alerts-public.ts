// The signed-out part of namespace "alerts" (the rest is in en/alerts.ts); zh/alerts-public.ts
// has the same keys. A module of its own: a module shared with the members' part would be a
// chunk that every public page fetches whole.
// What a signed-out visitor sees of it: the unsubscribe page and the subscription summary on it
// (app/components/alert-summary.tsx), in the public part of the catalogue (zh-public.ts).
export const alertsPublic = {
  fields: 'Fields',
  keywords: 'Keywords',
  channels: 'How to tell us',
  inApp: 'In the app',
  mailModes: {
    NONE: 'No mail',
    IMMEDIATE: 'At once, one mail per challenge',
    DAILY: 'One digest a day (8 a.m., China time)',
  },
  anyField: 'Any field',
  anyKeyword: 'Any keyword',
  bounty: 'Bounty',
  bountyWithOpen: '{{bounty}}; {{open}}',
  listSeparator: '; ',
  anyBounty: 'Any bounty',
  bountyFrom: '{{min}} × 10k yuan or more',
  bountyTo: 'up to {{max}} × 10k yuan',
  bountyBetween: '{{min}}–{{max}} × 10k yuan',
  openIncluded: 'open bounties included',
  openExcluded: 'open bounties excluded',
  errors: {
    notFound: 'This alert was not found; it may have been removed.',
    invalidToken: 'This unsubscribe link is not valid or has been altered.',
  },
  unsubscribe: {
    title: 'Unsubscribe',
    lead: 'This is an alert of {{team}}. Once unsubscribed, no member of the team is told of its matches any more; the team’s other alerts stay.',
    confirm: 'Unsubscribe',
    done: 'Unsubscribed: the team’s members are no longer told of this alert’s matches.',
    already: 'This alert has already been unsubscribed.',
    invalidTitle: 'Invalid unsubscribe link',
    invalid:
      'This link is not valid or has been altered; nothing was changed. Use the whole link from the mail, or sign in and manage the alerts on the Alerts page.',
    manage: 'Manage your team’s alerts',
  },
};
