// Open data in OCDS 1.1 (issue 14, points 4 and 5; docs/decisions/022-open-data-ocds.md): every
// public record as a release package valid against the official schemas, one package per
// challenge, exact amounts in yuan, milestones and payments linked, nothing private in the bytes,
// a JSON 404 for any other name; and a contract's progress on its public page.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PUBLIC_STATUSES } from '~/domain/need';
import { ocidFor } from '~/domain/ocds';
import { applyCachePolicy, PUBLIC_CACHE, PUBLIC_PAGE_CACHE } from '~/lib/cache.server';
import { db } from '~/lib/db.server';
import { loader as contractPage } from '~/routes/contracts.$code';
import { loader as processFile } from '~/routes/open-data.ocds.$file';
import { loader as releasesFile } from '~/routes/open-data.ocds.releases[.]json';
import { loader as openDataPage } from '~/routes/open-data._index';
import { ocdsPrefix } from '~/services/open-data/config.server';
import { releasePackageStream } from '~/services/open-data/releases.server';
import { makeApprovedAward, makeChallenge, makeUser, uid } from './factories';
import { args, TEST_ORIGIN } from './route-call';

afterAll(() => db.$disconnect());

const schemaFile = (name: string) =>
  JSON.parse(readFileSync(new URL(`../schemas/ocds-1.1/${name}`, import.meta.url), 'utf8'));

/** The official package schema, and the release schema with the milestone link patched in. */
function validators() {
  const release = schemaFile('release-schema.json');
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema(release);
  const withLink = structuredClone(release);
  withLink.id = 'urn:jiebang:release-schema-with-milestone-link';
  const patch = schemaFile('extensions/transactions_relatedMilestone/release-schema.json');
  Object.assign(
    withLink.definitions.Transaction.properties,
    patch.definitions.Transaction.properties,
  );
  // the extension's milestoneReference: the milestone's id and title
  withLink.definitions.milestoneReference = {
    type: 'object',
    required: ['id'],
    properties: {
      id: { type: ['string', 'integer'], minLength: 1 },
      title: { type: ['string', 'null'] },
    },
    additionalProperties: false,
  };
  return {
    releasePackage: ajv.compile(schemaFile('release-package-schema.json')),
    releaseWithLink: ajv.compile(withLink),
  };
}
const validate = validators();

function expectValid(pkg: { releases: unknown[] }) {
  const ok = validate.releasePackage(pkg);
  expect(validate.releasePackage.errors ?? [], 'release package schema').toEqual([]);
  expect(ok).toBe(true);
  for (const release of pkg.releases) {
    validate.releaseWithLink(release);
    expect(validate.releaseWithLink.errors ?? [], 'release schema with the extension').toEqual([]);
  }
}

const get = (path: string) => new Request(new URL(path, TEST_ORIGIN));
const fileOf = (code: string) => `${ocidFor(ocdsPrefix, code)}.json`;

async function fetchFile(file: string) {
  return processFile(args(get(`/open-data/ocds/${encodeURIComponent(file)}`), { file }));
}

async function releasesText() {
  const response = releasesFile(args(get('/open-data/ocds/releases.json')));
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
  expect(response.headers.get('Cache-Control')).toBe(PUBLIC_CACHE);
  return response.text();
}

// Distinctive private values, each of which must stay out of every byte of the open data.
const tag = uid();
const SECRETS = {
  enterpriseContact: `企业联系人${tag}`,
  enterprisePhone: `0533-7${tag.replace(/\D/g, '').padEnd(6, '1').slice(0, 6)}`,
  enterpriseEmail: `contact-${tag}@ocds.example`,
  needContact: `榜单联系人${tag}`,
  needPhone: `0533-8${tag.replace(/\D/g, '').padEnd(6, '2').slice(0, 6)}`,
  teamLeader: `团队负责人${tag}`,
  teamMember: `团队成员${tag}`,
  teamPhone: `0533-6${tag.replace(/\D/g, '').padEnd(6, '3').slice(0, 6)}`,
  userName: `用户姓名${tag}`,
  userEmail: `member-${tag}@ocds.example`,
  approach: `揭榜方案${tag}`,
  deliverables: `交付物${tag}`,
  bankReference: `BANK-${tag}`,
};
const UNPUBLISHED = ['DRAFT', 'SUBMITTED', 'RETURNED', 'REJECTED', 'WITHDRAWN'] as const;
const unpublishedTitle = (status: string) => `未发布需求${status}${tag}`;

let code: string;
let contractCode: string;
let creditCode: string;
let hiddenCode: string;

beforeAll(async () => {
  const { challenge, application, teamId, enterpriseId, award } = await makeApprovedAward(db, {
    bountyFen: 300_000_001,
  });
  code = challenge.code!;
  await db.challenge.update({
    where: { id: challenge.id },
    data: { contactName: SECRETS.needContact, contactPhone: SECRETS.needPhone },
  });
  const enterprise = await db.organization.update({
    where: { id: enterpriseId },
    data: {
      contactName: SECRETS.enterpriseContact,
      contactPhone: SECRETS.enterprisePhone,
      contactEmail: SECRETS.enterpriseEmail,
    },
  });
  creditCode = enterprise.creditCode!;
  await db.organization.update({
    where: { id: teamId },
    data: {
      leader: SECRETS.teamLeader,
      membersJson: JSON.stringify([{ name: SECRETS.teamMember, role: '工程师' }]),
      contactPhone: SECRETS.teamPhone,
    },
  });
  await makeUser(db, {
    role: 'TEAM',
    organizationId: teamId,
    name: SECRETS.userName,
    email: SECRETS.userEmail,
  });
  await db.application.update({
    where: { id: application.id },
    data: { approach: SECRETS.approach },
  });
  contractCode = `HT-2099-${tag}`;
  const contract = await db.contract.create({
    data: {
      code: contractCode,
      challengeId: challenge.id,
      awardId: award.id,
      enterpriseId,
      teamId,
      rewardFen: 300_000_001n,
      rdInvestmentFen: 900_000_000n,
      status: 'IN_PROGRESS',
      signedAt: new Date('2099-01-10T02:00:00Z'),
      milestones: {
        create: [
          [1, 'ACCEPTED', 123_456_789n, new Date('2099-03-01T00:00:00Z')],
          [2, 'ACCEPTED', 100_000_000n, new Date('2099-04-01T00:00:00Z')],
          [3, 'PENDING', 76_543_212n, null],
        ].map(([seq, status, amountFen, acceptedAt]) => ({
          seq: seq as number,
          title: `节点${seq}`,
          dueDate: new Date('2099-06-30T00:00:00Z'),
          deliverables: SECRETS.deliverables,
          shareBp: 1,
          amountFen: amountFen as bigint,
          status: status as string,
          acceptedAt: acceptedAt as Date | null,
        })),
      },
    },
    select: { id: true, milestones: { select: { id: true, seq: true, amountFen: true } } },
  });
  // instalment 1 paid, instalment 2 only approved: only the first is a transaction
  for (const m of contract.milestones.filter((m) => m.seq < 3)) {
    await db.disbursement.create({
      data: {
        contractId: contract.id,
        milestoneId: m.id,
        amountFen: m.amountFen,
        status: m.seq === 1 ? 'PAID' : 'APPROVED',
        idempotencyKey: `ocds-${tag}-${m.seq}`,
        approvedAt: new Date('2099-03-05T00:00:00Z'),
        paidAt: m.seq === 1 ? new Date('2099-03-10T00:00:00Z') : null,
        bankReference: m.seq === 1 ? SECRETS.bankReference : null,
      },
    });
  }
  for (const status of UNPUBLISHED) {
    await makeChallenge(db, { published: false, status, title: unpublishedTitle(status) });
  }
  // a code but never published (as if its publication had been undone): still not public
  const hidden = await makeChallenge(db, { status: 'SUBMITTED', title: unpublishedTitle('CODE') });
  hiddenCode = hidden.code!;
});

describe(`/open-data/ocds/releases.json (${inject('databaseKind')})`, () => {
  it('holds one valid release for every public challenge, the newest change as its date', async () => {
    const pkg = JSON.parse(await releasesText());
    expectValid(pkg);
    const publicCount = await db.challenge.count({
      where: {
        code: { not: null },
        publishedAt: { not: null },
        status: { in: [...PUBLIC_STATUSES] },
      },
    });
    const ocids = pkg.releases.map((r: { ocid: string }) => r.ocid);
    expect(ocids.length).toBe(publicCount);
    expect(new Set(ocids).size).toBe(ocids.length);
    expect(ocids).toContain(ocidFor(ocdsPrefix, code));
    const latest = Math.max(...pkg.releases.map((r: { date: string }) => Date.parse(r.date)));
    expect(Date.parse(pkg.publishedDate)).toBe(latest);
    expect(pkg.uri).toBe(`${TEST_ORIGIN}/open-data/ocds/releases.json`);
  });

  it('pages through the challenges by keyset without losing or repeating one', async () => {
    const now = new Date();
    const read = (pageSize: number) =>
      new Response(
        releasePackageStream(db, { origin: TEST_ORIGIN, prefix: ocdsPrefix, now }, pageSize),
      ).text();
    const [small, whole] = await Promise.all([read(2), read(1000)]);
    expect(small).toBe(whole);
  });

  it('publishes no contact, no person, no application and no unpublished need', async () => {
    const text = await releasesText();
    for (const [what, secret] of Object.entries(SECRETS)) {
      expect(text.includes(secret), `${what}: ${secret}`).toBe(false);
    }
    for (const status of [...UNPUBLISHED, 'CODE']) {
      expect(text.includes(unpublishedTitle(status)), status).toBe(false);
    }
    expect(text.includes(hiddenCode)).toBe(false);
    // nothing that looks like a phone number or an e-mail address at all
    expect(text).not.toMatch(/0533-\d{7}/);
    expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });
});

describe(`/open-data/ocds/<ocid>.json (${inject('databaseKind')})`, () => {
  it('maps the challenge, its award, contract, milestones and the instalment paid', async () => {
    const response = await fetchFile(fileOf(code));
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('Cache-Control')).toBe(PUBLIC_CACHE);
    const text = await response.text();
    // amounts in yuan, exact to the fen, written as the digits themselves
    expect(text).toContain('"amount":3000000.01,"currency":"CNY"');
    expect(text).toContain('"amount":1234567.89,"currency":"CNY"');
    const pkg = JSON.parse(text);
    expectValid(pkg);
    expect(pkg.releases).toHaveLength(1);
    const [release] = pkg.releases;
    expect(release.ocid).toBe(ocidFor(ocdsPrefix, code));
    expect(release.tender).toMatchObject({ id: code, status: 'complete' });
    expect(release.parties[0].identifier).toEqual({
      scheme: 'CN-USCC',
      id: creditCode,
      legalName: expect.any(String),
    });
    const [contract] = release.contracts;
    expect(contract.id).toBe(contractCode);
    expect(release.awards.map((a: { id: string }) => a.id)).toEqual([contract.awardID]);
    expect(
      contract.implementation.milestones.map((m: { status: string; dateMet?: string }) => [
        m.status,
        m.dateMet ?? null,
      ]),
    ).toEqual([
      ['met', '2099-03-01T00:00:00.000Z'],
      ['met', '2099-04-01T00:00:00.000Z'],
      ['scheduled', null],
    ]);
    expect(contract.implementation.transactions).toEqual([
      expect.objectContaining({
        date: '2099-03-10T00:00:00.000Z',
        value: { amount: 1234567.89, currency: 'CNY' },
        relatedImplementationMilestone: { id: '1', title: '节点1' },
      }),
    ]);
    // and the validators do refuse what the schemas forbid
    const broken = structuredClone(pkg);
    broken.releases[0].contracts[0].value.amount = '3000000.01';
    expect(validate.releasePackage(broken)).toBe(false);
    const unlinked = structuredClone(release);
    unlinked.contracts[0].implementation.transactions[0].relatedImplementationMilestone = {
      title: '节点1',
    };
    expect(validate.releaseWithLink(unlinked)).toBe(false);
    expect(pkg.extensions).toEqual([
      expect.stringMatching(/ocds_transactions_relatedMilestone_extension/),
    ]);
    for (const secret of Object.values(SECRETS)) expect(text.includes(secret)).toBe(false);
  });

  it('answers a JSON 404 for any name that is not a public ocid, never a 500', async () => {
    const names = [
      fileOf(hiddenCode),
      fileOf('ZB-1900-999'),
      `ocds-zzzzzz-${code}.json`,
      ocidFor(ocdsPrefix, code),
      `${fileOf(code)}.json`,
      '',
      'releases',
      '.json',
      '../../etc/passwd.json',
      `${ocidFor(ocdsPrefix, code)}\u0000.json`,
      `${ocidFor(ocdsPrefix, "ZB' OR '1'='1")}.json`,
      `${ocidFor(ocdsPrefix, 'x'.repeat(10_000))}.json`,
      `${ocidFor(ocdsPrefix, '%E0%A4%A')}.json`,
      `${ocidFor(ocdsPrefix, '榜单')}.json`,
    ];
    for (const name of names) {
      const response = await fetchFile(name);
      expect(response.status, name.slice(0, 80)).toBe(404);
      expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
      expect(await response.json()).toMatchObject({ error: 'not_found' });
    }
  });
});

describe(`public progress (${inject('databaseKind')})`, () => {
  it('shows milestones met, the share of the reward paid and the dates on the contract page', async () => {
    const data = await contractPage(
      args(get(`/contracts/${contractCode}`), { code: contractCode }),
    );
    expect(data.progress).toEqual({
      met: 2,
      total: 3,
      paidFen: 123_456_789,
      rewardFen: 300_000_001,
      // 123,456,789 / 300,000,001 = 41.15 %, rounded down
      paidBp: 4115,
      lastMetAt: '2099-04-01T00:00:00.000Z',
      lastPaidAt: '2099-03-10T00:00:00.000Z',
    });
    expect(data.openData).toBe(`/open-data/ocds/${fileOf(code)}`);
  });

  it('documents the files on /open-data with a working example', async () => {
    const data = await openDataPage();
    expect(data.prefix).toBe(ocdsPrefix);
    const file = data.example!.split('/').pop()!;
    expect((await fetchFile(file)).status).toBe(200);
    // an anonymous visitor's copy of the page may be kept, as the other public pages are
    const headers = new Headers({ 'Content-Type': 'text/html; charset=utf-8' });
    applyCachePolicy(get('/open-data'), 200, headers);
    expect(headers.get('Cache-Control')).toBe(PUBLIC_PAGE_CACHE);
  });
});
