// Applications refused: withdrawal once decided, another team's, bad input on the form; and who
// may see an application.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { loader as listLoader } from '~/routes/applications._index';
import { loader as detailLoader } from '~/routes/applications.$id._index';
import { action as editAction, loader as editLoader } from '~/routes/applications.$id.edit';
import { loader as receivedLoader } from '~/routes/needs.$id.applications';
import { applicationForm, assignReviewer, makeApplication, makeUser } from './factories';
import {
  args,
  location,
  postAs,
  type Reply,
  signedInRequest,
  statusOf,
  TEST_ORIGIN,
  thrownOrReturned,
} from './route-call';
import { challengeWithOwner, apply, detail, view, upload, rowsOf } from './applications-helpers';

afterAll(() => db.$disconnect());

describe(`applications (${inject('databaseKind')})`, () => {
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

  it('does not let another team save over an application, nor anyone a missing one', async () => {
    const { challenge } = await challengeWithOwner();
    const team = await makeUser(db, { role: 'TEAM' });
    const other = await makeUser(db, { role: 'TEAM' });
    const app = await makeApplication(db, {
      challengeId: challenge.id,
      teamId: team.organizationId,
      status: 'DRAFT',
    });
    const before = await db.application.findUniqueOrThrow({ where: { id: app.id } });
    const form = applicationForm({ approach: '别队改写的方案' });
    const save = (user: typeof team, id: string) =>
      postAs(db, editAction, user, `/applications/${id}/edit`, form, { id });
    // the application is read beside the session: whose it is decides before anything is used
    expect(statusOf(await save(other, app.id))).toBe(404);
    expect(statusOf(await detail(other, app.id, { intent: 'submit' }))).toBe(404);
    expect(statusOf(await save(team, 'no-such-application'))).toBe(404);
    const after = await db.application.findUniqueOrThrow({ where: { id: app.id } });
    expect(after).toEqual(before);
    expect(await db.auditEvent.count({ where: { entityId: app.id, actorId: other.id } })).toBe(0);
    // its own team still saves
    expect(location(await save(team, app.id))).toMatch(/done=updated/);
    const saved = await db.application.findUniqueOrThrow({ where: { id: app.id } });
    expect(saved.approach).toBe('别队改写的方案');
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
