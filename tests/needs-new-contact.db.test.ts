// The new-need form starts with the signed-in person and their organisation's phone as contact,
// so that a first save needs no retyping of what the platform already knows.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { db } from '~/lib/db.server';
import { action, loader } from '~/routes/needs.new';
import { makeEnterprise, makeUser } from './factories';
import { args, formPost, signedInRequest, thrownOrReturned } from './route-call';

afterAll(() => db.$disconnect());

async function enterpriseUser(name: string, contactPhone: string | null) {
  const org = await makeEnterprise(db);
  await db.organization.update({ where: { id: org.id }, data: { contactPhone } });
  return makeUser(db, { role: 'ENTERPRISE', organizationId: org.id, name });
}

async function formDefaults(user: { id: string; role: string; email: string }) {
  return loader(args(await signedInRequest(db, user, '/needs/new')));
}

describe(`the new-need form's contact (${inject('databaseKind')})`, () => {
  it("starts with the user's name and the organisation's contact phone", async () => {
    const user = await enterpriseUser('李娜', '0533-7654321');
    expect(await formDefaults(user)).toEqual({ contactName: '李娜', contactPhone: '0533-7654321' });
  });

  it("shows each enterprise its own phone, never another's", async () => {
    const a = await enterpriseUser('甲联系人', '0533-1111111');
    const b = await enterpriseUser('乙联系人', '0533-2222222');
    expect((await formDefaults(a)).contactPhone).toBe('0533-1111111');
    expect((await formDefaults(b)).contactPhone).toBe('0533-2222222');
  });

  it('leaves the phone empty when the organisation has none', async () => {
    const user = await enterpriseUser('王工', null);
    expect(await formDefaults(user)).toEqual({ contactName: '王工', contactPhone: '' });
  });

  it('is saved on the first try when the user only fills in the need itself', async () => {
    const user = await enterpriseUser('赵工', '0533-3333333');
    const contact = await formDefaults(user);
    const deadline = shanghaiDateString(new Date(Date.now() + 30 * 24 * 3600 * 1000));
    const request = await signedInRequest(
      db,
      user,
      '/needs/new',
      formPost({
        title: '陶瓷轴承球坯烧结开裂控制',
        field: '新材料',
        background: '氮化硅球坯在烧结阶段开裂，成品率不足六成。',
        'targets[0]': '球坯烧结开裂率≤2%',
        bountyType: 'FIXED',
        bountyWan: '120',
        applicationDeadline: deadline,
        implementationMonths: '18',
        ...contact,
      }),
    );
    const response = (await thrownOrReturned(() => action(args(request)))) as Response;
    expect(response.status).toBe(302);
    const id = response.headers.get('Location')?.match(/^\/needs\/([^?]+)/)?.[1];
    const saved = await db.challenge.findUniqueOrThrow({ where: { id } });
    expect([saved.contactName, saved.contactPhone]).toEqual(['赵工', '0533-3333333']);
  });

  it('tells a team member or a visitor nothing', async () => {
    const team = await makeUser(db, { role: 'TEAM' });
    const refused = (await thrownOrReturned(() => formDefaults(team))) as Response;
    expect(refused).toBeInstanceOf(Response);
    expect(refused.status).toBe(403);
    const anonymous = (await thrownOrReturned(() =>
      loader(args(new Request('http://localhost/needs/new'))),
    )) as Response;
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('Location')).toMatch(/^\/login\?redirectTo=/);
  });
});
