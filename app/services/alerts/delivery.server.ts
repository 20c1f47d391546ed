// Telling teams of newly published challenges (docs/decisions/027-team-alerts.md).
//
// - Publishing a challenge enqueues one outbox job for it in the publishing transaction
//   (enqueueChallengeAlerts): a rolled-back publication leaves none, a committed one cannot lose
//   it, and its idempotency key makes it one job however often it is asked for.
// - A worker claims the job (app/lib/outbox.server.ts: one claimant on any number of instances,
//   SQLite or PostgreSQL), reads the subscriptions in force, and writes in one transaction with
//   the job's end: one AlertDelivery per member and challenge (unique), the in-app notice, and
//   the mail of an immediate subscription, in the member's language with an unsubscribe link.
// - Daily subscriptions' deliveries wait for the day's digest job (key: the Shanghai date, due
//   at DIGEST_HOUR), which mails each member one list of them and marks them digested in the
//   same transaction.
import {
  digestSlot,
  matches,
  mergeChannels,
  type AlertChannels,
  type MailMode,
} from '~/domain/alerts';
import { formatWan } from '~/domain/money';
import { getT, type Locale } from '~/i18n/i18n';
import type { Db, Tx } from '~/lib/db.server';
import { trustedOrigin } from '~/lib/env.server';
import { toFenOrNull } from '~/lib/fen';
import { deliver, queueMail } from '~/lib/mail.server';
import {
  enqueue,
  runOutbox,
  type ClaimedJob,
  type Handlers,
  type OutboxHandler,
  type RunOptions,
} from '~/lib/outbox.server';
import { SUBSCRIPTION_SELECT, subscriptionOf, unsubscribePath } from './subscriptions.server';

export const CHALLENGE_JOB = 'alerts.challenge';
export const DIGEST_JOB = 'alerts.digest';

/** Called in the transaction that publishes the challenge. */
export async function enqueueChallengeAlerts(tx: Tx, challengeId: string) {
  await enqueue(tx, {
    kind: CHALLENGE_JOB,
    idempotencyKey: `${CHALLENGE_JOB}:${challengeId}`,
    payload: { challengeId },
  });
}

const CHALLENGE_SELECT = {
  id: true,
  code: true,
  title: true,
  titleEn: true,
  field: true,
  searchText: true,
  bountyFen: true,
  status: true,
} as const;

type Recipient = { id: string; email: string; locale: string };
type ChallengeRow = {
  code: string | null;
  title: string;
  titleEn: string | null;
  field: string;
  bountyFen: bigint | null;
};

const localeOf = (u: { locale: string }): Locale => (u.locale === 'en' ? 'en' : 'zh');
const titleIn = (locale: Locale, c: ChallengeRow) =>
  locale === 'en' && c.titleEn ? c.titleEn : c.title;

/** One challenge as a mail lists it: code, title, field, bounty, then its page's address. */
function challengeLines(locale: Locale, c: ChallengeRow, origin: string): string {
  const t = getT(locale);
  const fen = toFenOrNull(c.bountyFen);
  const bounty =
    fen === null ? t('money.open') : t('money.wan', { amount: formatWan(fen, locale) });
  const field = t(`fields.${c.field}` as 'fields.新材料', { defaultValue: c.field });
  return `${c.code} ${titleIn(locale, c)}\n${field} · ${bounty}\n${origin}/challenges/${c.code}`;
}

/** The end of every alert mail: the unsubscribe link(s) and where the team manages alerts. */
function footer(locale: Locale, subscriptionIds: readonly string[], origin: string): string {
  const t = getT(locale);
  return [
    '--',
    ...subscriptionIds.map(
      (id) => `${t('alerts.mail.unsubscribe')} ${origin}${unsubscribePath(id)}`,
    ),
    `${t('alerts.mail.manage')} ${origin}/account/alerts`,
  ].join('\n');
}

function immediateMail(user: Recipient, c: ChallengeRow, subscriptionId: string, origin: string) {
  const locale = localeOf(user);
  const t = getT(locale);
  return {
    to: user.email,
    subject: t('alerts.mail.subject', { code: c.code, title: titleIn(locale, c) }).slice(0, 200),
    text: `${t('alerts.mail.intro')}\n\n${challengeLines(locale, c, origin)}\n\n${footer(locale, [subscriptionId], origin)}`,
  };
}

type Planned = { user: Recipient; channels: AlertChannels & { subscriptionId: string } };

/** Who hears of the challenge and how: each active member of a team with a matching subscription. */
async function plan(
  db: Db,
  challenge: { field: string; searchText: string; bountyFen: bigint | null },
): Promise<Planned[]> {
  const subscriptions = await db.alertSubscription.findMany({
    where: { endedAt: null, organization: { kind: 'TEAM' } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      ...SUBSCRIPTION_SELECT,
      organization: {
        select: {
          users: {
            where: { disabledAt: null, role: 'TEAM' },
            select: { id: true, email: true, locale: true },
          },
        },
      },
    },
  });
  const target = {
    field: challenge.field,
    searchText: challenge.searchText,
    bountyFen: toFenOrNull(challenge.bountyFen),
  };
  const byUser = new Map<string, { user: Recipient; subs: ReturnType<typeof subscriptionOf>[] }>();
  for (const row of subscriptions) {
    const sub = subscriptionOf(row);
    if (!matches(sub, target)) continue;
    for (const user of row.organization.users) {
      const entry = byUser.get(user.id) ?? { user, subs: [] };
      entry.subs.push(sub);
      byUser.set(user.id, entry);
    }
  }
  return [...byUser.values()].map(({ user, subs }) => ({ user, channels: mergeChannels(subs)! }));
}

const challengeHandler: OutboxHandler<{ challengeId: string }> = {
  async run(job, { db }) {
    const challenge = await db.challenge.findUnique({
      where: { id: job.payload.challengeId },
      select: CHALLENGE_SELECT,
    });
    if (!challenge || challenge.status !== 'PUBLISHED' || !challenge.code)
      return { note: 'not published: nobody told' };
    const planned = await plan(db, challenge);
    const origin = trustedOrigin();
    const mailIds: string[] = [];
    return {
      note: `${planned.length} member(s) matched`,
      async effect(tx) {
        // a member told already (by an earlier run whose end was lost) is not told again; the
        // unique (userId, challengeId) would refuse the second delivery anyway
        const told = new Set(
          (
            await tx.alertDelivery.findMany({
              where: { challengeId: challenge.id },
              select: { userId: true },
            })
          ).map((d) => d.userId),
        );
        for (const { user, channels } of planned) {
          if (told.has(user.id)) continue;
          await tx.alertDelivery.create({
            data: {
              userId: user.id,
              challengeId: challenge.id,
              subscriptionId: channels.subscriptionId,
              mail: channels.mail,
            },
          });
          if (channels.inApp)
            await tx.notification.create({
              data: {
                userId: user.id,
                kind: 'challengeAlert',
                payload: JSON.stringify({
                  code: challenge.code,
                  title: titleIn(localeOf(user), challenge),
                }),
                link: `/challenges/${challenge.code}`,
              },
            });
          if (channels.mail === 'IMMEDIATE')
            mailIds.push(
              await queueMail(tx, immediateMail(user, challenge, channels.subscriptionId, origin)),
            );
        }
      },
      afterCommit: () => deliver(db, mailIds),
    };
  },
};

/** At most this many waiting deliveries go into one day's digests (the rest: the next day's). */
const DIGEST_BATCH = 20_000;

const digestHandler: OutboxHandler<{ day: string }> = {
  async run(_job: ClaimedJob<{ day: string }>, { db, now }) {
    const waiting = await db.alertDelivery.findMany({
      where: { mail: 'DAILY' satisfies MailMode, digestedAt: null, createdAt: { lte: now } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: DIGEST_BATCH,
      select: {
        id: true,
        userId: true,
        subscriptionId: true,
        user: { select: { id: true, email: true, locale: true, disabledAt: true } },
        subscription: { select: { endedAt: true } },
        challenge: {
          select: { code: true, title: true, titleEn: true, field: true, bountyFen: true },
        },
      },
    });
    const byUser = new Map<string, typeof waiting>();
    for (const d of waiting) byUser.set(d.userId, [...(byUser.get(d.userId) ?? []), d]);
    const origin = trustedOrigin();
    const mailIds: string[] = [];
    return {
      note: `${waiting.length} delivery(ies) for ${byUser.size} member(s)`,
      async effect(tx) {
        for (const items of byUser.values()) {
          const user = items[0]!.user;
          // each is marked whatever happens to it: a digest never lists a challenge twice
          const n = await tx.alertDelivery.updateMany({
            where: { id: { in: items.map((d) => d.id) }, digestedAt: null },
            data: { digestedAt: now },
          });
          // a subscription ended since, or a member disabled: nothing is sent
          const live = items.filter((d) => d.subscription.endedAt === null);
          if (n.count !== items.length || user.disabledAt || live.length === 0) continue;
          const locale = localeOf(user);
          const t = getT(locale);
          const list = live.map((d) => challengeLines(locale, d.challenge, origin)).join('\n\n');
          const subs = [...new Set(live.map((d) => d.subscriptionId))];
          mailIds.push(
            await queueMail(tx, {
              to: user.email,
              subject: t('alerts.mail.digestSubject', { count: live.length }),
              text: `${t('alerts.mail.digestIntro', { count: live.length })}\n\n${list}\n\n${footer(locale, subs, origin)}`,
            }),
          );
        }
      },
      afterCommit: () => deliver(db, mailIds),
    };
  },
};

export const alertHandlers = {
  [CHALLENGE_JOB]: challengeHandler,
  [DIGEST_JOB]: digestHandler,
} as Handlers;

function isUniqueViolation(error: unknown) {
  return (error as { code?: unknown } | null)?.code === 'P2002';
}

/**
 * Makes sure the digest job of `now`'s day exists (due at DIGEST_HOUR, Asia/Shanghai). Every
 * instance asks; the key makes it one job, and the loser of a simultaneous insert lets it be.
 */
export async function ensureDigestJob(db: Db, now = new Date()) {
  const { day, dueAt } = digestSlot(now);
  const idempotencyKey = `${DIGEST_JOB}:${day}`;
  if (await db.outboxJob.findUnique({ where: { idempotencyKey }, select: { id: true } })) return;
  try {
    await db.$transaction((tx) =>
      enqueue(tx, { kind: DIGEST_JOB, idempotencyKey, payload: { day }, runAfter: dueAt }),
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
}

/** Runs the due alert jobs once (the worker's tick; tests call it with their clock). */
export function runAlerts(db: Db, options: Omit<RunOptions, 'db' | 'handlers'> = {}) {
  return runOutbox({ ...options, db, handlers: alertHandlers });
}

// Waking this process's alerts worker right after a publication commits (the job is invisible
// before that); without a worker the request is a no-op and the next poll finds the job.
let wake: (() => void) | undefined;

export function setAlertsWaker(fn: (() => void) | undefined): void {
  wake = fn;
}

export function requestAlertsRun(): void {
  wake?.();
}
