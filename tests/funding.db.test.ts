// 榜额到位 (issue #16 point 1, docs/decisions/032-funding-secured.md): a fixed bounty is not
// published before its funding is confirmed; a reviewer's confirmation (a bank receipt, or a
// Stripe funds hold) commits the share in the ledger with an audit record, once however many
// reviewers confirm at once; a withdrawn, rejected or unawarded challenge releases it with its
// own journal and audit record; the ledger check covers the commitments; a contract's reward
// cannot exceed them; the vetting page's form refuses bad input and writes nothing. Stripe
// funds holds: tests/funding-stripe.db.test.ts.
import { describe, expect, inject, it } from 'vitest';
import { createDb, db } from '~/lib/db.server';
import { action as decideAction } from '~/routes/review.needs.$id';
import { unawardChallenge } from '~/services/evaluation/closing.server';
import { confirmFunding } from '~/services/funding/funding.server';
import { actorOf } from '~/services/kernel/actor';
import { transition } from '~/services/needs/needs.server';
import { getPublishedChallenge } from '~/services/needs/catalogue.server';
import { checkLedger } from '~/services/payments/ledger.server';
import { parseShanghaiDate } from '~/domain/shanghai-date';
import { registerContract } from '~/services/contracts/registration.server';
import { releaseFunding } from '~/services/funding/funding.server';
import {
  closedChallenge,
  inDays,
  makeApprovedAward,
  makeChallenge,
  makeUser,
  tinyPng,
  uid,
} from './factories';
import { args, errorsOf, postAs, signedInRequest, statusOf, thrownOrReturned } from './route-call';
import { raceAcrossProcesses, RACE_TIMEOUT } from './race';

const WAN = 1_000_000;

const unfunded = (opts: Parameters<typeof makeChallenge>[1] = {}) =>
  makeChallenge(db, { published: false, bountyFen: 120 * WAN, funded: false, ...opts });

/** What a test compares before and after a refused change: nothing may differ. */
async function snapshot(challengeId: string) {
  const [challenge, confirmations, entries, audits, receipts] = await Promise.all([
    db.challenge.findUniqueOrThrow({
      where: { id: challengeId },
      select: { status: true, code: true, fundingSecuredAt: true, publishedAt: true },
    }),
    db.fundingConfirmation.count({ where: { challengeId } }),
    db.ledgerEntry.count({ where: { account: `secured:${challengeId}` } }),
    db.auditEvent.count({ where: { entityId: challengeId } }),
    db.attachment.count({ where: { ownerType: 'FundingReceipt', ownerId: challengeId } }),
  ]);
  return { challenge, confirmations, entries, audits, receipts };
}

function receiptForm(fields: Record<string, string>, file: Blob | null = tinyPngBlob()) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  if (file) body.append('receipt', file, 'receipt.png');
  return { method: 'POST', body } satisfies RequestInit;
}

function tinyPngBlob() {
  return new Blob([new Uint8Array(tinyPng())], { type: 'image/png' });
}

async function postReceipt(
  user: { id: string; role: string; email: string },
  id: string,
  fields: Record<string, string>,
  file?: Blob | null,
) {
  const request = await signedInRequest(
    db,
    user,
    `/review/needs/${id}`,
    receiptForm(fields, file === undefined ? tinyPngBlob() : file),
  );
  return thrownOrReturned(async () => decideAction(args(request, { id })));
}

describe('funding secured before publication (榜额到位)', () => {
  it('refuses to publish an unfunded fixed bounty and changes nothing; publishes an open one', async () => {
    const reviewer = await makeUser(db, { role: 'REVIEWER' });
    const need = await unfunded();
    const before = await snapshot(need.id);
    const refused = await transition(db, actorOf(reviewer), need.id, 'publish');
    expect(refused).toMatchObject({
      ok: false,
      error: 'fundingNotSecured',
      key: 'funding.errors.notSecured',
    });
    expect(await snapshot(need.id)).toEqual(before);
    // through the page: the message on the decision form
    const page = await postAs(
      db,
      decideAction,
      reviewer,
      `/review/needs/${need.id}`,
      {
        intent: 'publish',
      },
      { id: need.id },
    );
    expect(errorsOf(page)['']).toEqual(['funding.errors.notSecured']);
    expect(await snapshot(need.id)).toEqual(before);

    const open = await unfunded({ bountyFen: null });
    expect((await transition(db, actorOf(reviewer), open.id, 'publish')).ok).toBe(true);
  });

  it('records a bank receipt: the share held in the ledger with an audit record, then publishes with the public mark', async () => {
    const reviewer = await makeUser(db, { role: 'REVIEWER' });
    const need = await unfunded();
    const answer = await postReceipt(reviewer, need.id, {
      intent: 'confirmFunding',
      payer: 'ENTERPRISE',
      method: 'BANK_RECEIPT',
      bankReference: ' ｂｋ-2026 0001 ',
    });
    expect(statusOf(answer)).toBe(302);
    expect((answer as Response).headers.get('Location')).toBe(
      `/review/needs/${need.id}?done=funded`,
    );
    const row = await db.fundingConfirmation.findFirstOrThrow({ where: { challengeId: need.id } });
    expect(row).toMatchObject({
      payer: 'ENTERPRISE',
      amountFen: BigInt(120 * WAN),
      method: 'BANK_RECEIPT',
      bankReference: 'BK-20260001',
      status: 'HELD',
      confirmedById: reviewer.id,
    });
    expect(row.attachmentId).not.toBeNull();
    const receipt = await db.attachment.findUniqueOrThrow({ where: { id: row.attachmentId! } });
    expect(receipt).toMatchObject({ ownerType: 'FundingReceipt', ownerId: need.id });
    const entries = await db.ledgerEntry.findMany({
      where: { journalId: `funding:${row.id}:held` },
      orderBy: { account: 'asc' },
    });
    expect(entries.map((e) => [e.account, e.amountFen])).toEqual([
      [`secured:${need.id}`, BigInt(120 * WAN)],
      ['sponsors', BigInt(-120 * WAN)],
    ]);
    expect(entries.every((e) => e.contractId === null)).toBe(true);
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { entityId: need.id, action: 'funding.confirmed' },
    });
    expect(audit.actorId).toBe(reviewer.id);
    const secured = await db.challenge.findUniqueOrThrow({ where: { id: need.id } });
    expect(secured.fundingSecuredAt).not.toBeNull();
    expect((await checkLedger(db, { contractIds: [], challengeIds: [need.id] })).problems).toEqual(
      [],
    );

    const published = await transition(db, actorOf(reviewer), need.id, 'publish');
    expect(published.ok).toBe(true);
    const code = published.ok ? published.code! : '';
    expect((await getPublishedChallenge(db, code))?.fundsSecured).toBe(true);
    // an open bounty has no mark
    const open = await makeChallenge(db, { bountyFen: null });
    expect((await getPublishedChallenge(db, open.code!))?.fundsSecured).toBe(false);
  });

  it(
    'commits a share once when reviewers confirm it at the same moment, in one process and across processes',
    { timeout: RACE_TIMEOUT },
    async () => {
      const reviewers = await Promise.all(
        [0, 1].map(async () => actorOf(await makeUser(db, { role: 'REVIEWER' }))),
      );
      const need = await unfunded();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          confirmFunding(db, reviewers[i % 2]!, need.id, {
            payer: 'ENTERPRISE',
            method: 'BANK_RECEIPT',
            bankReference: `RACE-${i}`,
            receipt: new File([new Uint8Array(tinyPng())], 'r.png', { type: 'image/png' }),
          }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.error === 'alreadyConfirmed')).toHaveLength(7);
      const after = await snapshot(need.id);
      expect(after).toMatchObject({ confirmations: 1, entries: 1, receipts: 1 });
      expect(
        await db.auditEvent.count({ where: { entityId: need.id, action: 'funding.confirmed' } }),
      ).toBe(1);

      const raced = await unfunded();
      const jobs = Array.from({ length: 6 }, (_, i) => ({
        challengeId: raced.id,
        actor: reviewers[i % 2]!,
        ref: `RACE-P-${uid()}${i}`,
      }));
      const outcomes = await raceAcrossProcesses('tests/funding-race.worker.ts', jobs, 3);
      expect(outcomes.filter((r) => r.ok)).toHaveLength(1);
      expect(await db.fundingConfirmation.count({ where: { challengeId: raced.id } })).toBe(1);
      expect(await db.ledgerEntry.count({ where: { account: `secured:${raced.id}` } })).toBe(1);
      expect(
        await db.attachment.count({ where: { ownerType: 'FundingReceipt', ownerId: raced.id } }),
      ).toBe(1);
      expect((await checkLedger(db, { contractIds: [], challengeIds: [raced.id] })).ok).toBe(true);
    },
  );

  it('releases the commitment when the need is withdrawn, rejected or ends unawarded', async () => {
    const reviewer = actorOf(await makeUser(db, { role: 'REVIEWER' }));
    const owner = await makeUser(db, { role: 'ENTERPRISE' });
    const ids: string[] = [];

    const withdrawn = await makeChallenge(db, {
      enterpriseId: owner.organizationId!,
      published: false,
    });
    expect((await transition(db, actorOf(owner), withdrawn.id, 'withdraw')).ok).toBe(true);
    ids.push(withdrawn.id);

    const rejected = await makeChallenge(db, { published: false });
    expect(
      (await transition(db, reviewer, rejected.id, 'reject', { comment: '不属于支持范围' })).ok,
    ).toBe(true);
    ids.push(rejected.id);

    const { challenge } = await closedChallenge(db, { bids: 0 });
    const unawarded = await unawardChallenge(db, reviewer, challenge.id);
    expect(unawarded.ok).toBe(true);
    ids.push(challenge.id);

    for (const id of ids) {
      const rows = await db.fundingConfirmation.findMany({ where: { challengeId: id } });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'RELEASED' });
      expect(rows[0]!.releasedAt).not.toBeNull();
      const released = await db.ledgerEntry.findMany({
        where: { journalId: `funding:${rows[0]!.id}:released` },
      });
      expect(released.map((e) => e.amountFen).sort()).toEqual([BigInt(-WAN), BigInt(WAN)]);
      const balance = await db.ledgerEntry.aggregate({
        where: { account: `secured:${id}` },
        _sum: { amountFen: true },
      });
      expect(balance._sum.amountFen).toBe(0n);
      expect(
        await db.auditEvent.count({ where: { entityId: id, action: 'funding.released' } }),
      ).toBe(1);
      expect((await db.challenge.findUniqueOrThrow({ where: { id } })).fundingSecuredAt).toBeNull();
    }
    expect((await checkLedger(db, { contractIds: [], challengeIds: ids })).problems).toEqual([]);
  });

  it('the ledger check finds a commitment that drifts from its confirmations', async () => {
    const need = await makeChallenge(db, { published: false });
    expect((await checkLedger(db, { contractIds: [], challengeIds: [need.id] })).ok).toBe(true);
    await db.ledgerEntry.createMany({
      data: [
        { journalId: `forged-${need.id}`, account: `secured:${need.id}`, amountFen: 5n },
        { journalId: `forged-${need.id}`, account: 'sponsors', amountFen: -5n },
      ],
    });
    const drift = await checkLedger(db, { contractIds: [], challengeIds: [need.id] });
    expect(drift.ok).toBe(false);
    expect(drift.problems.join('\n')).toMatch(
      new RegExp(`secured:${need.id} is ${WAN + 5} fen, its funding confirmations call for ${WAN}`),
    );
  });

  it('finds the seeded programme’s commitments in the ledger: 45 fixed bounties, 14 released', async () => {
    const pristine = createDb(inject('pristineUrl'));
    try {
      const report = await checkLedger(pristine);
      expect(report.problems).toEqual([]);
      expect(report.figures.funding).toMatchObject({ confirmations: 45 });
      expect(report.figures.funding!.secured).toBe(report.figures.funding!.heldFen);
      expect(report.figures.funding!.sponsors).toBe(-report.figures.funding!.heldFen);
      expect(await pristine.fundingConfirmation.count({ where: { status: 'RELEASED' } })).toBe(14);
      const unfundedPublished = await pristine.challenge.count({
        where: { bountyType: 'FIXED', publishedAt: { not: null }, fundings: { none: {} } },
      });
      expect(unfundedPublished).toBe(0);
    } finally {
      await pristine.$disconnect();
    }
  });

  it('the form refuses bad input with field errors and writes nothing', async () => {
    const reviewer = await makeUser(db, { role: 'REVIEWER' });
    const need = await unfunded();
    const before = await snapshot(need.id);
    const cases: [Record<string, string>, Blob | null, string, string][] = [
      [
        { intent: 'confirmFunding', payer: 'SOMEONE', method: 'BANK_RECEIPT', bankReference: 'A1' },
        tinyPngBlob(),
        'payer',
        '',
      ],
      [
        { intent: 'confirmFunding', payer: 'ENTERPRISE', method: 'CASH' },
        tinyPngBlob(),
        'method',
        '',
      ],
      [
        { intent: 'confirmFunding', payer: 'ENTERPRISE', method: 'BANK_RECEIPT' },
        tinyPngBlob(),
        'bankReference',
        'validation.required',
      ],
      [
        {
          intent: 'confirmFunding',
          payer: 'ENTERPRISE',
          method: 'BANK_RECEIPT',
          bankReference: 'x'.repeat(65),
        },
        tinyPngBlob(),
        'bankReference',
        'validation.tooLong',
      ],
      [
        {
          intent: 'confirmFunding',
          payer: 'ENTERPRISE',
          method: 'BANK_RECEIPT',
          bankReference: '转账#1',
        },
        tinyPngBlob(),
        'bankReference',
        'funding.errors.reference',
      ],
      [
        {
          intent: 'confirmFunding',
          payer: 'ENTERPRISE',
          method: 'BANK_RECEIPT',
          bankReference: 'OK-1',
        },
        null,
        'receipt',
        'funding.errors.upload_empty',
      ],
      [
        {
          intent: 'confirmFunding',
          payer: 'ENTERPRISE',
          method: 'BANK_RECEIPT',
          bankReference: 'OK-1',
        },
        new Blob(['#!/bin/sh\nrm -rf /'], { type: 'image/png' }),
        'receipt',
        'funding.errors.upload_type',
      ],
      [
        {
          intent: 'confirmFunding',
          payer: 'ENTERPRISE',
          method: 'STRIPE_HOLD',
          stripePaymentIntentId: 'ch_123',
        },
        null,
        'stripePaymentIntentId',
        'funding.errors.paymentIntent',
      ],
      [
        {
          intent: 'confirmFunding',
          payer: 'BUREAU',
          method: 'STRIPE_HOLD',
          stripePaymentIntentId: 'pi_1',
        },
        null,
        '',
        'funding.errors.payerNotInRule',
      ],
      [
        {
          intent: 'confirmFunding',
          payer: 'ENTERPRISE',
          method: 'BANK_RECEIPT',
          bankReference: 'A\u0000B',
        },
        tinyPngBlob(),
        'bankReference',
        'validation.controlChars',
      ],
    ];
    for (const [fields, file, field, message] of cases) {
      const answer = await postReceipt(reviewer, need.id, fields, file);
      expect(statusOf(answer), JSON.stringify(fields)).toBe('data');
      // on the page's action, the answer names its card, whose form shows it (not the decisions')
      expect((answer as { target?: string }).target).toBe('confirmFunding');
      const errors = errorsOf(answer)[field];
      expect(errors, JSON.stringify(fields)).toBeTruthy();
      if (message) expect(errors).toContain(message);
    }
    // urlencoded, without the receipt at all
    const postFields = (
      user: { id: string; role: string; email: string },
      fields: Record<string, string>,
    ) =>
      postAs(
        db,
        decideAction,
        user,
        `/review/needs/${need.id}`,
        { intent: 'confirmFunding', payer: 'ENTERPRISE', ...fields },
        { id: need.id },
      );
    const plain = await postFields(reviewer, { method: 'BANK_RECEIPT', bankReference: 'OK-2' });
    expect(errorsOf(plain).receipt).toEqual(['funding.errors.upload_empty']);
    expect(await snapshot(need.id)).toEqual(before);
    // an open bounty needs no funding; a team or an enterprise may not post at all
    const open = await unfunded({ bountyFen: null });
    const notRequired = await postReceipt(reviewer, open.id, {
      intent: 'confirmFunding',
      payer: 'ENTERPRISE',
      method: 'STRIPE_HOLD',
      stripePaymentIntentId: 'pi_x',
    });
    expect(errorsOf(notRequired)['']).toEqual(['funding.errors.notRequired']);
    for (const role of ['TEAM', 'ENTERPRISE'] as const) {
      const outsider = await makeUser(db, { role });
      const r = await postFields(outsider, {
        method: 'STRIPE_HOLD',
        stripePaymentIntentId: 'pi_y',
      });
      expect([403, 404]).toContain(statusOf(r));
    }
    expect(await snapshot(need.id)).toEqual(before);
  });

  it('refuses a contract whose reward exceeds the funds held for its fixed bounty', async () => {
    const admin = actorOf(await makeUser(db, { role: 'ADMIN' }));
    const f = await makeApprovedAward(db, { bountyFen: 50 * WAN });
    // the funds were released (a correction of the records): nothing is held any more
    await db.$transaction((tx) =>
      releaseFunding({ tx, audit: async () => undefined }, f.challenge.id, {
        actorId: null,
        reason: 'test',
        now: new Date(),
      }),
    );
    const refused = await registerContract(db, admin, f.award.id, {
      rdInvestmentFen: 100 * WAN,
      signedAt: parseShanghaiDate(inDays(0))!,
      milestones: [
        { title: '一', dueDate: parseShanghaiDate(inDays(10))!, deliverables: 'a', shareBp: 10000 },
      ],
    });
    expect(refused).toMatchObject({
      ok: false,
      error: 'overCommitment',
      key: 'funding.errors.overCommitment',
    });
    expect(await db.contract.count({ where: { awardId: f.award.id } })).toBe(0);
  });
});
