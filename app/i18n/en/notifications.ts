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
    appealRemedy: {
      reopened:
        'An appeal on challenge {{code}} was upheld: the application is evaluated again by experts who did not review it before.',
      reevaluated: 'The re-evaluation of an appeal on challenge {{code}} is complete.',
      place:
        'The re-evaluation of your appeal on challenge {{code}} earns a place; the bureau will choose the remedy.',
      noPlace:
        'The re-evaluation of your appeal on challenge {{code}} does not earn a place; the decision stands.',
      proposed: 'A remedy for an appeal on challenge {{code}} waits for approval.',
      rejected:
        'The remedy proposed for an appeal on challenge {{code}} was not approved: {{comment}}',
      approved: 'The remedy for an appeal on challenge {{code}} was approved.',
      remedied:
        'The remedy for your appeal on challenge {{code}} was approved: your application is awarded.',
      replaced:
        'An upheld appeal takes the place of your award on challenge {{code}}, which had no contract yet.',
    },
    challengeAlert: 'New challenge {{code}} “{{title}}” matches an alert of your team.',
    needReturned: 'Your need “{{title}}” was returned for revision: {{comment}}',
    needPublished: 'Your need “{{title}}” was approved and published as challenge {{code}}.',
    needRejected: 'Your need “{{title}}” was not accepted: {{comment}}',
    questionAsked: 'Challenge {{code}} has a new clarification question.',
    questionAnswered: 'Your question on challenge {{code}} has been answered.',
    questionHidden: 'Your question on challenge {{code}} was hidden by the bureau.',
    questionRestored: 'Your question on challenge {{code}} is shown again.',
    applicationsClosedEarly:
      'The bureau closed applications to challenge {{code}} “{{title}}” early: {{comment}}',
    applicationReceived: 'Challenge {{code}} has a new application.',
    applicationWithdrawn: 'An application to challenge {{code}} was withdrawn.',
    applicationShortlisted: 'Your application to challenge {{code}} is under expert review.',
    applicationDeclined:
      'Your application to challenge {{code}} was not chosen. Within 7 days you may read the reviews and appeal.',
    reviewAssigned: 'You are asked to review applications to challenge {{code}}.',
    reviewAssignedMany: 'You are asked to review {{count}} applications, due {{due}}.',
    reviewDueSoon: 'Reminder: your review of {{team}} for challenge {{code}} is due on {{due}}.',
    reviewDueToday:
      'Reminder: your review of {{team}} for challenge {{code}} is due today ({{due}}).',
    awardProposed: 'An award on challenge {{code}} waits for approval.',
    awardApproved: 'Congratulations! Your application to challenge {{code}} was approved.',
    awardRejected: 'The proposed award on challenge {{code}} was not approved: {{comment}}',
    appealReceived: 'Challenge {{code}} has an appeal.',
    appealResolved: 'Your appeal on challenge {{code}} was decided: {{comment}}',
    stageGateDecided: 'Stage gate of challenge {{code}}: {{comment}}',
    contractCreated: 'Contract {{contract}} has been registered.',
    milestoneDelivered:
      'Milestone “{{title}}” of contract {{contract}} was delivered and waits for acceptance.',
    milestoneAccepted: 'Milestone “{{title}}” of contract {{contract}} was accepted.',
    milestoneRejected:
      'Milestone “{{title}}” of contract {{contract}} was not accepted: {{comment}}',
    milestoneConfirmed:
      'Milestone “{{title}}” of contract {{contract}} was confirmed by the bureau.',
    offerMade: 'New offer in the bounty negotiation of challenge {{code}}: {{amount}} × 10k yuan.',
    offerAccepted:
      'The bounty negotiation of challenge {{code}} is settled: your offer of {{amount}} × 10k yuan was accepted.',
    contractAccepted:
      'Every milestone of contract {{contract}} is accepted and confirmed: the contract is accepted.',
    contractTerminated: 'Contract {{contract}} was terminated by the bureau: {{comment}}',
    vacancy: {
      vacatedTeam: 'Your award on challenge {{code}} (slot {{slot}}) is vacated.',
      vacatedEnterprise:
        'Slot {{slot}} of challenge {{code}} is vacated; the bureau will arrange the next-ranked team.',
      vacatedStaff:
        'Slot {{slot}} of challenge {{code}} is vacated and can be filled by promotion.',
      promotionProposed: 'A promotion on challenge {{code}} awaits approval.',
      promotionRejected: 'A promotion on challenge {{code}} was rejected: {{comment}}',
      promoted:
        'Congratulations! Your application to challenge {{code}} was promoted to an award; please sign the contract.',
      slotFilled: 'Slot {{slot}} of challenge {{code}} was filled by promotion.',
    },
    disbursement: {
      paid: 'The reward instalment of {{amount}} × 10k yuan for milestone “{{title}}” of contract {{contract}} was paid (transfer date {{date}}).',
      failed:
        'The reward payment for milestone “{{title}}” of contract {{contract}} did not go through: {{comment}}. The bureau will arrange it again.',
    },
  },
};
