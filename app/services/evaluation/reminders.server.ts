// The reminder job's work (docs/decisions/028-review-due-dates.md): it tells an expert before
// the due day and on it, once per reminder however many instances run it.
import { OPEN_REVIEW_STATUSES } from '~/domain/evaluation';
import {
  DEFAULT_REMINDER_DAYS,
  reminderDue,
  reminderWindow,
  type DueAssignment,
} from '~/domain/review-due';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { getT } from '~/i18n/i18n';
import { isUniqueViolation, type Db } from '~/lib/db.server';
import { trustedOrigin } from '~/lib/env.server';
import { command } from '~/services/kernel/command.server';
import { lockChallenge } from '~/services/kernel/locks.server';
import { notificationText } from '~/services/kernel/notify.server';
import { assignmentOpen, challengeState, ERRORS, pendingReevaluation } from './shared.server';

/** What the reminder job reads of an assignment to decide, inside and outside its command. */
const reminderSelect = {
  id: true,
  round: true,
  dueAt: true,
  submittedAt: true,
  recusedAt: true,
  reviewer: { select: { id: true, email: true, locale: true, disabledAt: true } },
  application: {
    select: {
      status: true,
      challengeId: true,
      team: { select: { name: true, nameEn: true } },
      challenge: { select: challengeState },
      appeals: pendingReevaluation,
    },
  },
} as const;

function dueState(
  a: {
    round: number;
    dueAt: Date;
    submittedAt: Date | null;
    recusedAt: Date | null;
    application: {
      status: string;
      challenge: { status: string; applicationDeadline: Date };
      appeals: readonly unknown[];
    };
  },
  now: Date,
): DueAssignment {
  return {
    dueAt: a.dueAt,
    submittedAt: a.submittedAt,
    recusedAt: a.recusedAt,
    // as the scoring command decides it
    open: assignmentOpen(a, now),
  };
}

/** At most this many assignments per run; the next run takes the rest. */
const REMINDER_BATCH = 200;

export type ReminderRun = { sent: number; skipped: number };

/**
 * Sends the reminders due now: before the due day (`daysBefore` days ahead) and on it. Each
 * is claimed by its (assignment, kind) row under the challenge's lock, so of two instances
 * running at once exactly one sends it; the mail is in the expert's language, beside an
 * in-app notice.
 */
export async function sendDueReminders(
  db: Db,
  opts: { now?: Date; daysBefore?: number; origin?: string } = {},
): Promise<ReminderRun> {
  const now = opts.now ?? new Date();
  const daysBefore = opts.daysBefore ?? DEFAULT_REMINDER_DAYS;
  const { from, to } = reminderWindow(now, daysBefore);
  const candidates = await db.reviewAssignment.findMany({
    where: {
      dueAt: { gte: from, lt: to },
      submittedAt: null,
      recusedAt: null,
      application: { status: { in: [...OPEN_REVIEW_STATUSES] } },
    },
    orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
    take: REMINDER_BATCH,
    select: { ...reminderSelect, reminders: { select: { kind: true } } },
  });
  const run: ReminderRun = { sent: 0, skipped: 0 };
  for (const c of candidates) {
    const kind = reminderDue(dueState(c, now), now, daysBefore);
    if (!kind || c.reminders.some((r) => r.kind === kind)) continue;
    try {
      const r = await command(
        db,
        {
          errors: ERRORS,
          actor: null,
          lock: (tx) => lockChallenge(tx, c.application.challengeId),
        },
        async ({ tx, audit, mail }) => {
          // as it is now that the challenge is locked: another instance may have sent it
          const a = await tx.reviewAssignment.findUnique({
            where: { id: c.id },
            select: reminderSelect,
          });
          if (
            !a ||
            a.reviewer.disabledAt ||
            reminderDue(dueState(a, now), now, daysBefore) !== kind
          )
            return { sent: false };
          const claimed = await tx.assignmentReminder.findUnique({
            where: { assignmentId_kind: { assignmentId: a.id, kind } },
            select: { id: true },
          });
          if (claimed) return { sent: false };
          await tx.assignmentReminder.create({ data: { assignmentId: a.id, kind, sentAt: now } });
          const locale = a.reviewer.locale === 'en' ? 'en' : 'zh';
          const noticeKind = kind === 'due' ? 'reviewDueToday' : 'reviewDueSoon';
          const params = {
            code: a.application.challenge.code ?? '',
            team:
              locale === 'en'
                ? (a.application.team.nameEn ?? a.application.team.name)
                : a.application.team.name,
            due: shanghaiDateString(a.dueAt),
          };
          const link = `/review/assignments/${a.id}`;
          await tx.notification.create({
            data: {
              userId: a.reviewer.id,
              kind: noticeKind,
              payload: JSON.stringify(params),
              link,
            },
          });
          const t = getT(locale);
          const body = notificationText(locale, noticeKind, params);
          await mail({
            to: a.reviewer.email,
            subject: `${t('app.name')}: ${body.slice(0, 60)}`,
            text: `${body}\n${t('notifications.mailFooter')} ${opts.origin ?? trustedOrigin()}${link}`,
          });
          await audit({
            action: 'review.reminded',
            entityType: 'ReviewAssignment',
            entityId: a.id,
            data: { kind, dueAt: a.dueAt.toISOString() },
          });
          return { sent: true };
        },
      );
      if (r.ok && r.sent) run.sent++;
      else run.skipped++;
    } catch (error) {
      // the unique row is the last word: another instance committed this reminder first
      if (!isUniqueViolation(error)) throw error;
      run.skipped++;
    }
  }
  return run;
}
