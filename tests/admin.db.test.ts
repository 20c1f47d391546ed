// The bureau admin pages against the database: who may see them, the user search, and what
// each user action changes (and, on bad input, that it changes nothing and answers with errors).
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { loader as layoutLoader } from '~/routes/admin';
import { loader as indexLoader } from '~/routes/admin._index';
import { loader as auditLoader } from '~/routes/admin.audit/route';
import { loader as mailLoader } from '~/routes/admin.mail/route';
import { loader as organizationsLoader } from '~/routes/admin.organizations';
import { action as usersAction, loader as usersLoader } from '~/routes/admin.users/route';
import { bureau, makeTeam, makeUser, uid } from './factories';
import { args, formPost, sessionCookie, signedInRequest, TEST_ORIGIN, thrown } from './route-call';
import { setUpAdmin, admin, post } from './admin-helpers';

setUpAdmin();

afterAll(() => db.$disconnect());

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
