import type { review as zh } from '../zh/review';
import type { DeepStrings } from '../types';

export const review: DeepStrings<typeof zh> = {
  title: 'Bureau desk',
  nav: { needs: 'Vetting needs', events: 'Matching events' },
  queue: {
    title: 'Needs to vet',
    lead: 'Needs submitted by enterprises, oldest first.',
    status: 'Status',
    field: 'Field',
    bounty: 'Bounty',
    all: 'All',
    filter: 'Filter',
    enterprise: 'Enterprise',
    submitted: 'Submitted',
    waiting: 'Waiting',
    days: '{{count}} days',
    empty: 'Nothing waiting.',
    total: '{{count}} in total',
  },
  decision: {
    title: 'Decision',
    comment: 'Comment (required to return or reject; the enterprise is told)',
    publish: 'Approve and publish',
    return: 'Return for revision',
    reject: 'Reject',
    done: {
      publish: 'Published as {{code}}.',
      return: 'Returned to the enterprise.',
      reject: 'Rejected.',
    },
    decided: 'This need has been decided (status: {{status}}).',
  },
};
