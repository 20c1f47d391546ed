// The bureau admin pages against the database: who may see them, the user search, and what
// each user action changes (and, on bad input, that it changes nothing and answers with errors).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { loader as layoutLoader } from '~/routes/admin';
import { loader as indexLoader } from '~/routes/admin._index';
import { loader as auditLoader } from '~/routes/admin.audit/route';
import { loader as mailLoader } from '~/routes/admin.mail/route';
import { loader as organizationsLoader } from '~/routes/admin.organizations';
import { action as usersAction, loader as usersLoader } from '~/routes/admin.users/route';
import { validateSessionToken } from '~/lib/session.server';
import { currentTotp, enableTotp, newTotpSecret } from '~/services/accounts/totp.server';
import { bureau, makeTeam, makeUser, uid } from './factories';
import {
  args,
  formPost,
  sessionCookie,
  sessionToken,
  signedInRequest,
  TEST_ORIGIN,
  thrown,
} from './route-call';
import { DONE_MESSAGES } from '~/lib/done';

afterAll(() => db.$disconnect());

type Admin = Awaited<ReturnType<typeof makeUser>>;
let admin: Admin;

beforeAll(async () => {
  admin = await makeUser(db, { role: 'ADMIN' });
});

/**
 * Posts the fields to the users page as the admin. Refusals come back as field or form errors
 * (never thrown, so never a 500); the action's data and its errors by field ('' = form).
 */
async function post(fields: Record<string, string>, as: Admin = admin) {
  const request = await signedInRequest(db, as, '/admin/users', formPost(fields));
  try {
    const result = await usersAction(args(request));
    return { ...result, errors: result.result.error ?? {}, notice: null };
  } catch (thrownResponse) {
    // a change redirects back with its notice (`?done=`, app/lib/done.ts): the shown message
    if (!(thrownResponse instanceof Response)) throw thrownResponse;
    const to = new URL(thrownResponse.headers.get('Location') ?? '', 'http://x');
    if (to.pathname !== '/admin/users') throw thrownResponse;
    const done = to.searchParams.get('done') as keyof typeof DONE_MESSAGES.users;
    return {
      target: 'page',
      result: { status: 'success' } as { status?: string },
      errors: {} as Record<string, string[] | null>,
      notice: { key: DONE_MESSAGES.users[done] },
    };
  }
}

describe(`admin pages (${inject('databaseKind')})`, () => {
  describe('access', () => {
    it('sends an anonymous visitor to sign in, from every page and the action', async () => {
      const loaders = [
        layoutLoader,
        indexLoader,
        usersLoader,
        organizationsLoader,
        auditLoader,
        mailLoader,
      ];
      for (const load of loaders) {
        const response = await thrown(load(args(new Request(`${TEST_ORIGIN}/admin/users?q=x`))));
        expect(response.status).toBe(302);
        expect(response.headers.get('Location')).toBe(
          `/login?redirectTo=${encodeURIComponent('/admin/users?q=x')}`,
        );
      }
      const response = await thrown(
        usersAction(
          args(
            new Request(
              `${TEST_ORIGIN}/admin/users`,
              formPost({ intent: 'disable', userId: admin.id }),
            ),
          ),
        ),
      );
      expect(response.status).toBe(302);
      expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).disabledAt).toBeNull();
    });

    it('answers 403 to a team member, an enterprise member and a reviewer', async () => {
      const others = [
        await makeUser(db, { role: 'TEAM' }),
        await makeUser(db, { role: 'ENTERPRISE' }),
        await makeUser(db, { role: 'REVIEWER' }),
      ];
      for (const user of others) {
        for (const load of [
          layoutLoader,
          usersLoader,
          organizationsLoader,
          auditLoader,
          mailLoader,
        ]) {
          const response = await thrown(
            load(args(await signedInRequest(db, user, '/admin/users'))),
          );
          expect(response.status).toBe(403);
        }
        const victim = await makeUser(db, { role: 'TEAM' });
        const request = await signedInRequest(
          db,
          user,
          '/admin/users',
          formPost({ intent: 'disable', userId: victim.id }),
        );
        expect((await thrown(usersAction(args(request)))).status).toBe(403);
        expect(
          (await db.user.findUniqueOrThrow({ where: { id: victim.id } })).disabledAt,
        ).toBeNull();
      }
    });

    it('sends a staff member who has not passed the second factor to it', async () => {
      const request = new Request(`${TEST_ORIGIN}/admin/users`, {
        headers: { Cookie: await sessionCookie(db, admin, { twoFactorVerified: false }) },
      });
      const response = await thrown(usersLoader(args(request)));
      expect(response.status).toBe(302);
      expect(response.headers.get('Location')).toMatch(/^\/account\/2fa\?/);
    });

    it('redirects /admin to the users page', async () => {
      const response = await indexLoader(args(await signedInRequest(db, admin, '/admin')));
      expect(response.status).toBe(302);
      expect(response.headers.get('Location')).toBe('/admin/users');
    });
  });

  describe('users list', () => {
    it('shows the admin the users, newest first, with organisation and status', async () => {
      const team = await makeTeam(db);
      const member = await makeUser(db, { role: 'TEAM', organizationId: team.id });
      const page = await usersLoader(args(await signedInRequest(db, admin, '/admin/users')));
      expect(page.me).toBe(admin.id);
      expect(page.total).toBeGreaterThan(1);
      expect(page.users.length).toBeLessThanOrEqual(50);
      expect(page.users[0]).toMatchObject({
        id: member.id,
        email: member.email,
        role: 'TEAM',
        disabled: false,
        org: team.name,
        orgKind: 'TEAM',
      });
    });

    it('finds a user by part of the e-mail in any letter case', async () => {
      const id = uid();
      const user = await makeUser(db, { role: 'ENTERPRISE', email: `findme.${id}@example.test` });
      for (const q of [`findme.${id}`, `FINDME.${id.toUpperCase()}`, `FindMe.${id}@EXAMPLE`]) {
        const page = await usersLoader(
          args(await signedInRequest(db, admin, `/admin/users?q=${encodeURIComponent(q)}`)),
        );
        expect(page.users.map((u) => u.id)).toEqual([user.id]);
        expect(page.total).toBe(1);
      }
    });

    it('finds users by name and by organisation name, and filters by role', async () => {
      const id = uid();
      const team = await makeTeam(db, `Quantum Lab ${id}`);
      const member = await makeUser(db, { role: 'TEAM', organizationId: team.id, name: `张${id}` });
      const byOrg = await usersLoader(
        args(await signedInRequest(db, admin, `/admin/users?q=QUANTUM%20lab%20${id}`)),
      );
      expect(byOrg.users.map((u) => u.id)).toEqual([member.id]);
      const byName = await usersLoader(
        args(await signedInRequest(db, admin, `/admin/users?q=张${id}`)),
      );
      expect(byName.users.map((u) => u.id)).toEqual([member.id]);
      const wrongRole = await usersLoader(
        args(await signedInRequest(db, admin, `/admin/users?q=张${id}&role=ENTERPRISE`)),
      );
      expect(wrongRole.users).toEqual([]);
      const admins = await usersLoader(
        args(await signedInRequest(db, admin, '/admin/users?role=ADMIN')),
      );
      expect(admins.users.length).toBeGreaterThan(0);
      expect(admins.users.every((u) => u.role === 'ADMIN')).toBe(true);
    });

    it('ignores an unknown role filter and a nonsense page number', async () => {
      const page = await usersLoader(
        args(await signedInRequest(db, admin, '/admin/users?role=ROOT&page=-3')),
      );
      expect(page.role).toBeNull();
      expect(page.page).toBe(1);
      expect(page.users.length).toBeGreaterThan(0);
    });
  });

  describe('user actions', () => {
    it('disabling a user ends their sessions at once and is audited; enabling undoes it', async () => {
      const victim = await makeUser(db, { role: 'TEAM' });
      const token = await sessionToken(db, victim);
      expect(await validateSessionToken(db, token)).not.toBeNull();

      const res = await post({ intent: 'disable', userId: victim.id });
      expect(res.result.status).toBe('success');
      expect(res.notice).toEqual({ key: 'admin.userDisabled' });
      // answered by a redirect back to the list, with the notice at the top of the page
      expect(res.target).toBe('page');
      expect(await validateSessionToken(db, token)).toBeNull();
      expect(await db.session.count({ where: { userId: victim.id } })).toBe(0);
      expect(
        (await db.user.findUniqueOrThrow({ where: { id: victim.id } })).disabledAt,
      ).not.toBeNull();
      const events = await db.auditEvent.findMany({
        where: { entityType: 'User', entityId: victim.id },
      });
      expect(events).toMatchObject([{ action: 'user.disabled', actorId: admin.id }]);

      const list = await usersLoader(
        args(await signedInRequest(db, admin, `/admin/users?q=${victim.email}`)),
      );
      expect(list.users).toMatchObject([{ id: victim.id, disabled: true }]);

      const again = await post({ intent: 'enable', userId: victim.id });
      expect(again.notice).toEqual({ key: 'admin.userEnabled' });
      expect((await db.user.findUniqueOrThrow({ where: { id: victim.id } })).disabledAt).toBeNull();
      expect(
        await db.auditEvent.count({
          where: { entityType: 'User', entityId: victim.id, action: 'user.enabled' },
        }),
      ).toBe(1);
    });

    it('changes a bureau member between reviewer and admin, ending their sessions', async () => {
      const reviewer = await makeUser(db, { role: 'REVIEWER' });
      const token = await sessionToken(db, reviewer);
      const res = await post({ intent: 'role', userId: reviewer.id, role: 'ADMIN' });
      expect(res.result.status).toBe('success');
      expect(res.notice).toEqual({ key: 'admin.roleChanged' });
      expect((await db.user.findUniqueOrThrow({ where: { id: reviewer.id } })).role).toBe('ADMIN');
      expect(await validateSessionToken(db, token)).toBeNull();
      const event = await db.auditEvent.findFirstOrThrow({
        where: { entityId: reviewer.id, action: 'user.role_changed' },
      });
      expect(JSON.parse(event.data!)).toEqual({ from: 'REVIEWER', to: 'ADMIN' });
    });

    it('refuses a role that does not fit the organisation, changing nothing', async () => {
      const member = await makeUser(db, { role: 'TEAM' });
      const staff = await makeUser(db, { role: 'REVIEWER' });
      const cases = [
        { user: member, role: 'ADMIN' },
        { user: member, role: 'ENTERPRISE' },
        { user: staff, role: 'TEAM' },
      ];
      for (const { user, role } of cases) {
        const token = await sessionToken(db, user);
        const res = await post({ intent: 'role', userId: user.id, role });
        expect(res.result.status).toBe('error');
        expect(res.errors.role).toEqual(['admin.roleIncompatible']);
        expect(res.notice).toBeNull();
        expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe(user.role);
        expect(await validateSessionToken(db, token)).not.toBeNull();
      }
      expect(
        await db.auditEvent.count({ where: { entityId: { in: [member.id, staff.id] } } }),
      ).toBe(0);
    });

    it('refuses a role the user already has and one that is not a role', async () => {
      const staff = await makeUser(db, { role: 'REVIEWER' });
      expect(
        (await post({ intent: 'role', userId: staff.id, role: 'REVIEWER' })).errors.role,
      ).toEqual(['admin.roleSame']);
      const bad = await post({ intent: 'role', userId: staff.id, role: 'SYSTEM' });
      expect(bad.result.status).toBe('error');
      expect(bad.errors.role).toBeTruthy();
      expect(await db.auditEvent.count({ where: { entityId: staff.id } })).toBe(0);
    });

    it('does not let an admin disable or demote themselves', async () => {
      const disable = await post({ intent: 'disable', userId: admin.id });
      expect(disable.result.status).toBe('error');
      expect(disable.errors['']).toEqual(['admin.cannotSelf']);
      const demote = await post({ intent: 'role', userId: admin.id, role: 'REVIEWER' });
      expect(demote.result.status).toBe('error');
      expect(demote.errors.role).toEqual(['admin.cannotSelf']);
      const me = await db.user.findUniqueOrThrow({ where: { id: admin.id } });
      expect(me.disabledAt).toBeNull();
      expect(me.role).toBe('ADMIN');
      expect(await db.auditEvent.count({ where: { entityId: admin.id } })).toBe(0);
    });

    it('resets a staff member’s lost second factor: secret, recovery codes and sessions go', async () => {
      const reviewer = await makeUser(db, { role: 'REVIEWER' });
      const secret = newTotpSecret();
      await enableTotp(db, reviewer.id, secret, currentTotp(secret));
      const token = await sessionToken(db, reviewer);
      const listed = await usersLoader(
        args(await signedInRequest(db, admin, `/admin/users?q=${reviewer.email}`)),
      );
      expect(listed.users).toMatchObject([{ id: reviewer.id, secondFactor: true }]);

      const res = await post({ intent: 'reset-2fa', userId: reviewer.id });
      expect(res.notice).toEqual({ key: 'admin.secondFactorReset' });
      const row = await db.user.findUniqueOrThrow({ where: { id: reviewer.id } });
      expect([row.totpSecret, row.totpEnabledAt]).toEqual([null, null]);
      expect(await db.recoveryCode.count({ where: { userId: reviewer.id } })).toBe(0);
      expect(await validateSessionToken(db, token)).toBeNull();
      expect(
        await db.auditEvent.count({ where: { entityId: reviewer.id, action: 'user.totp_reset' } }),
      ).toBe(1);

      // nothing left to reset; and never one's own
      const again = await post({ intent: 'reset-2fa', userId: reviewer.id });
      expect(again.errors['']).toEqual(['admin.noSecondFactor']);
      const own = await post({ intent: 'reset-2fa', userId: admin.id });
      expect(own.errors['']).toEqual(['admin.cannotSelf']);
      expect(await db.auditEvent.count({ where: { entityId: reviewer.id } })).toBe(2);
    });

    it('invites bureau staff: an Invitation row and a mail, token links hidden in the outbox', async () => {
      const email = `new-staff-${uid()}@example.test`;
      const res = await post({
        intent: 'invite-staff',
        name: '新同事',
        email: email.toUpperCase(),
        role: 'REVIEWER',
      });
      // a redirect back: no errors, the form starts over
      expect(res.errors).toEqual({});
      expect(res.notice).toEqual({ key: 'admin.staffInvited' });
      expect(res.target).toBe('page');
      const invitation = await db.invitation.findFirstOrThrow({ where: { email } });
      expect(invitation).toMatchObject({
        role: 'REVIEWER',
        name: '新同事',
        invitedById: admin.id,
        organizationId: (await bureau(db)).id,
        acceptedAt: null,
      });
      const mail = await db.mailMessage.findFirstOrThrow({ where: { to: email } });
      expect(mail.text).toMatch(new RegExp(`^${TEST_ORIGIN}/invite/[a-z2-7]{20,}$`, 'm'));
      expect(
        await db.auditEvent.count({
          where: { action: 'invitation.created', entityId: invitation.id },
        }),
      ).toBe(1);

      const outbox = await mailLoader(args(await signedInRequest(db, admin, '/admin/mail')));
      const shown = outbox.messages.find((m) => m.to === email);
      expect(shown).toBeDefined();
      expect(shown!.text).toContain(`${TEST_ORIGIN}/invite/…`);
      expect(shown!.text).not.toMatch(/\/invite\/[a-z2-7]{20,}/);
      expect(outbox.messages[0]!.createdAt >= outbox.messages.at(-1)!.createdAt).toBe(true);

      const taken = await post({
        intent: 'invite-staff',
        name: '重复',
        email: admin.email,
        role: 'ADMIN',
      });
      expect(taken.result.status).toBe('error');
      expect(taken.errors.email).toEqual(['auth.emailTaken']);
    });
  });

  describe('bad input is answered with field errors (or a 400), never a 500', () => {
    it('an unknown or missing intent', async () => {
      const victim = await makeUser(db, { role: 'TEAM' });
      const cases: Record<string, string>[] = [
        { intent: 'delete', userId: victim.id },
        { userId: victim.id },
        {},
      ];
      for (const fields of cases) {
        const res = await post(fields);
        expect(res.result.status).toBe('error');
        expect(res.errors.intent).toEqual(['validation.invalid']);
        expect(res.notice).toBeNull();
      }
      expect((await db.user.findUniqueOrThrow({ where: { id: victim.id } })).disabledAt).toBeNull();
    });

    it('a missing, over-long or unknown user id', async () => {
      const missing = await post({ intent: 'disable' });
      expect(missing.result.status).toBe('error');
      expect(missing.errors.userId).toEqual(['validation.required']);
      expect(missing.target).toBe('page');
      const long = await post({ intent: 'enable', userId: 'x'.repeat(500) });
      expect(long.result.status).toBe('error');
      expect(long.errors.userId).toEqual(['validation.tooLong']);
      const unknown = await post({ intent: 'disable', userId: 'no-such-user' });
      expect(unknown.result.status).toBe('error');
      expect(unknown.errors['']).toEqual(['admin.userNotFound']);
    });

    it('a malformed e-mail, a missing name or a non-staff role in an invitation', async () => {
      const before = await db.invitation.count();
      const res = await post({
        intent: 'invite-staff',
        name: '',
        email: 'not-an-e-mail',
        role: 'TEAM',
      });
      expect(res.result.status).toBe('error');
      expect(res.errors.email).toEqual(['validation.email']);
      expect(res.errors.name).toEqual(['validation.required']);
      expect(res.errors.role).toEqual(['validation.required']);
      expect(await db.invitation.count()).toBe(before);
    });

    it('a body that is not a form', async () => {
      const request = await signedInRequest(db, admin, '/admin/users', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"intent":"disable"}',
      });
      expect((await thrown(usersAction(args(request)))).status).toBe(400);
    });
  });

  describe('organisations', () => {
    it('lists and searches organisations with their member count', async () => {
      const id = uid();
      const team = await makeTeam(db, `Photonics Group ${id}`);
      await makeUser(db, { role: 'TEAM', organizationId: team.id });
      await makeUser(db, { role: 'TEAM', organizationId: team.id });
      const page = await organizationsLoader(
        args(await signedInRequest(db, admin, `/admin/organizations?q=photonics%20GROUP%20${id}`)),
      );
      expect(page.organizations).toMatchObject([
        { id: team.id, kind: 'TEAM', members: 2, institution: '山东理工大学', country: 'CN' },
      ]);
      const enterprises = await organizationsLoader(
        args(
          await signedInRequest(
            db,
            admin,
            `/admin/organizations?q=photonics%20group%20${id}&kind=ENTERPRISE`,
          ),
        ),
      );
      expect(enterprises.organizations).toEqual([]);
      const bureaus = await organizationsLoader(
        args(await signedInRequest(db, admin, '/admin/organizations?kind=BUREAU')),
      );
      expect(bureaus.organizations.map((o) => o.id)).toContain((await bureau(db)).id);
    });

    it('finds an enterprise by its credit code typed in lower case', async () => {
      const enterprise = await db.organization.findFirstOrThrow({
        where: { kind: 'ENTERPRISE', creditCode: { not: null } },
      });
      const q = enterprise.creditCode!.slice(2, 14).toLowerCase();
      const page = await organizationsLoader(
        args(await signedInRequest(db, admin, `/admin/organizations?q=${q}`)),
      );
      expect(page.organizations.map((o) => o.id)).toContain(enterprise.id);
    });
  });

  describe('audit trail', () => {
    it('pages newest first by (at, id) without gaps or repeats, filtered by record', async () => {
      const entityId = `audit-test-${uid()}`;
      const at = new Date('2030-01-01T00:00:00Z');
      // 55 events, in pairs sharing a timestamp, so the id decides the order within a pair
      await db.auditEvent.createMany({
        data: Array.from({ length: 55 }, (_, i) => ({
          actorId: admin.id,
          action: 'test.event',
          entityType: 'Test',
          entityId,
          data: JSON.stringify({ n: i }),
          at: new Date(at.getTime() + Math.floor(i / 2) * 1000),
        })),
      });
      const url = `/admin/audit?entityType=Test&entityId=${entityId}`;
      const first = await auditLoader(args(await signedInRequest(db, admin, url)));
      expect(first.events).toHaveLength(50);
      expect(first.next).toBeTruthy();
      expect(first.events[0]).toMatchObject({
        actor: admin.name,
        action: 'test.event',
        entityType: 'Test',
        entityId,
      });
      const second = await auditLoader(
        args(await signedInRequest(db, admin, `${url}&after=${first.next}`)),
      );
      expect(second.events).toHaveLength(5);
      expect(second.next).toBeNull();
      const all = [...first.events, ...second.events];
      expect(new Set(all.map((e) => e.id)).size).toBe(55);
      const order = all.map((e) => [e.at, e.id].join('|'));
      expect(order).toEqual([...order].sort().reverse());
      expect(all.map((e) => JSON.parse(e.data!).n).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 55 }, (_, i) => i),
      );
    });

    it('shows the actor of a user action by name and ignores a malformed cursor', async () => {
      const victim = await makeUser(db, { role: 'ENTERPRISE' });
      await post({ intent: 'disable', userId: victim.id });
      const page = await auditLoader(
        args(
          await signedInRequest(db, admin, `/admin/audit?entityType=User&entityId=${victim.id}`),
        ),
      );
      expect(page.events).toMatchObject([
        { action: 'user.disabled', actorId: admin.id, actor: admin.name, data: null },
      ]);
      const all = await auditLoader(
        args(await signedInRequest(db, admin, '/admin/audit?after=not-a-cursor')),
      );
      expect(all.events.length).toBeGreaterThan(0);
    });
  });
});
