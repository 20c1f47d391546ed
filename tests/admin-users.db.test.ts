// The admin users page's actions: what each changes (sessions ended, audited, mail sent), and
// bad input answered with field errors, never a 500.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { loader as mailLoader } from '~/routes/admin.mail/route';
import { action as usersAction, loader as usersLoader } from '~/routes/admin.users/route';
import { validateSessionToken } from '~/lib/session.server';
import { currentTotp, enableTotp, newTotpSecret } from '~/services/accounts/totp.server';
import { bureau, makeUser, uid } from './factories';
import { args, sessionToken, signedInRequest, TEST_ORIGIN, thrown } from './route-call';
import { setUpAdmin, admin, post } from './admin-helpers';

setUpAdmin();

afterAll(() => db.$disconnect());

describe(`admin pages (${inject('databaseKind')})`, () => {
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
});
