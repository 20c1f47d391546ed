// Needs from draft to published challenge: the enterprise writes and submits, the bureau
// returns, rejects or publishes. Each transition is checked against the need lifecycle's
// table (app/domain/need.ts) and commits with its review-trail row and audit record.
import {
  canCloseEarly,
  formatChallengeCode,
  isNeedStatus,
  parseChallengeCode,
  transitionNeed,
  type NeedAction,
  type NeedStatus,
} from '~/domain/need';
import type { Role } from '~/domain/roles';
import { buildSearchText } from '~/domain/search';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { TransitionError } from '~/domain/lifecycle';
import { QUEUE_STATUSES, type NeedInput } from '~/forms/needs';
import type { Db, Tx } from '~/lib/db.server';
import { deleteStoredFile, saveAttachment } from '~/services/attachments/attachments.server';
import { audit } from '~/services/kernel/audit.server';
import { nextInSeries } from '~/lib/counters.server';
import { thenDeliver } from '~/lib/mail.server';
import { notifyOrganization } from '~/services/kernel/notify.server';

export type Actor = { id: string; role: Role; organizationId: string };

/** Editable by its enterprise while a draft or returned for revision. */
export const EDITABLE: readonly NeedStatus[] = ['DRAFT', 'RETURNED'];

const shanghaiYear = (d: Date) => Number(shanghaiDateString(d).slice(0, 4));

// waiting for the year's counter row counts against `timeout`, for a connection against `maxWait`
const TX_OPTIONS = { maxWait: 20_000, timeout: 30_000 };

export class ConflictError extends Error {
  constructor() {
    super('the need changed meanwhile');
  }
}

function needData(input: NeedInput, enterpriseName: string) {
  return {
    title: input.title,
    titleEn: input.titleEn,
    field: input.field,
    background: input.background,
    bountyType: input.bountyType,
    bountyFen: input.bountyFen === null ? null : BigInt(input.bountyFen),
    applicationDeadline: input.deadline,
    implementationMonths: input.implementationMonths,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    searchText: buildSearchText({ ...input, enterpriseName }),
  };
}

const NEED_REF = /^N-(\d{4})-(\d{3,})$/;

/** The largest number `parse` finds among `values`: 0 when there is none. */
function highestOf(values: readonly (string | null)[], parse: (v: string) => number | null) {
  return values.reduce((max, v) => Math.max(max, (v && parse(v)) || 0), 0);
}

/** The year's next need reference, N-2026-001 (docs/decisions/017). */
async function nextRef(tx: Tx, year: number) {
  const prefix = `N-${year}-`;
  const seq = await nextInSeries(tx, `need-ref:${year}`, async () => {
    const rows = await tx.challenge.findMany({
      where: { ref: { startsWith: prefix } },
      select: { ref: true },
    });
    return highestOf(
      rows.map((r) => r.ref),
      (ref) => Number(NEED_REF.exec(ref)?.[2] ?? 0),
    );
  });
  return `${prefix}${String(seq).padStart(3, '0')}`;
}

export async function createNeed(db: Db, actor: Actor, input: NeedInput, now = new Date()) {
  const org = await db.organization.findUniqueOrThrow({
    where: { id: actor.organizationId },
    select: { name: true },
  });
  return db.$transaction(async (tx) => {
    // the counter's update is the first statement: a write, so on SQLite the transaction
    // holds the write lock from its start (no read-to-write upgrade to fail)
    const ref = await nextRef(tx, shanghaiYear(now));
    const need = await tx.challenge.create({
      data: {
        ...needData(input, org.name),
        ref,
        enterpriseId: actor.organizationId,
        status: 'DRAFT',
        createdAt: now,
        targets: { create: input.targets.map((text, i) => ({ position: i + 1, text })) },
      },
      select: { id: true, ref: true },
    });
    await audit(tx, {
      actorId: actor.id,
      action: 'need.created',
      entityType: 'Challenge',
      entityId: need.id,
      data: { ref: need.ref },
    });
    return need;
  }, TX_OPTIONS);
}

/** The enterprise's own need, or null (another organisation's need is "not found"). */
export function findOwnNeed(db: Db | Tx, actor: Actor, id: string) {
  return db.challenge.findFirst({
    where: { id, enterpriseId: actor.organizationId },
    select: { id: true, status: true, ref: true, title: true },
  });
}

export async function updateNeed(
  db: Db,
  actor: Actor,
  id: string,
  input: NeedInput,
): Promise<'ok' | 'notFound' | 'notEditable'> {
  const org = await db.organization.findUniqueOrThrow({
    where: { id: actor.organizationId },
    select: { name: true },
  });
  return db.$transaction(async (tx) => {
    const need = await findOwnNeed(tx, actor, id);
    if (!need) return 'notFound';
    // the status guard in the WHERE makes an edit racing a submission fail instead of landing
    const updated = await tx.challenge.updateMany({
      where: { id, enterpriseId: actor.organizationId, status: { in: [...EDITABLE] } },
      data: needData(input, org.name),
    });
    if (updated.count !== 1) return 'notEditable';
    await tx.challengeTarget.deleteMany({ where: { challengeId: id } });
    await tx.challengeTarget.createMany({
      data: input.targets.map((text, i) => ({ challengeId: id, position: i + 1, text })),
    });
    await audit(tx, {
      actorId: actor.id,
      action: 'need.updated',
      entityType: 'Challenge',
      entityId: id,
    });
    return 'ok';
  });
}

/** The year's next challenge code, ZB-2026-001, taken at publication (docs/decisions/017). */
async function nextChallengeCode(tx: Tx, year: number) {
  const seq = await nextInSeries(tx, `challenge-code:${year}`, async () => {
    const rows = await tx.challenge.findMany({
      where: { code: { startsWith: `ZB-${year}-` } },
      select: { code: true },
    });
    return highestOf(
      rows.map((r) => r.code),
      (code) => parseChallengeCode(code)?.seq ?? null,
    );
  });
  return formatChallengeCode(year, seq);
}

export type TransitionResult =
  | { ok: true; status: NeedStatus; code?: string }
  | { ok: false; error: 'notFound' | 'invalid' | 'conflict' };

/**
 * Applies one action of the need lifecycle. Enterprise actions are limited to the actor's own
 * needs (others are "not found"); bureau actions to staff. The status-guarded update makes
 * concurrent decisions on the same need land at most once.
 */
export async function transition(
  db: Db,
  actor: Actor,
  id: string,
  action: NeedAction,
  opts: { comment?: string; origin?: string; now?: Date } = {},
): Promise<TransitionResult> {
  const now = opts.now ?? new Date();
  return thenDeliver(db, (queue) =>
    db
      .$transaction(async (tx): Promise<TransitionResult> => {
        const need = await tx.challenge.findUnique({
          where: { id },
          select: { id: true, status: true, title: true, enterpriseId: true, ref: true },
        });
        if (!need || (actor.role === 'ENTERPRISE' && need.enterpriseId !== actor.organizationId))
          return { ok: false, error: 'notFound' };
        let to: NeedStatus;
        try {
          to = transitionNeed(need.status as NeedStatus, action, actor.role);
        } catch (error) {
          if (error instanceof TransitionError)
            return { ok: false, error: error.code === 'FORBIDDEN_ACTOR' ? 'notFound' : 'invalid' };
          throw error;
        }
        const code =
          action === 'publish' ? await nextChallengeCode(tx, shanghaiYear(now)) : undefined;
        const updated = await tx.challenge.updateMany({
          where: { id, status: need.status },
          data: {
            status: to,
            ...(action === 'submit' || action === 'resubmit' ? { submittedAt: now } : {}),
            ...(action === 'publish' ? { code, publishedAt: now } : {}),
            ...(action === 'close' ? { closedAt: now } : {}),
          },
        });
        if (updated.count !== 1) throw new ConflictError();
        await tx.needReview.create({
          data: {
            challengeId: id,
            action,
            comment: opts.comment ?? null,
            actorId: actor.id,
            at: now,
          },
        });
        await audit(tx, {
          actorId: actor.id,
          action: `need.${action}`,
          entityType: 'Challenge',
          entityId: id,
          data: { from: need.status, to, code, comment: opts.comment },
        });
        const link = action === 'publish' ? `/challenges/${code}` : `/needs/${id}`;
        const kind =
          action === 'publish'
            ? 'needPublished'
            : action === 'return'
              ? 'needReturned'
              : action === 'reject'
                ? 'needRejected'
                : null;
        if (kind) {
          queue(
            await notifyOrganization(tx, need.enterpriseId, {
              kind,
              params: { title: need.title, code: code ?? '', comment: opts.comment ?? '' },
              link,
              origin: opts.origin,
            }),
          );
        }
        return { ok: true, status: to, code };
      })
      .catch((error) => {
        // another decision on the same need landed first
        if (error instanceof ConflictError)
          return { ok: false as const, error: 'conflict' as const };
        throw error;
      }),
  );
}

export type CloseEarlyResult =
  { ok: true; code: string } | { ok: false; error: 'notFound' | 'notOpen' };

/**
 * Bureau staff close a challenge's applications before its deadline, giving a reason, so that
 * expert review can start. The `close` edge of the lifecycle table, guarded by the status in
 * the update: of two staff closing at once, one closes and the other is told it is no longer
 * open, with one transition, one audit record and one round of notifications. The enterprise
 * and every team with a submitted application are notified (in-app and by mail, after commit).
 */
export async function closeApplicationsEarly(
  db: Db,
  actor: Actor,
  id: string,
  reason: string,
  opts: { origin?: string; now?: Date } = {},
): Promise<CloseEarlyResult> {
  const now = opts.now ?? new Date();
  return thenDeliver(db, (queue) =>
    db.$transaction(async (tx): Promise<CloseEarlyResult> => {
      const c = await tx.challenge.findUnique({
        where: { id },
        select: {
          status: true,
          code: true,
          title: true,
          applicationDeadline: true,
          enterpriseId: true,
        },
      });
      if (!c || !c.code || !isNeedStatus(c.status)) return { ok: false, error: 'notFound' };
      const decision = canCloseEarly(c.status, c.applicationDeadline, actor.role, now);
      if (!decision.ok) {
        return { ok: false, error: decision.reason === 'role' ? 'notFound' : 'notOpen' };
      }
      const to = transitionNeed(c.status, 'close', actor.role);
      const updated = await tx.challenge.updateMany({
        where: { id, status: c.status },
        data: { status: to, closedAt: now, closedReason: reason },
      });
      // another member of staff closed it meanwhile
      if (updated.count !== 1) return { ok: false, error: 'notOpen' };
      await tx.needReview.create({
        data: { challengeId: id, action: 'close', comment: reason, actorId: actor.id, at: now },
      });
      await audit(tx, {
        actorId: actor.id,
        action: 'need.close_early',
        entityType: 'Challenge',
        entityId: id,
        data: {
          from: c.status,
          to,
          code: c.code,
          reason,
          applicationDeadline: c.applicationDeadline.toISOString(),
        },
        at: now,
      });
      const applicants = await tx.application.findMany({
        where: { challengeId: id, status: 'SUBMITTED' },
        distinct: ['teamId'],
        select: { teamId: true },
      });
      const notice = {
        kind: 'applicationsClosedEarly' as const,
        params: { code: c.code, title: c.title, comment: reason },
        link: `/challenges/${c.code}`,
        origin: opts.origin,
      };
      for (const organizationId of [c.enterpriseId, ...applicants.map((a) => a.teamId)]) {
        queue(await notifyOrganization(tx, organizationId, notice));
      }
      return { ok: true, code: c.code };
    }),
  );
}

/** When and why the bureau closed a challenge's applications early; null when it did not. */
export async function earlyClosure(db: Db, id: string) {
  const c = await db.challenge.findUnique({
    where: { id },
    select: { closedAt: true, closedReason: true },
  });
  if (!c?.closedAt || c.closedReason === null) return null;
  return { closedAt: c.closedAt.toISOString(), reason: c.closedReason };
}

/** Everything the enterprise sees of its own need: the form's values, the trail, attachments. */
export async function getOwnNeed(db: Db, actor: Actor, id: string) {
  const need = await db.challenge.findFirst({
    where: { id, enterpriseId: actor.organizationId },
    select: {
      id: true,
      ref: true,
      code: true,
      status: true,
      title: true,
      titleEn: true,
      field: true,
      background: true,
      bountyType: true,
      bountyFen: true,
      applicationDeadline: true,
      implementationMonths: true,
      contactName: true,
      contactPhone: true,
      updatedAt: true,
      targets: { orderBy: { position: 'asc' }, select: { text: true } },
      reviews: { orderBy: { at: 'asc' }, select: { action: true, comment: true, at: true } },
    },
  });
  if (!need) return null;
  const attachments = await db.attachment.findMany({
    where: { ownerType: 'Challenge', ownerId: id },
    orderBy: { createdAt: 'asc' },
    select: { id: true, originalName: true, sizeBytes: true },
  });
  return { ...need, attachments };
}

export function needFormDefaults(need: NonNullable<Awaited<ReturnType<typeof getOwnNeed>>>) {
  return {
    title: need.title,
    titleEn: need.titleEn ?? '',
    field: need.field,
    background: need.background,
    targets: need.targets.map((t) => t.text),
    bountyType: need.bountyType as 'FIXED' | 'OPEN',
    bountyWan: need.bountyFen === null ? '' : formatWanPlain(Number(need.bountyFen)),
    applicationDeadline: shanghaiDateString(need.applicationDeadline),
    implementationMonths: String(need.implementationMonths),
    contactName: need.contactName,
    contactPhone: need.contactPhone,
  };
}

/** 万元 without thousands separators, exact, for a form field (1,234,500,000 fen → "1234.5"). */
function formatWanPlain(fen: number) {
  const whole = Math.floor(fen / 1_000_000);
  const rest = fen % 1_000_000;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(6, '0').replace(/0+$/, '')}`;
}

export function listOwnNeeds(db: Db, actor: Actor) {
  return db.challenge.findMany({
    where: { enterpriseId: actor.organizationId },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    select: {
      id: true,
      ref: true,
      code: true,
      title: true,
      status: true,
      applicationDeadline: true,
      updatedAt: true,
    },
  });
}

/** Attachments change with the need's text: only while it is editable. */
export async function addNeedAttachment(
  db: Db,
  actor: Actor,
  id: string,
  file: FormDataEntryValue | null,
) {
  const need = await findOwnNeed(db, actor, id);
  if (!need) return { ok: false as const, error: 'notFound' as const };
  if (!EDITABLE.includes(need.status as NeedStatus))
    return { ok: false as const, error: 'notEditable' as const };
  return db.$transaction(async (tx) => {
    const saved = await saveAttachment(tx, {
      ownerType: 'Challenge',
      ownerId: id,
      file,
      uploadedById: actor.id,
    });
    if (saved.ok) {
      await audit(tx, {
        actorId: actor.id,
        action: 'need.attachment_added',
        entityType: 'Challenge',
        entityId: id,
        data: { attachmentId: saved.attachment.id, name: saved.attachment.originalName },
      });
    }
    return saved;
  });
}

export async function removeNeedAttachment(db: Db, actor: Actor, id: string, attachmentId: string) {
  const need = await findOwnNeed(db, actor, id);
  if (!need) return 'notFound' as const;
  if (!EDITABLE.includes(need.status as NeedStatus)) return 'notEditable' as const;
  const removed = await db.$transaction(async (tx) => {
    const attachment = await tx.attachment.findFirst({
      where: { id: attachmentId, ownerType: 'Challenge', ownerId: id },
    });
    if (!attachment) return null;
    await tx.attachment.delete({ where: { id: attachment.id } });
    await audit(tx, {
      actorId: actor.id,
      action: 'need.attachment_removed',
      entityType: 'Challenge',
      entityId: id,
      data: { attachmentId, name: attachment.originalName },
    });
    return attachment;
  });
  if (!removed) return 'notFound' as const;
  await deleteStoredFile(removed.storedName);
  return 'ok' as const;
}

/** The bureau's vetting queue: oldest submission first. */
export async function vettingQueue(
  db: Db,
  filter: { status: string; field?: string; bounty?: string },
) {
  const where = {
    status: filter.status === 'all' ? { in: [...QUEUE_STATUSES] } : filter.status,
    ...(filter.field ? { field: filter.field } : {}),
    ...(filter.bounty === 'FIXED' || filter.bounty === 'OPEN' ? { bountyType: filter.bounty } : {}),
  };
  const [rows, total] = await Promise.all([
    db.challenge.findMany({
      where,
      orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
      take: 200,
      select: {
        id: true,
        ref: true,
        title: true,
        field: true,
        status: true,
        bountyFen: true,
        submittedAt: true,
        enterprise: { select: { name: true } },
      },
    }),
    db.challenge.count({ where }),
  ]);
  return { rows, total };
}

/** A need as the bureau sees it when deciding. */
export async function needForReview(db: Db, id: string) {
  const need = await db.challenge.findUnique({
    where: { id },
    select: {
      id: true,
      ref: true,
      code: true,
      status: true,
      title: true,
      titleEn: true,
      field: true,
      background: true,
      bountyFen: true,
      applicationDeadline: true,
      implementationMonths: true,
      contactName: true,
      contactPhone: true,
      submittedAt: true,
      enterprise: { select: { name: true, creditCode: true } },
      targets: { orderBy: { position: 'asc' }, select: { text: true } },
      reviews: { orderBy: { at: 'asc' }, select: { action: true, comment: true, at: true } },
    },
  });
  if (!need || need.status === 'DRAFT') return null;
  const attachments = await db.attachment.findMany({
    where: { ownerType: 'Challenge', ownerId: id },
    orderBy: { createdAt: 'asc' },
    select: { id: true, originalName: true, sizeBytes: true },
  });
  return { ...need, attachments };
}
