// Applications around the challenge's deadline: refused after it (withdrawal still works),
// edited before it.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { loader as applyLoader } from '~/routes/apply.$code';
import { action as editAction, loader as editLoader } from '~/routes/applications.$id.edit';
import {
  applicationForm,
  DAY_MS,
  makeApplication,
  makeChallenge,
  makeUser,
  tinyPng,
} from './factories';
import {
  args,
  location,
  postAs,
  type Reply,
  signedInRequest,
  statusOf,
  thrownOrReturned,
} from './route-call';
import { challengeWithOwner, apply, detail, view, upload, rowsOf } from './applications-helpers';

afterAll(() => db.$disconnect());

describe(`applications (${inject('databaseKind')})`, () => {
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
});
