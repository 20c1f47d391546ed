// The contract page's payment forms on bad input and refused intents: a message on the field,
// four-eyes, role and contract guards, and nothing changed.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { inDays, makeUser, today } from './factories';
import { doneOf, errorsOf, statusOf } from './route-call';
import { postToContract } from './pages/contract';
import {
  setUpPaymentViews,
  reviewer,
  admin,
  admin2,
  teamMember,
  enterpriseMember,
  otherTeam,
  contractWithPayableMilestone,
  schedule,
  paidTotalFen,
  disbursementOf,
  snapshot,
  requestAndApprove,
  ref,
} from './payments-views-helpers';

setUpPaymentViews();

afterAll(() => db.$disconnect());

describe(`bad input and refusals change nothing (${inject('databaseKind')})`, () => {
  it('answers a wrong bank transfer, failure or reversal with a message on its field', async () => {
    const { code, m1 } = await contractWithPayableMilestone(3);
    const id = await requestAndApprove(code, m1);
    const base = { intent: 'recordTransfer', milestoneId: m1, disbursementId: id };
    const before = await snapshot(m1);
    const cases: [Record<string, string>, string, string][] = [
      [{ ...base, reference: '', paidOn: today() }, 'reference', 'validation.required'],
      [{ ...base, reference: '   ', paidOn: today() }, 'reference', 'validation.required'],
      [{ ...base, reference: ref() }, 'paidOn', 'validation.required'],
      [{ ...base, reference: ref(), paidOn: '2021-02-30' }, 'paidOn', 'payments.errors.date'],
      [{ ...base, reference: ref(), paidOn: 'tomorrow' }, 'paidOn', 'payments.errors.date'],
      [{ ...base, reference: ref(), paidOn: inDays(2) }, 'paidOn', 'payments.errors.dateInFuture'],
      [
        { ...base, reference: ref(), paidOn: inDays(-1) },
        'paidOn',
        'payments.errors.dateBeforeApproval',
      ],
      [
        { ...base, reference: '流水 #12', paidOn: today() },
        'reference',
        'payments.errors.reference',
      ],
      [
        { ...base, reference: 'Z'.repeat(65), paidOn: today() },
        'reference',
        'payments.errors.reference',
      ],
      [
        { intent: 'failPayment', milestoneId: m1, disbursementId: id, reason: '' },
        'reason',
        'validation.required',
      ],
      [
        { intent: 'failPayment', milestoneId: m1, disbursementId: id, reason: '  \n ' },
        'reason',
        'validation.required',
      ],
    ];
    for (const [fields, field, message] of cases) {
      const r = await postToContract(admin2, code, fields);
      expect(statusOf(r), JSON.stringify(fields)).toBe('data');
      expect(errorsOf(r)[field], JSON.stringify(fields)).toEqual([message]);
      expect((r as { target?: string }).target).toBe(`${fields.intent}:${m1}`);
    }
    expect(await snapshot(m1)).toEqual(before);

    // a reference already recorded for another payment
    const other = await contractWithPayableMilestone(3);
    const otherId = await requestAndApprove(other.code, other.m1);
    const taken = ref();
    await postToContract(admin2, other.code, {
      intent: 'recordTransfer',
      milestoneId: other.m1,
      disbursementId: otherId,
      reference: taken,
      paidOn: today(),
    });
    // (the same team was notified of that payment)
    const beforeReuse = await snapshot(m1);
    expect(beforeReuse.d).toEqual(before.d);
    const reused = await postToContract(admin2, code, {
      ...base,
      reference: taken,
      paidOn: today(),
    });
    expect(errorsOf(reused).reference).toEqual(['payments.errors.referenceInUse']);
    expect(await snapshot(m1)).toEqual(beforeReuse);

    // a reversal needs a reason too
    const paid = await postToContract(admin2, code, { ...base, reference: ref(), paidOn: today() });
    expect(doneOf(paid)).toBe('recordTransfer');
    const paidState = await snapshot(m1);
    const reverse = await postToContract(admin, code, {
      intent: 'reversePayment',
      milestoneId: m1,
      disbursementId: id,
      reason: '',
    });
    expect(errorsOf(reverse).reason).toEqual(['validation.required']);
    expect(await snapshot(m1)).toEqual(paidState);
    // with a reason, reversed: no longer counted as paid
    const paidBefore = await paidTotalFen();
    const reversed = await postToContract(admin, code, {
      intent: 'reversePayment',
      milestoneId: m1,
      disbursementId: id,
      reason: '重复付款，已退回',
    });
    expect(doneOf(reversed)).toBe('reversePayment');
    expect(paidBefore - (await paidTotalFen())).toBe(120_000_000);
    const s = await schedule(admin, code);
    expect(s.instalments[0]).toMatchObject({
      state: 'REVERSED',
      actions: [],
      clock: { state: 'reversed' },
    });
  });

  it('refuses an approval by the requester (four-eyes) with a message, and changes nothing', async () => {
    const { code, m1 } = await contractWithPayableMilestone(1);
    // a reviewer who requested, then became an admin
    const promoted = await makeUser(db, { role: 'REVIEWER' });
    expect(
      doneOf(await postToContract(promoted, code, { intent: 'requestPayment', milestoneId: m1 })),
    ).toBe('requestPayment');
    await db.user.update({ where: { id: promoted.id }, data: { role: 'ADMIN' } });
    const id = (await disbursementOf(m1)).id;
    const page = await schedule(promoted, code);
    expect(page.instalments[0]!.disbursement!.requestedByViewer).toBe(true);
    const before = await snapshot(m1);

    const refused = await postToContract(promoted, code, {
      intent: 'approvePayment',
      milestoneId: m1,
      disbursementId: id,
    });
    expect(statusOf(refused)).toBe('data');
    expect((refused as { target?: string }).target).toBe(`approvePayment:${m1}`);
    expect(errorsOf(refused)['']).toEqual(['payments.errors.fourEyes']);
    expect(await snapshot(m1)).toEqual(before);
    expect((await disbursementOf(m1)).status).toBe('REQUESTED');

    // another admin may
    expect(
      doneOf(
        await postToContract(admin, code, {
          intent: 'approvePayment',
          milestoneId: m1,
          disbursementId: id,
        }),
      ),
    ).toBe('approvePayment');
  });

  it('guards each payment intent by role, and by the contract the form names', async () => {
    const { code, m1 } = await contractWithPayableMilestone(1);
    const other = await contractWithPayableMilestone(1);
    const before = await snapshot(m1);
    const request = { intent: 'requestPayment', milestoneId: m1 };
    for (const user of [teamMember, enterpriseMember, admin])
      expect(statusOf(await postToContract(user, code, request))).toBe(403);
    expect(statusOf(await postToContract(otherTeam, code, request))).toBe(404);
    // a milestone of another contract, on this contract's page
    expect(
      statusOf(
        await postToContract(reviewer, code, { intent: 'requestPayment', milestoneId: other.m1 }),
      ),
    ).toBe(404);
    expect(
      statusOf(
        await postToContract(reviewer, code, { intent: 'requestPayment', milestoneId: 'x' }),
      ),
    ).toBe(404);
    expect(await snapshot(m1)).toEqual(before);
    expect(await db.disbursement.findUnique({ where: { milestoneId: other.m1 } })).toBeNull();

    await postToContract(reviewer, code, request);
    const id = (await disbursementOf(m1)).id;
    const requested = await snapshot(m1);
    const approve = { intent: 'approvePayment', milestoneId: m1, disbursementId: id };
    for (const user of [reviewer, teamMember, enterpriseMember])
      expect(statusOf(await postToContract(user, code, approve))).toBe(403);
    // the disbursement must be the milestone's
    expect(
      statusOf(await postToContract(admin, code, { ...approve, disbursementId: 'nope' })),
    ).toBe(404);
    // a form without its milestone: a message, no change
    const bare = await postToContract(admin, code, {
      intent: 'approvePayment',
      disbursementId: id,
    });
    expect(statusOf(bare)).toBe('data');
    expect(errorsOf(bare).milestoneId).toEqual(['validation.required']);
    expect(await snapshot(m1)).toEqual(requested);
  });
});
