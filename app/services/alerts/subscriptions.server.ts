// A team's alert subscriptions (docs/decisions/027-team-alerts.md): the list its members see,
// adding one (at most MAX_SUBSCRIPTIONS, counted under the team's lock), removing one, and the
// mail's unsubscribe link, which needs no sign-in: its signed token names the subscription.
import {
  isMailMode,
  MAX_SUBSCRIPTIONS,
  pickFields,
  type AlertChannels,
  type AlertCriteria,
} from '~/domain/alerts';
import { signToken, verifyToken } from '~/lib/crypto/signed-token.server';
import type { Db, Tx } from '~/lib/db.server';
import { toFenOrNull } from '~/lib/fen';
import type { Actor } from '~/services/kernel/actor';
import { command } from '~/services/kernel/command.server';
import { lockOrganization } from '~/services/kernel/locks.server';
import { Refused } from '~/services/kernel/refusal';

const UNSUBSCRIBE = 'alerts.unsubscribe';

/** The path of a subscription's unsubscribe link (the origin is the mail's). */
export function unsubscribePath(subscriptionId: string): string {
  return `/alerts/unsubscribe/${signToken(UNSUBSCRIBE, subscriptionId)}`;
}

export const SUBSCRIPTION_SELECT = {
  id: true,
  fields: true,
  keywords: true,
  minBountyFen: true,
  maxBountyFen: true,
  includeOpen: true,
  inApp: true,
  mail: true,
} as const;

type StoredSubscription = {
  id: string;
  fields: string;
  keywords: string;
  minBountyFen: bigint | null;
  maxBountyFen: bigint | null;
  includeOpen: boolean;
  inApp: boolean;
  mail: string;
};

function jsonList(text: string): unknown[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** A stored subscription as the domain reads it. */
export function subscriptionOf(
  row: StoredSubscription,
): AlertCriteria & AlertChannels & { id: string } {
  return {
    id: row.id,
    fields: pickFields(jsonList(row.fields)),
    keywords: jsonList(row.keywords).filter((k): k is string => typeof k === 'string'),
    minBountyFen: toFenOrNull(row.minBountyFen),
    maxBountyFen: toFenOrNull(row.maxBountyFen),
    includeOpen: row.includeOpen,
    inApp: row.inApp,
    mail: isMailMode(row.mail) ? row.mail : 'NONE',
  };
}

/** The team's subscriptions in force, oldest first, and how many more it may add. */
export async function teamAlerts(db: Db, organizationId: string) {
  const rows = await db.alertSubscription.findMany({
    where: { organizationId, endedAt: null },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: SUBSCRIPTION_SELECT,
  });
  return { subscriptions: rows.map(subscriptionOf), max: MAX_SUBSCRIPTIONS };
}

function activeCount(tx: Tx, organizationId: string) {
  return tx.alertSubscription.count({ where: { organizationId, endedAt: null } });
}

/** A member of a team adds a subscription (validated by app/forms/alerts.ts). */
export function createAlert(
  db: Db,
  actor: Actor,
  input: { criteria: AlertCriteria; channels: AlertChannels },
) {
  const org = actor.organizationId;
  return command<{ id: string }, 'notFound' | 'tooMany'>(
    db,
    { errors: 'alerts.errors', actor, lock: (tx) => lockOrganization(tx, org) },
    async ({ tx, audit }) => {
      if (actor.role !== 'TEAM') throw new Refused('notFound');
      if ((await activeCount(tx, org)) >= MAX_SUBSCRIPTIONS) throw new Refused('tooMany');
      const { criteria: c, channels } = input;
      const row = await tx.alertSubscription.create({
        data: {
          organizationId: org,
          fields: JSON.stringify(c.fields),
          keywords: JSON.stringify(c.keywords),
          minBountyFen: c.minBountyFen === null ? null : BigInt(c.minBountyFen),
          maxBountyFen: c.maxBountyFen === null ? null : BigInt(c.maxBountyFen),
          includeOpen: c.includeOpen,
          inApp: channels.inApp,
          mail: channels.mail,
          createdById: actor.id,
        },
        select: { id: true },
      });
      await audit({
        action: 'alert.create',
        entityType: 'AlertSubscription',
        entityId: row.id,
        data: { ...c, ...channels },
      });
      return { id: row.id };
    },
  );
}

/** Ends a subscription in force; how many it ended (0: none such, or ended already). */
function end(tx: Tx, id: string) {
  return tx.alertSubscription.updateMany({
    where: { id, endedAt: null },
    data: { endedAt: new Date() },
  });
}

/** A member removes one of the team's subscriptions; another team's answers `notFound`. */
export function removeAlert(db: Db, actor: Actor, id: string) {
  const org = actor.organizationId;
  return command<object, 'notFound'>(
    db,
    { errors: 'alerts.errors', actor, lock: (tx) => lockOrganization(tx, org) },
    async (ctx) => {
      const row = await ctx.tx.alertSubscription.findFirst({
        where: { id, organizationId: org, endedAt: null },
        select: { id: true },
      });
      if (!row || actor.role !== 'TEAM') throw new Refused('notFound');
      await end(ctx.tx, id);
      await ctx.audit({ action: 'alert.remove', entityType: 'AlertSubscription', entityId: id });
      return {};
    },
  );
}

/**
 * What the unsubscribe page shows for a link: the subscription and its team, or null for a
 * token that is not one this server signed (altered, forged, of another purpose).
 */
export async function unsubscribeView(db: Db, token: string) {
  const id = verifyToken(UNSUBSCRIBE, token);
  if (!id) return null;
  const row = await db.alertSubscription.findUnique({
    where: { id },
    select: {
      ...SUBSCRIPTION_SELECT,
      endedAt: true,
      organization: { select: { name: true, nameEn: true } },
    },
  });
  if (!row) return null;
  return {
    subscription: subscriptionOf(row),
    team: row.organization.name,
    teamEn: row.organization.nameEn,
    ended: row.endedAt !== null,
  };
}

/**
 * Ends the subscription a link's token names, signed in or not. Idempotent: a second click
 * finds it ended and changes nothing (`already`). A token this server did not sign is refused
 * and changes nothing.
 */
export function unsubscribe(db: Db, token: string) {
  const id = verifyToken(UNSUBSCRIBE, token);
  return command<{ already: boolean }, 'invalidToken'>(
    db,
    { errors: 'alerts.errors' },
    async (ctx) => {
      if (!id) throw new Refused('invalidToken');
      const row = await ctx.tx.alertSubscription.findUnique({
        where: { id },
        select: { organizationId: true },
      });
      if (!row) throw new Refused('invalidToken');
      await lockOrganization(ctx.tx, row.organizationId);
      const n = await end(ctx.tx, id);
      if (n.count === 0) return { already: true };
      await ctx.audit({
        action: 'alert.unsubscribe',
        entityType: 'AlertSubscription',
        entityId: id,
        data: { via: 'mail link' },
      });
      return { already: false };
    },
  );
}
