// Applications (揭榜) through the routes a team, an enterprise and the bureau use: apply, edit,
// submit, withdraw, attachments, and who sees what; on SQLite and PostgreSQL.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { actorOf } from '~/services/kernel/actor';
import { action as applyAction, loader as applyLoader } from '~/routes/apply.$code';
import { loader as listLoader } from '~/routes/applications._index';
import { loader as receivedLoader } from '~/routes/needs.$id.applications';
import { createApplication } from '~/services/applications/apply.server';
import { moveApplication } from '~/services/applications/changes.server';
import { applicationForm, makeApplication, makeUser, tinyPng } from './factories';
import {
  args,
  formPost,
  location,
  signedInRequest,
  statusOf,
  thrownOrReturned,
} from './route-call';
import {
  idFrom,
  challengeWithOwner,
  apply,
  detail,
  view,
  upload,
  rowsOf,
} from './applications-helpers';

afterAll(() => db.$disconnect());

describe(`applications (${inject('databaseKind')})`, () => {
  it('a team drafts, attaches, submits; the enterprise is told and sees it under its need', async () => {
    const { challenge, owner } = await challengeWithOwner();
    const team = await makeUser(db, { role: 'TEAM' });
    const code = challenge.code!;

    // the form starts with the team's institution
    const page = (await thrownOrReturned(async () =>
      applyLoader(args(await signedInRequest(db, team, `/apply/${code}`), { code })),
    )) as { challenge: { open: boolean }; defaults: { institution: string } };
    expect(page.challenge.open).toBe(true);
    expect(page.defaults.institution).toBe('山东理工大学');

    const created = await apply(team, code, applicationForm());
    expect(location(created)).toMatch(/\/applications\/[^?]+\?done=created$/);
    const id = idFrom(created)!;
    const draft = await db.application.findUniqueOrThrow({ where: { id } });
    expect(draft).toMatchObject({ status: 'DRAFT', active: true, submittedAt: null });
    expect(draft.budgetFen).toBe(260_500_000n);
    expect(draft.requestedFen).toBeNull();
    expect(JSON.parse(draft.membersJson)).toEqual([
      { name: '孟庆峰', role: '教授，项目负责人', title: null },
      { name: '刘海涛', role: '副教授，控制系统', title: null },
    ]);

    // a draft is the team's alone
    expect(statusOf(await view(owner, id))).toBe(404);
    const listed = (await thrownOrReturned(async () =>
      receivedLoader(
        args(await signedInRequest(db, owner, `/needs/${challenge.id}/applications`), {
          id: challenge.id,
        }),
      ),
    )) as { applications: unknown[] };
    expect(listed.applications).toHaveLength(0);

    // a second visit to the form sends the team to its application
    const again = await thrownOrReturned(async () =>
      applyLoader(args(await signedInRequest(db, team, `/apply/${code}`), { code })),
    );
    expect(location(again)).toBe(`/applications/${id}`);

    const uploaded = await upload(
      team,
      id,
      new File([tinyPng()], '方案图.png', { type: 'image/png' }),
    );
    expect(location(uploaded)).toBe(`/applications/${id}?done=uploaded`);
    expect(await db.attachment.count({ where: { ownerType: 'Application', ownerId: id } })).toBe(1);

    const notesBefore = await db.notification.count({
      where: { userId: owner.id, kind: 'applicationReceived' },
    });
    const submitted = await detail(team, id, { intent: 'submit' });
    expect(location(submitted)).toBe(`/applications/${id}?done=submit`);
    const row = await db.application.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('SUBMITTED');
    expect(row.submittedAt).not.toBeNull();
    expect(
      await db.notification.count({ where: { userId: owner.id, kind: 'applicationReceived' } }),
    ).toBe(notesBefore + 1);
    expect(await db.mailMessage.count({ where: { to: owner.email } })).toBeGreaterThan(0);
    expect(
      (
        await db.auditEvent.findMany({
          where: { entityType: 'Application', entityId: id },
          orderBy: { at: 'asc' },
        })
      ).map((e) => e.action),
    ).toEqual(['application.created', 'application.attachment_added', 'application.submit']);

    // now the enterprise sees it, in its list and in full
    const received = (await thrownOrReturned(async () =>
      receivedLoader(
        args(await signedInRequest(db, owner, `/needs/${challenge.id}/applications`), {
          id: challenge.id,
        }),
      ),
    )) as { applications: { id: string; memberCount: number }[] };
    expect(received.applications.map((a) => a.id)).toEqual([id]);
    expect(received.applications[0]!.memberCount).toBe(2);
    const seen = (await view(owner, id)) as { application: { approach: string; own: boolean } };
    expect(seen.application.own).toBe(false);
    expect(seen.application.approach).toContain('双核冗余');

    // and the team in its list
    const mine = (await thrownOrReturned(async () =>
      listLoader(args(await signedInRequest(db, team, '/applications'))),
    )) as { own: { id: string; status: string }[] };
    expect(mine.own).toEqual([expect.objectContaining({ id, status: 'SUBMITTED' })]);
  });

  it('submits at once when asked, and asks an open bounty’s amount', async () => {
    const { challenge, owner } = await challengeWithOwner({ bountyFen: null });
    const team = await makeUser(db, { role: 'TEAM' });
    const res = await apply(
      team,
      challenge.code!,
      applicationForm({ intent: 'submit', requestedWan: '180.25' }),
    );
    expect(location(res)).toMatch(/\?done=submitted$/);
    const row = await db.application.findUniqueOrThrow({ where: { id: idFrom(res)! } });
    expect(row.status).toBe('SUBMITTED');
    expect(row.requestedFen).toBe(180_250_000n);
    expect(
      await db.notification.count({ where: { userId: owner.id, kind: 'applicationReceived' } }),
    ).toBe(1);
  });

  it('keeps one active application per team and challenge under 20 parallel submissions', async () => {
    const { challenge } = await challengeWithOwner();
    const team = await makeUser(db, { role: 'TEAM' });
    const code = challenge.code!;
    const requests = await Promise.all(
      Array.from({ length: 20 }, () =>
        signedInRequest(
          db,
          team,
          `/apply/${code}`,
          formPost(applicationForm({ intent: 'submit' })),
        ),
      ),
    );
    const results = await Promise.all(
      requests.map((request) => thrownOrReturned(() => applyAction(args(request, { code })))),
    );
    const rows = await rowsOf(challenge.id, team.organizationId);
    expect(rows).toHaveLength(1);
    // every request ends on that one application: one created it, the others are sent to it
    const id = rows[0]!.id;
    expect(results.map((r) => idFrom(r))).toEqual(Array(20).fill(id));
    expect(results.filter((r) => /done=submitted/.test(location(r) ?? ''))).toHaveLength(1);
    expect(
      await db.auditEvent.count({ where: { entityId: id, action: 'application.created' } }),
    ).toBe(1);

    // the service, called in parallel too, never adds a second
    const actor = actorOf(team);
    const input = {
      intent: 'save' as const,
      institution: 'x',
      approach: 'x',
      schedule: 'x',
      budgetFen: 0,
      requestedFen: null,
      members: [{ name: 'a', role: 'b', title: null }],
    };
    const direct = await Promise.all(
      Array.from({ length: 20 }, () => createApplication(db, actor, challenge.id, input)),
    );
    expect(direct.every((r) => !r.ok && r.error === 'alreadyActive')).toBe(true);
    expect(await rowsOf(challenge.id, team.organizationId)).toHaveLength(1);

    // withdrawing frees the place: applying again works, and again only once
    expect(location(await detail(team, id, { intent: 'withdraw' }))).toBe(
      `/applications/${id}?done=withdraw`,
    );
    const withdrawn = await db.application.findUniqueOrThrow({ where: { id } });
    expect(withdrawn).toMatchObject({ status: 'WITHDRAWN', active: null });
    const reapplied = await Promise.all(
      Array.from({ length: 5 }, () => createApplication(db, actor, challenge.id, input)),
    );
    expect(reapplied.filter((r) => r.ok)).toHaveLength(1);
    const after = await rowsOf(challenge.id, team.organizationId);
    expect(after).toHaveLength(2);
    expect(after.filter((a) => a.active)).toHaveLength(1);
  });

  it('withdraws once however many clicks arrive together, and tells the enterprise', async () => {
    const { challenge, owner } = await challengeWithOwner();
    const team = await makeUser(db, { role: 'TEAM' });
    const app = await makeApplication(db, {
      challengeId: challenge.id,
      teamId: team.organizationId,
    });
    const actor = actorOf(team);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => moveApplication(db, actor, app.id, 'withdraw')),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(
      await db.auditEvent.count({ where: { entityId: app.id, action: 'application.withdraw' } }),
    ).toBe(1);
    expect(
      await db.notification.count({ where: { userId: owner.id, kind: 'applicationWithdrawn' } }),
    ).toBe(1);
  });
});
