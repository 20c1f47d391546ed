import type { notifications as zh } from '../zh/notifications';
import type { DeepStrings } from '../types';

export const notifications: DeepStrings<typeof zh> = {
  title: 'Notifications',
  empty: 'No notifications.',
  markRead: 'Mark all as read',
  unread: 'Unread',
  open: 'Open',
  mailFooter: 'Sign in to Jiebang for the details:',
  kinds: {
    needReturned: 'Your need “{{title}}” was returned for revision: {{comment}}',
    needPublished: 'Your need “{{title}}” was approved and published as challenge {{code}}.',
    needRejected: 'Your need “{{title}}” was not accepted: {{comment}}',
    questionAsked: 'Challenge {{code}} has a new clarification question.',
    questionAnswered: 'Your question on challenge {{code}} has been answered.',
    questionHidden: 'Your question on challenge {{code}} was hidden by the bureau.',
  },
};
