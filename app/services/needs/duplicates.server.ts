// Duplicate needs (docs/decisions/035-duplicate-needs.md): the earlier needs most like a need,
// with a similarity figure, for the enterprise writing it and for the reviewer vetting it; and
// the reviewer's "duplicate of …", which returns the need through the lifecycle's return edge.
// Candidates are read with an explicit, bounded select and scored in JS (app/domain/
// need-similarity.ts), so SQLite and PostgreSQL list the same needs with the same figures.
import { PUBLIC_STATUSES } from '~/domain/need';
import { mostSimilar, probeTokens } from '~/domain/need-similarity';
import { getT, type Locale } from '~/i18n/i18n';
import type { Db } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import { command } from '~/services/kernel/command.server';
import { lockChallenge } from '~/services/kernel/locks.server';
import { Refused } from '~/services/kernel/refusal';
import { transition } from './needs.server';

/** The newest earlier needs of the same field that are scored. */
export const SAME_FIELD_CANDIDATES = 300;
/** The newest earlier needs of any field sharing a title word that are scored besides. */
export const PROBE_CANDIDATES = 100;

/** Who looks: staff see every earlier need; an enterprise, public challenges and its own. */
export type Viewer = { kind: 'staff' } | { kind: 'enterprise'; organizationId: string };

const candidateSelect = {
  id: true,
  ref: true,
  code: true,
  title: true,
  titleEn: true,
  background: true,
  status: true,
  enterpriseId: true,
  createdAt: true,
} as const;

/** Earlier than a need: created before it (the same instant: the smaller id). */
function earlierThan(need: { id: string; createdAt: Date }) {
  return {
    OR: [{ createdAt: { lt: need.createdAt } }, { createdAt: need.createdAt, id: { lt: need.id } }],
  };
}

const isPublic = (status: string) => (PUBLIC_STATUSES as readonly string[]).includes(status);

export type SimilarNeed = {
  id: string;
  ref: string;
  code: string | null;
  title: string;
  titleEn: string | null;
  status: string;
  similarity: number;
  /** where the viewer reads it */
  href: string;
};

/**
 * The earlier needs most like need `id` (none for an unknown id), at most five, each with its
 * figure. Drafts are never candidates; an enterprise is shown only public challenges and its
 * own needs, so another enterprise's unpublished need does not leak.
 */
export async function similarNeeds(db: Db, id: string, viewer: Viewer): Promise<SimilarNeed[]> {
  const need = await db.challenge.findUnique({
    where: { id },
    select: {
      id: true,
      title: true,
      titleEn: true,
      background: true,
      field: true,
      createdAt: true,
      enterpriseId: true,
    },
  });
  if (!need) return [];
  if (viewer.kind === 'enterprise' && need.enterpriseId !== viewer.organizationId) return [];
  const visible =
    viewer.kind === 'staff'
      ? {}
      : {
          OR: [
            { status: { in: [...PUBLIC_STATUSES] }, code: { not: null } },
            { enterpriseId: viewer.organizationId },
          ],
        };
  const base = [earlierThan(need), visible, { status: { not: 'DRAFT' } }, { id: { not: id } }];
  const order = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];
  const probes = probeTokens(need);
  const [sameField, probed] = await Promise.all([
    db.challenge.findMany({
      where: { AND: [...base, { field: need.field }] },
      orderBy: order,
      take: SAME_FIELD_CANDIDATES,
      select: candidateSelect,
    }),
    probes.length
      ? db.challenge.findMany({
          where: {
            AND: [
              ...base,
              { field: { not: need.field } },
              { OR: probes.map((p) => ({ searchText: { contains: p } })) },
            ],
          },
          orderBy: order,
          take: PROBE_CANDIDATES,
          select: candidateSelect,
        })
      : Promise.resolve([]),
  ]);
  return mostSimilar(need, [...sameField, ...probed]).map((c) => ({
    id: c.id,
    ref: c.ref,
    code: c.code,
    title: c.title,
    titleEn: c.titleEn,
    status: c.status,
    similarity: c.similarity,
    href:
      viewer.kind === 'staff'
        ? `/review/needs/${c.id}`
        : c.code && isPublic(c.status)
          ? `/challenges/${c.code}`
          : `/needs/${c.id}`,
  }));
}

/** The need a need was returned as a duplicate of, as the viewer may name and link it. */
export async function duplicateOf(db: Db, id: string, viewer: Viewer) {
  const need = await db.challenge.findUnique({
    where: { id },
    select: { enterpriseId: true, duplicateOfId: true },
  });
  if (!need?.duplicateOfId) return null;
  if (viewer.kind === 'enterprise' && need.enterpriseId !== viewer.organizationId) return null;
  const d = await db.challenge.findUnique({
    where: { id: need.duplicateOfId },
    select: candidateSelect,
  });
  if (!d) return null;
  const href =
    viewer.kind === 'staff'
      ? `/review/needs/${d.id}`
      : d.code && isPublic(d.status)
        ? `/challenges/${d.code}`
        : d.enterpriseId === viewer.organizationId
          ? `/needs/${d.id}`
          : null;
  return { ref: d.code ?? d.ref, title: d.title, titleEn: d.titleEn, href };
}

export type DuplicateRefusal = 'notFound' | 'invalidAction' | 'unknown' | 'self' | 'later';

/**
 * A reviewer marks need `id` as a duplicate of the earlier need `duplicateOf` (its reference
 * or public code): in one command, under the need's lock, the need is returned through the
 * lifecycle's return edge (its review-trail row, audit record and the enterprise's notice)
 * with a comment naming the earlier need, `duplicateOfId` is set, and the marking is audited.
 * Refused, with nothing written: an unknown (or draft) need, the need itself, a later need
 * (on the field `duplicateOf`), and a need not awaiting a decision.
 */
export function markDuplicate(
  db: Db,
  actor: Actor,
  id: string,
  input: { duplicateOf: string; note?: string },
  opts: { locale: Locale; origin?: string; now?: Date },
) {
  return command<{ duplicateOfId: string }, DuplicateRefusal>(
    db,
    { errors: 'duplicates.errors', actor, lock: (tx) => lockChallenge(tx, id) },
    async ({ tx, audit }) => {
      const need = await tx.challenge.findUnique({
        where: { id },
        select: { id: true, status: true, createdAt: true },
      });
      if (!need || need.status === 'DRAFT') throw new Refused('notFound');
      // as typed, or upper-cased (n-2021-001 is N-2021-001)
      const wanted = [
        ...new Set([input.duplicateOf.trim(), input.duplicateOf.trim().toUpperCase()]),
      ];
      const target = await tx.challenge.findFirst({
        where: {
          OR: [{ ref: { in: wanted } }, { code: { in: wanted } }],
          status: { not: 'DRAFT' },
        },
        select: { id: true, ref: true, code: true, title: true, createdAt: true },
      });
      if (!target) throw new Refused('unknown', { field: 'duplicateOf' });
      if (target.id === id) throw new Refused('self', { field: 'duplicateOf' });
      const earlier =
        target.createdAt.getTime() < need.createdAt.getTime() ||
        (target.createdAt.getTime() === need.createdAt.getTime() && target.id < need.id);
      if (!earlier) throw new Refused('later', { field: 'duplicateOf' });
      const t = getT(opts.locale);
      const reason = t('duplicates.returnComment', {
        ref: target.code ?? target.ref,
        title: target.title,
      });
      const note = input.note?.trim();
      const comment = note ? `${reason}\n${note}` : reason;
      // the return edge itself, joining this transaction: a need not awaiting a decision is
      // refused there, and the enterprise is notified with the comment
      await transition(tx, actor, id, 'return', { comment, origin: opts.origin, now: opts.now });
      await tx.challenge.update({ where: { id }, data: { duplicateOfId: target.id } });
      await audit({
        action: 'need.mark_duplicate',
        entityType: 'Challenge',
        entityId: id,
        data: { duplicateOfId: target.id, ref: target.ref, code: target.code },
      });
      return { duplicateOfId: target.id };
    },
  );
}
