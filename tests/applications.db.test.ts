// Applications (揭榜) through the routes a team, an enterprise and the bureau use: apply, edit,
// submit, withdraw, attachments, and who sees what; on SQLite and PostgreSQL.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { actorOf } from '~/services/kernel/actor';
import { action as applyAction, loader as applyLoader } from '~/routes/apply.$code';
import { loader as listLoader } from '~/routes/applications._index';
import { action as detailAction, loader as detailLoader } from '~/routes/applications.$id._index';
import { action as editAction, loader as editLoader } from '~/routes/applications.$id.edit';
import { loader as receivedLoader } from '~/routes/needs.$id.applications';
import { createApplication } from '~/services/applications/apply.server';
import { withdrawApplication } from '~/services/applications/changes.server';
import {
  applicationForm,
  assignReviewer,
  DAY_MS,
  makeApplication,
  makeChallenge,
  makeUser,
  type TestUser,
  tinyPng,
} from './factories';
import {
  args,
  formPost,
  location,
  postAs,
  type Reply,
  signedInRequest,
  statusOf,
  TEST_ORIGIN,
  thrownOrReturned,
} from './route-call';

afterAll(() => db.$disconnect());

const idFrom = (r: unknown) => /\/applications\/([^?/]+)/.exec(location(r) ?? '')?.[1] ?? null;

/** An enterprise user owning a challenge (open, fixed bounty unless told), and the challenge. */
async function challengeWithOwner(opts: Parameters<typeof makeChallenge>[1] = {}) {
  const challenge = await makeChallenge(db, opts);
  const owner = await makeUser(db, { role: 'ENTERPRISE', organizationId: challenge.enterpriseId });
  return { challenge, owner };
}

function apply(user: TestUser, code: string, fields: Record<string, string>) {
  return postAs(db, applyAction, user, `/apply/${code}`, fields, { code });
}

function detail(user: TestUser, id: string, fields: Record<string, string>) {
  return postAs(db, detailAction, user, `/applications/${id}`, fields, { id });
}

function view(user: TestUser, id: string) {
  return thrownOrReturned(async () =>
    detailLoader(args(await signedInRequest(db, user, `/applications/${id}`), { id })),
  );
}

function upload(user: TestUser, id: string, file: File) {
  const form = new FormData();
  form.set('file', file);
  return thrownOrReturned(async () =>
    detailAction(
      args(await signedInRequest(db, user, `/applications/${id}`, { method: 'POST', body: form }), {
        id,
      }),
    ),
  );
}

const rowsOf = (challengeId: string, teamId: string) =>
  db.application.findMany({ where: { challengeId, teamId } });

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
      Array.from({ length: 10 }, () => withdrawApplication(db, actor, app.id)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(
      await db.auditEvent.count({ where: { entityId: app.id, action: 'application.withdraw' } }),
    ).toBe(1);
    expect(
      await db.notification.count({ where: { userId: owner.id, kind: 'applicationWithdrawn' } }),
    ).toBe(1);
  });

  it('refuses an application to a challenge past its deadline, before any job has closed it', async () => {
    // still PUBLISHED in the database: nothing has run the close transition
    const { challenge } = await challengeWithOwner({
      deadline: new Date(Date.now() - 3 * DAY_MS),
    });
    expect(challenge.status).toBe('PUBLISHED');
    const team = await makeUser(db, { role: 'TEAM' });
    const code = challenge.code!;
    const page = (await thrownOrReturned(async () =>
      applyLoader(args(await signedInRequest(db, team, `/apply/${code}`), { code })),
    )) as { challenge: { open: boolean; status: string }; defaults: unknown };
    expect(page.challenge).toMatchObject({ open: false, status: 'CLOSED' });
    expect(page.defaults).toBeNull();
    const res = (await apply(team, code, applicationForm({ intent: 'submit' }))) as Reply;
    expect(res.error?.['']).toEqual(['applications.errors.closed']);
    expect(await rowsOf(challenge.id, team.organizationId)).toHaveLength(0);
    // an unpublished need cannot be applied to at all
    const unpublished = await makeChallenge(db, { published: false });
    const hidden = await thrownOrReturned(async () =>
      applyLoader(
        args(await signedInRequest(db, team, `/apply/${unpublished.ref}`), {
          code: unpublished.ref,
        }),
      ),
    );
    expect(statusOf(hidden)).toBe(404);
  });

  it('refuses edits, attachments and submission after the deadline; withdrawal still works', async () => {
    const { challenge } = await challengeWithOwner();
    const team = await makeUser(db, { role: 'TEAM' });
    const draft = await makeApplication(db, {
      challengeId: challenge.id,
      teamId: team.organizationId,
      status: 'DRAFT',
    });
    // the deadline passes (the day before yesterday, Shanghai)
    await db.challenge.update({
      where: { id: challenge.id },
      data: { applicationDeadline: new Date(Date.now() - 2 * DAY_MS) },
    });
    const edited = (await postAs(
      db,
      editAction,
      team,
      `/applications/${draft.id}/edit`,
      applicationForm({ approach: '改过的方案' }),
      { id: draft.id },
    )) as Reply;
    expect(edited.error?.['']).toEqual(['applications.errors.closed']);
    expect((await db.application.findUniqueOrThrow({ where: { id: draft.id } })).approach).toBe(
      '测试方案',
    );
    const editPage = await thrownOrReturned(async () =>
      editLoader(
        args(await signedInRequest(db, team, `/applications/${draft.id}/edit`), { id: draft.id }),
      ),
    );
    expect(location(editPage)).toBe(`/applications/${draft.id}`);
    expect(await upload(team, draft.id, new File([tinyPng()], 'a.png'))).toEqual({
      error: 'applications.errors.closed',
    });
    expect(await db.attachment.count({ where: { ownerId: draft.id } })).toBe(0);
    expect(await detail(team, draft.id, { intent: 'submit' })).toEqual({
      error: 'applications.errors.closed',
    });
    expect((await db.application.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe(
      'DRAFT',
    );
    const shown = (await view(team, draft.id)) as {
      application: { editable: boolean; canSubmit: boolean; canWithdraw: boolean };
    };
    expect(shown.application).toMatchObject({
      editable: false,
      canSubmit: false,
      canWithdraw: true,
    });
    expect(location(await detail(team, draft.id, { intent: 'withdraw' }))).toMatch(/done=withdraw/);
  });

  it('edits before the deadline, keeping the status', async () => {
    const { challenge } = await challengeWithOwner({ bountyFen: null });
    const team = await makeUser(db, { role: 'TEAM' });
    const app = await makeApplication(db, {
      challengeId: challenge.id,
      teamId: team.organizationId,
      requestedFen: 1_000_000,
    });
    const page = (await thrownOrReturned(async () =>
      editLoader(
        args(await signedInRequest(db, team, `/applications/${app.id}/edit`), { id: app.id }),
      ),
    )) as { defaults: { requestedWan: string; members: unknown[] } };
    expect(page.defaults.requestedWan).toBe('1');
    expect(page.defaults.members).toEqual([{ name: '张三', role: '负责人', title: '' }]);
    const res = await postAs(
      db,
      editAction,
      team,
      `/applications/${app.id}/edit`,
      applicationForm({ requestedWan: '95.5', 'members[1].title': '副教授' }),
      { id: app.id },
    );
    expect(location(res)).toBe(`/applications/${app.id}?done=updated`);
    const row = await db.application.findUniqueOrThrow({ where: { id: app.id } });
    expect(row.status).toBe('SUBMITTED');
    expect(row.requestedFen).toBe(95_500_000n);
    expect(JSON.parse(row.membersJson)[1]).toEqual({
      name: '刘海涛',
      role: '副教授，控制系统',
      title: '副教授',
    });
  });

  it('refuses withdrawal once decided, and anything from another team', async () => {
    const team = await makeUser(db, { role: 'TEAM' });
    const other = await makeUser(db, { role: 'TEAM' });
    for (const status of ['AWARDED', 'DECLINED']) {
      const { challenge } = await challengeWithOwner();
      const app = await makeApplication(db, {
        challengeId: challenge.id,
        teamId: team.organizationId,
        status,
      });
      expect(await detail(team, app.id, { intent: 'withdraw' }), status).toEqual({
        error: 'applications.errors.invalidAction',
      });
      expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe(
        status,
      );
      const shown = (await view(team, app.id)) as {
        application: { decided: boolean; canWithdraw: boolean };
      };
      expect(shown.application).toMatchObject({ decided: true, canWithdraw: false });
    }
    const { challenge } = await challengeWithOwner();
    const shortlisted = await makeApplication(db, {
      challengeId: challenge.id,
      teamId: team.organizationId,
      status: 'SHORTLISTED',
    });
    expect(statusOf(await detail(other, shortlisted.id, { intent: 'withdraw' }))).toBe(404);
    expect(location(await detail(team, shortlisted.id, { intent: 'withdraw' }))).toMatch(
      /done=withdraw/,
    );
  });

  it('refuses bad input on the application form with field errors, and saves nothing', async () => {
    const fixed = await challengeWithOwner();
    const open = await challengeWithOwner({ bountyFen: null });
    const team = await makeUser(db, { role: 'TEAM' });
    const many = Array.from({ length: 21 }, (_, i) => [`成员${i}`, '研究'] as [string, string]);
    const cases: [string, Record<string, string>, string, string][] = [
      [fixed.challenge.code!, applicationForm({ approach: '' }), 'approach', 'validation.required'],
      [fixed.challenge.code!, applicationForm({ schedule: '' }), 'schedule', 'validation.required'],
      [
        fixed.challenge.code!,
        applicationForm({ institution: '' }),
        'institution',
        'validation.required',
      ],
      [
        fixed.challenge.code!,
        applicationForm({ budgetWan: '-5' }),
        'budgetWan',
        'applications.errors.amountNegative',
      ],
      [
        fixed.challenge.code!,
        applicationForm({ budgetWan: '' }),
        'budgetWan',
        'validation.required',
      ],
      [
        fixed.challenge.code!,
        applicationForm({ budgetWan: 'abc' }),
        'budgetWan',
        'applications.errors.amountInvalid',
      ],
      [
        fixed.challenge.code!,
        applicationForm({ budgetWan: '60000' }),
        'budgetWan',
        'applications.errors.amountTooLarge',
      ],
      [
        open.challenge.code!,
        applicationForm(),
        'requestedWan',
        'applications.errors.requestedRequired',
      ],
      [
        open.challenge.code!,
        applicationForm({ requestedWan: '0' }),
        'requestedWan',
        'applications.errors.requestedPositive',
      ],
      [
        open.challenge.code!,
        applicationForm({ requestedWan: '-3' }),
        'requestedWan',
        'applications.errors.requestedPositive',
      ],
      [
        open.challenge.code!,
        applicationForm({ requestedWan: '50000.01' }),
        'requestedWan',
        'applications.errors.requestedTooLarge',
      ],
      [
        fixed.challenge.code!,
        applicationForm({ requestedWan: '100' }),
        'requestedWan',
        'applications.errors.requestedNotAllowed',
      ],
      [
        fixed.challenge.code!,
        applicationForm({}, many),
        'members',
        'applications.errors.membersTooMany',
      ],
      [
        fixed.challenge.code!,
        applicationForm({}, []),
        'members',
        'applications.errors.membersRequired',
      ],
      [
        fixed.challenge.code!,
        applicationForm({ 'members[1].role': '' }),
        'members[1].role',
        'validation.required',
      ],
    ];
    for (const [code, fields, field, message] of cases) {
      const res = (await apply(team, code, fields)) as Reply;
      expect(res.error?.[field], `${field} ${JSON.stringify(fields[field] ?? '')}`).toEqual([
        message,
      ]);
    }
    for (const c of [fixed, open]) {
      expect(await rowsOf(c.challenge.id, team.organizationId)).toHaveLength(0);
    }

    // the edit form refuses the same, and keeps the stored text
    const app = await makeApplication(db, {
      challengeId: fixed.challenge.id,
      teamId: team.organizationId,
    });
    const before = await db.application.findUniqueOrThrow({ where: { id: app.id } });
    for (const [code, fields, field, message] of cases) {
      if (code !== fixed.challenge.code) continue;
      const res = (await postAs(db, editAction, team, `/applications/${app.id}/edit`, fields, {
        id: app.id,
      })) as Reply;
      expect(res.error?.[field], field).toEqual([message]);
    }
    const after = await db.application.findUniqueOrThrow({ where: { id: app.id } });
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(after.membersJson).toBe(before.membersJson);

    // the page's other forms: a wrong file type (by content), an unknown action
    const fake = new File(['MZ this is really an executable'], '技术方案.pdf', {
      type: 'application/pdf',
    });
    expect(await upload(team, app.id, fake)).toEqual({ error: 'applications.errors.upload_type' });
    expect(await upload(team, app.id, new File([], 'empty.pdf'))).toEqual({
      error: 'applications.errors.upload_empty',
    });
    expect(await db.attachment.count({ where: { ownerId: app.id } })).toBe(0);
    expect(await detail(team, app.id, { intent: 'explode' })).toEqual({
      error: 'applications.errors.invalidAction',
    });
    expect(await detail(team, app.id, { intent: 'remove' })).toEqual({
      error: 'applications.errors.invalidAction',
    });
    expect(await detail(team, app.id, { intent: 'submit' })).toEqual({
      error: 'applications.errors.invalidAction',
    });
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe(
      'SUBMITTED',
    );
  });

  it('shows an application to its team, the challenge’s enterprise, assigned reviewers and admins only', async () => {
    const { challenge, owner } = await challengeWithOwner();
    const team = await makeUser(db, { role: 'TEAM' });
    const teamY = await makeUser(db, { role: 'TEAM' });
    const enterpriseB = await makeUser(db, { role: 'ENTERPRISE' });
    const assigned = await makeUser(db, { role: 'REVIEWER' });
    const unassigned = await makeUser(db, { role: 'REVIEWER' });
    const admin = await makeUser(db, { role: 'ADMIN' });
    const app = await makeApplication(db, {
      challengeId: challenge.id,
      teamId: team.organizationId,
    });
    await assignReviewer(db, app.id, assigned.id);

    for (const user of [team, owner, assigned, admin]) {
      const res = (await view(user, app.id)) as { application?: { id: string } };
      expect(res.application?.id, user.role).toBe(app.id);
    }
    for (const user of [teamY, enterpriseB, unassigned]) {
      expect(statusOf(await view(user, app.id)), user.role).toBe(404);
    }
    const anonymous = await thrownOrReturned(() =>
      detailLoader(args(new Request(`${TEST_ORIGIN}/applications/${app.id}`), { id: app.id })),
    );
    expect(location(anonymous)).toMatch(/^\/login\?redirectTo=/);
    expect(statusOf(await view(team, 'no-such-application'))).toBe(404);

    // the enterprise's list: its own challenge only
    const foreign = await thrownOrReturned(async () =>
      receivedLoader(
        args(await signedInRequest(db, enterpriseB, `/needs/${challenge.id}/applications`), {
          id: challenge.id,
        }),
      ),
    );
    expect(statusOf(foreign)).toBe(404);

    // the reviewers' lists: what is assigned to them
    const assignedList = (await thrownOrReturned(async () =>
      listLoader(args(await signedInRequest(db, assigned, '/applications'))),
    )) as { view: string; assigned: { id: string }[] };
    expect(assignedList.view).toBe('staff');
    expect(assignedList.assigned.map((a) => a.id)).toEqual([app.id]);
    const emptyList = (await thrownOrReturned(async () =>
      listLoader(args(await signedInRequest(db, unassigned, '/applications'))),
    )) as { assigned: unknown[] };
    expect(emptyList.assigned).toEqual([]);

    // team Y's list does not show team X's application; its actions get 404
    const yList = (await thrownOrReturned(async () =>
      listLoader(args(await signedInRequest(db, teamY, '/applications'))),
    )) as { own: unknown[] };
    expect(yList.own).toEqual([]);
    expect(statusOf(await detail(teamY, app.id, { intent: 'withdraw' }))).toBe(404);
    const yEdit = await thrownOrReturned(async () =>
      editLoader(
        args(await signedInRequest(db, teamY, `/applications/${app.id}/edit`), { id: app.id }),
      ),
    );
    expect(statusOf(yEdit)).toBe(404);
    expect((await db.application.findUniqueOrThrow({ where: { id: app.id } })).status).toBe(
      'SUBMITTED',
    );
  });
});
