// The seed's needs (with their targets and review trail) and matching events (with the
// challenges shown and the teams matched there), created when missing by ref and slug.
import { isNeedStatus } from '~/domain/need';
import { buildSearchText } from '~/domain/search';
import type { Db, Tx } from '~/lib/db.server';
import {
  day,
  dayOrNull,
  lookup,
  type Lookup,
  type SeedEvent,
  type SeedNeed,
  type SeedOrgs,
} from './seed-files';
import { recordRelease, secureBounty } from '~/services/funding/funding.server';
import { seedRecord } from './seed-record.server';

/** Creates the missing needs; returns how many, and the challenges' ids by code. */
export async function seedNeeds(
  db: Db,
  needs: SeedNeed[],
  orgs: SeedOrgs,
  { org, user }: { org: Lookup; user: Lookup },
) {
  const enterpriseName = new Map(orgs.enterprises.map((e) => [e.key, e.name]));
  const existing = new Set(
    (await db.challenge.findMany({ select: { ref: true } })).map((c) => c.ref),
  );
  let created = 0;
  for (const n of needs) {
    if (existing.has(n.ref)) continue;
    if (!isNeedStatus(n.status))
      throw new Error(`seed: need ${n.ref} has unknown status ${n.status}`);
    await seedRecord(
      db,
      { action: 'seed.need', entityType: 'Challenge', data: { ref: n.ref, status: n.status } },
      async (tx) => {
        const row = await tx.challenge.create({
          data: {
            ref: n.ref,
            code: n.code,
            enterpriseId: org(n.enterprise),
            title: n.title,
            titleEn: n.titleEn,
            field: n.field,
            background: n.background,
            bountyType: n.bountyFen === null ? 'OPEN' : 'FIXED',
            bountyFen: n.bountyFen === null ? null : BigInt(n.bountyFen),
            applicationDeadline: day(n.applicationDeadline, `${n.ref}.applicationDeadline`),
            implementationMonths: n.implementationMonths,
            contactName: n.contactName,
            contactPhone: n.contactPhone,
            status: n.status,
            searchText: buildSearchText({ ...n, enterpriseName: enterpriseName.get(n.enterprise) }),
            createdAt: day(n.createdAt, `${n.ref}.createdAt`),
            submittedAt: dayOrNull(n.submittedAt, `${n.ref}.submittedAt`),
            publishedAt: dayOrNull(n.publishedAt, `${n.ref}.publishedAt`),
            targets: { create: n.targets.map((text, i) => ({ position: i + 1, text })) },
            reviews: {
              create: (n.reviewTrail ?? []).map((r) => ({
                action: r.action,
                comment: r.comment ?? null,
                at: day(r.at, `${n.ref}.reviewTrail`),
                actorId: r.by ? user(r.by) : null,
              })),
            },
          },
        });
        await seedFunding(tx, row.id, n, user);
        return row;
      },
    );
    created++;
  }
  const challenge = lookup(
    'challenge',
    (
      await db.challenge.findMany({
        where: { code: { not: null } },
        select: { id: true, code: true },
      })
    ).map((c) => [c.code!, c.id]),
  );
  return { created, challenge };
}

/**
 * 榜额到位 (ADR 032): a published fixed bounty of the seed was funded by its enterprise before
 * publication, confirmed by the reviewer who published it; an unawarded one's funding was
 * released when it ended (its last trail entry, or its deadline).
 */
async function seedFunding(tx: Tx, challengeId: string, n: SeedNeed, user: Lookup) {
  if (n.bountyFen === null || !n.publishedAt || !n.code) return;
  const trail = n.reviewTrail ?? [];
  const publisher = trail.find((r) => r.action === 'publish')?.by;
  const confirmedById = publisher ? user(publisher) : 'seed';
  const at = day(n.publishedAt, `${n.ref}.publishedAt`);
  const held = await secureBounty(tx, {
    challengeId,
    bountyFen: n.bountyFen,
    confirmedById,
    at,
    reference: `SEED-${n.code}`,
  });
  if (n.status !== 'UNAWARDED') return;
  const last = trail.at(-1);
  const releasedAt =
    last && last.action !== 'publish'
      ? day(last.at, `${n.ref}.reviewTrail`)
      : day(n.applicationDeadline, `${n.ref}.applicationDeadline`);
  for (const h of held)
    await recordRelease(tx, h, { actorId: null, reason: 'need.unaward', now: releasedAt });
  await tx.challenge.update({ where: { id: challengeId }, data: { fundingSecuredAt: null } });
}

/** Creates the missing matching events; returns how many. */
export async function seedEvents(
  db: Db,
  events: SeedEvent[],
  { org, challenge }: { org: Lookup; challenge: Lookup },
) {
  const existing = new Set(
    (await db.matchingEvent.findMany({ select: { slug: true } })).map((e) => e.slug),
  );
  let created = 0;
  for (const e of events) {
    if (existing.has(e.key)) continue;
    await seedRecord(db, { action: 'seed.event', entityType: 'MatchingEvent' }, (tx) =>
      tx.matchingEvent.create({
        data: {
          slug: e.key,
          name: e.name,
          nameEn: e.nameEn,
          industry: e.industry,
          date: day(e.date, `${e.key}.date`),
          place: e.place,
          description: e.description,
          challenges: { create: e.challenges.map((code) => ({ challengeId: challenge(code) })) },
          matches: {
            create: e.matches.map((m) => ({
              challengeId: challenge(m.challenge),
              teamId: org(m.team),
              matchedAt: day(m.matchedAt, `${e.key}.match`),
              note: m.note,
            })),
          },
        },
      }),
    );
    created++;
  }
  return created;
}
