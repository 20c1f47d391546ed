// The seed's needs (with their targets and review trail) and matching events (with the
// challenges shown and the teams matched there), created when missing by ref and slug.
import { isNeedStatus } from '~/domain/need';
import { buildSearchText } from '~/domain/search';
import type { Db } from '~/lib/db.server';
import {
  day,
  dayOrNull,
  lookup,
  type Lookup,
  type SeedEvent,
  type SeedNeed,
  type SeedOrgs,
} from './seed-files';
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
      (tx) =>
        tx.challenge.create({
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
        }),
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
