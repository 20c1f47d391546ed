// "Done" notices after a change follow one convention (see app/components/done-notice.tsx):
// the action redirects to the page with `?done=<what happened>` (plus the few values the
// message names), and the page shows the matching translated notice. The URL carries the
// notice, so it survives the redirect, needs no session state and works without scripts.

export const DONE_PARAM = 'done';

/**
 * `path` (which may have a query already) with the notice `done` of `page`'s set and the values
 * its message names. Typed by page, so that a redirect cannot ask for a notice the page lacks.
 */
export function doneUrl<P extends DonePage>(
  page: P,
  path: string,
  done: DoneKey<P>,
  values: Record<string, string | number> = {},
): string {
  void page;
  const [pathname, query = ''] = path.split('?', 2);
  const params = new URLSearchParams(query);
  params.set(DONE_PARAM, done);
  for (const [name, value] of Object.entries(values)) params.set(name, String(value));
  return `${pathname}?${params}`;
}

/**
 * The page the request was sent from (its own query kept, a previous notice dropped), with the
 * notice added: for actions that answer on the page the form is on.
 */
export function doneHere<P extends DonePage>(
  page: P,
  request: Request,
  done: DoneKey<P>,
  values: Record<string, string | number> = {},
): string {
  const url = new URL(request.url);
  // single-fetch submissions arrive as /path.data?…&_routes=…; the browser shows /path?…
  const pathname = url.pathname.replace(/\.data$/, '') || '/';
  const params = new URLSearchParams(url.search);
  for (const name of [DONE_PARAM, 'index', '_data', '_routes', 'code']) params.delete(name);
  const query = params.toString();
  return doneUrl(page, query ? `${pathname}?${query}` : pathname, done, values);
}

// A value shown inside a notice comes from the URL, which anyone can write: only short codes,
// numbers and names of the kind our own redirects put there are shown.
const SAFE_VALUE = /^[\p{L}\p{N}_.-]{1,40}$/u;

/** The notice the URL asks for, if it is one of `known`, with the values it may show. */
export function readDone<K extends string>(
  search: URLSearchParams,
  known: readonly K[],
  valueNames: readonly string[] = [],
): { done: K; values: Record<string, string> } | null {
  const done = search.get(DONE_PARAM);
  if (!done || !(known as readonly string[]).includes(done)) return null;
  const values: Record<string, string> = {};
  for (const name of valueNames) {
    const value = search.get(name);
    values[name] = value && SAFE_VALUE.test(value) ? value : '';
  }
  return { done: done as K, values };
}

/** Every page's notices: `done` value → translation key (a test checks each key exists). */
export const DONE_MESSAGES = {
  need: {
    created: 'needs.done.created',
    updated: 'needs.done.updated',
    submit: 'needs.done.submit',
    resubmit: 'needs.done.resubmit',
    withdraw: 'needs.done.withdraw',
  },
  needDecision: {
    publish: 'review.decision.done.publish',
    return: 'review.decision.done.return',
    reject: 'review.decision.done.reject',
    funded: 'funding.done',
  },
  application: {
    created: 'applications.done.created',
    submitted: 'applications.done.submitted',
    submit: 'applications.done.submit',
    updated: 'applications.done.updated',
    withdraw: 'applications.done.withdraw',
    uploaded: 'applications.done.uploaded',
    removed: 'applications.done.removed',
  },
  appeal: { appealed: 'evaluation.feedback.appealed' },
  assignment: {
    scored: 'evaluation.assignment.scored',
    recused: 'evaluation.assignment.recusedDone',
  },
  awardDecision: {
    approved: 'evaluation.awardsDesk.approved',
    approvedAwarded: 'evaluation.awardsDesk.approvedAwarded',
    rejected: 'evaluation.awardsDesk.rejected',
  },
  contract: {
    registered: 'contractsDesk.done.registered',
    deliver: 'contractsDesk.done.deliver',
    redeliver: 'contractsDesk.done.redeliver',
    accept: 'contractsDesk.done.accept',
    reject: 'contractsDesk.done.reject',
    confirm: 'contractsDesk.done.confirm',
    start: 'contractsDesk.done.start',
    terminate: 'contractsDesk.done.terminate',
    requestPayment: 'payments.done.requestPayment',
    retryPayment: 'payments.done.retryPayment',
    approvePayment: 'payments.done.approvePayment',
    recordTransfer: 'payments.done.recordTransfer',
    recordTransferUnchanged: 'payments.done.recordTransferUnchanged',
    failPayment: 'payments.done.failPayment',
    reversePayment: 'payments.done.reversePayment',
    tech_submit: 'techRegistration.done.submit',
    tech_resubmit: 'techRegistration.done.resubmit',
    tech_register: 'techRegistration.done.register',
    tech_reject: 'techRegistration.done.reject',
    tech_amend: 'techRegistration.done.amend',
  },
  negotiation: {
    offer: 'contractsDesk.done.offer',
    accepted: 'contractsDesk.done.accepted',
  },
  eventList: { deleted: 'eventsAdmin.notices.deleted' },
  event: {
    created: 'eventsAdmin.notices.created',
    updated: 'eventsAdmin.notices.updated',
    attached: 'eventsAdmin.notices.attached',
    detached: 'eventsAdmin.notices.detached',
    matchRecorded: 'eventsAdmin.notices.matchRecorded',
    matchRemoved: 'eventsAdmin.notices.matchRemoved',
  },
  questions: {
    asked: 'questions.notices.asked',
    answered: 'questions.notices.answered',
    edited: 'questions.notices.edited',
    hidden: 'questions.notices.hidden',
    unhidden: 'questions.notices.unhidden',
    unchanged: 'questions.notices.unchanged',
  },
  challengeDesk: {
    criteriaSaved: 'evaluation.desk.criteria.saved',
    slotsSaved: 'evaluation.desk.slots.saved',
    assigned: 'evaluation.desk.assign.done',
    unassigned: 'evaluation.desk.assign.removed',
    shortlisted: 'evaluation.desk.ranking.shortlisted',
    declined: 'evaluation.desk.ranking.declined',
    proposed: 'evaluation.desk.ranking.proposedNotice',
    finalized: 'evaluation.desk.awards.finalized',
    unawarded: 'evaluation.desk.awards.unawarded',
    stageGateRecorded: 'evaluation.stageGate.recorded',
    closedEarly: 'evaluation.desk.closeEarly.done',
  },
  reviewExperts: {
    assigned: 'reviewDue.experts.notices.assigned',
    reassigned: 'reviewDue.experts.notices.reassigned',
    redated: 'reviewDue.experts.notices.redated',
  },
  stripeOnboarding: {
    stripeReturned: 'paymentsAccount.returned',
    stripeExpired: 'paymentsAccount.expired',
  },
  password: { changed: 'account.passwordChanged' },
  // the address stays out of the URL (history, logs): the pending invitations list shows it
  members: { invited: 'account.inviteSent' },
  users: {
    invited: 'admin.staffInvited',
    disabled: 'admin.userDisabled',
    enabled: 'admin.userEnabled',
    roleChanged: 'admin.roleChanged',
    secondFactorReset: 'admin.secondFactorReset',
  },
  passwordForgot: { sent: 'auth.forgotSent' },
  alerts: { created: 'alerts.done.created', removed: 'alerts.done.removed' },
  vacancyDesk: {
    unsigned: 'vacancies.done.unsigned',
    proposed: 'vacancies.done.proposed',
    approved: 'vacancies.done.approved',
    rejected: 'vacancies.done.rejected',
  },
  awardDecline: { declined: 'vacancies.done.declined' },
} as const satisfies Record<string, Record<string, string>>;

export type DonePage = keyof typeof DONE_MESSAGES;
export type DoneKey<P extends DonePage> = keyof (typeof DONE_MESSAGES)[P] & string;
