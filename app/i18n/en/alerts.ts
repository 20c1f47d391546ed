// Strings of one feature (namespace "alerts"); the same keys as zh/alerts.ts.
export const alerts = {
  title: 'Alerts',
  lead: 'Choose the fields, keywords or bounty range your team cares about. When a matching challenge is published, every member of the team is told once (in the app or by mail, each in their account’s language); the mail carries an unsubscribe link that works without signing in.',
  listTitle: 'Your team’s alerts',
  count: '{{count}} of at most {{max}}.',
  empty: 'Your team has no alerts yet.',
  full: 'Your team has reached the limit of alerts; remove one to add another.',
  newTitle: 'New alert',
  fieldsHint: 'None chosen: any field.',
  keywordsHint:
    'Up to 10, separated by spaces or commas; a challenge matches when any of them appears in it.',
  minWan: 'Lowest bounty (10k yuan)',
  maxWan: 'Highest bounty (10k yuan)',
  rangeHint: 'Fill in one end, both, or neither.',
  includeOpen: 'Include challenges with an open bounty',
  byMail: 'Mail',
  submit: 'Add alert',
  remove: 'Remove',
  removeLabel: 'Remove alert {{n}}',
  item: 'Alert {{n}}',
  done: { created: 'Alert added.', removed: 'Alert removed.' },
  errors: {
    tooMany: 'Your team has reached the limit of alerts; remove one first.',
    noCriteria: 'Choose at least one field, or give keywords or a bounty range.',
    rangeInverted: 'The highest bounty cannot be below the lowest.',
    noChannel: 'Choose at least one way to be told.',
    bound: 'Give an amount in 10k yuan, e.g. 50 or 120.5.',
    keywords: {
      tooMany: 'At most 10 keywords.',
      tooLong: 'Each keyword has at most 30 characters.',
    },
  },
  mail: {
    subject: 'New challenge {{code}}: {{title}}',
    intro: 'A challenge matching your team’s alert has been published:',
    digestSubject: 'New challenges: {{count}} match your alerts',
    digestIntro:
      '{{count}} challenge(s) matching your team’s alerts were published in the past day:',
    unsubscribe: 'Unsubscribe from this alert:',
    manage: 'Manage your team’s alerts:',
  },
};
