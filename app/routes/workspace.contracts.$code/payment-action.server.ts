// The payment forms of the contract page (app/components/payment-schedule.tsx): each form's
// intent carried out by the disbursement service, as one kernel command on the contract with
// the team's notice of a recorded payment or failure, so that the change, its journal, its audit
// record and the notice commit together and the mail goes after the commit. The service's
// refusals come back as results whose key is the message (payments.errors.*) and whose field is
// the one it concerns.
import { formatWan } from '~/domain/money';
import { isStaffRole } from '~/domain/roles';
import { parseShanghaiDate, shanghaiDateString } from '~/domain/shanghai-date';
import type { PaymentActionInput, PaymentIntent } from '~/forms/payments';
import type { Db } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import { command, type Context } from '~/services/kernel/command.server';
import { lockContract } from '~/services/kernel/locks.server';
import type { NotificationKind, NotificationParams } from '~/services/kernel/notify.server';
import { refusal, Refused, type Result } from '~/services/kernel/refusal';
import {
  failDisbursement,
  recordBankTransfer,
  reverseDisbursement,
} from '~/services/payments/disbursement-outcomes.server';
import {
  approveDisbursement,
  requestDisbursement,
  retryDisbursement,
} from '~/services/payments/disbursements.server';
import {
  asPaymentRefusal,
  PAYMENT_ERRORS,
  type PaymentRefusalCode,
} from '~/services/payments/refusals';

export type PaymentDone = PaymentIntent | 'recordTransferUnchanged';
export type PaymentActionResult = Result<{ done: PaymentDone }, PaymentRefusalCode>;

/**
 * One payment form of the contract page `code`, by a staff member (the route has checked the
 * role for the intent; the service checks it again). The milestone (and the disbursement the
 * form names) must belong to this contract, or the answer is notFound.
 */
export async function paymentAction(
  db: Db,
  actor: Actor,
  code: string,
  input: PaymentActionInput,
  opts: { origin?: string; now?: Date } = {},
): Promise<PaymentActionResult> {
  const now = opts.now ?? new Date();
  if (!isStaffRole(actor.role)) return refusal(PAYMENT_ERRORS, 'forbidden');
  const m = await db.milestone.findFirst({
    where: { id: input.milestoneId, contract: { code } },
    select: {
      id: true,
      title: true,
      disbursement: { select: { id: true } },
      contract: { select: { id: true, code: true, teamId: true } },
    },
  });
  if (!m) return refusal(PAYMENT_ERRORS, 'notFound');
  const named = input.intent === 'requestPayment' ? null : input.disbursementId;
  if (named !== null && m.disbursement?.id !== named) return refusal(PAYMENT_ERRORS, 'notFound');
  const disbursementId = named ?? '';

  // the team hears of a recorded payment or failure, in the transaction that records it
  const tellTeam = (
    ctx: Context,
    kind: NotificationKind,
    amountFen: number,
    params: NotificationParams,
  ) =>
    ctx.notifyOrganization(m.contract.teamId, {
      kind,
      params: {
        contract: m.contract.code,
        title: m.title,
        amount: formatWan(amountFen, 'zh'),
        ...params,
      },
      link: `/workspace/contracts/${m.contract.code}`,
      origin: opts.origin,
    });

  const carryOut = async (ctx: Context): Promise<PaymentDone> => {
    switch (input.intent) {
      case 'requestPayment':
        await requestDisbursement(ctx.tx, actor, m.id, { now });
        return input.intent;
      case 'retryPayment':
        await retryDisbursement(ctx.tx, actor, disbursementId, { now });
        return input.intent;
      case 'approvePayment':
        await approveDisbursement(ctx.tx, actor, disbursementId, { now });
        return input.intent;
      case 'reversePayment':
        await reverseDisbursement(ctx.tx, actor, disbursementId, { reason: input.reason }, { now });
        return input.intent;
      case 'recordTransfer': {
        const paidOn = parseShanghaiDate(input.paidOn);
        if (!paidOn) throw new Refused('date', { field: 'paidOn' });
        const r = await recordBankTransfer(
          ctx.tx,
          actor,
          disbursementId,
          { reference: input.reference, paidOn },
          { now },
        );
        if (!r.changed) return 'recordTransferUnchanged';
        await tellTeam(ctx, 'disbursement.paid', r.disbursement.amountFen, {
          date: shanghaiDateString(r.disbursement.paidAt ?? paidOn),
          reference: r.disbursement.bankReference ?? '',
        });
        return input.intent;
      }
      case 'failPayment': {
        const d = await failDisbursement(
          ctx.tx,
          actor,
          disbursementId,
          { reason: input.reason },
          { now },
        );
        await tellTeam(ctx, 'disbursement.failed', d.amountFen, {
          comment: d.failureReason ?? input.reason,
        });
        return input.intent;
      }
    }
  };

  return command<{ done: PaymentDone }, PaymentRefusalCode>(
    db,
    { errors: PAYMENT_ERRORS, actor, lock: (tx) => lockContract(tx, m.contract.id) },
    async (ctx) => {
      try {
        return { done: await carryOut(ctx) };
      } catch (error) {
        // the domain's and the rail's refusals become the form's, and roll the command back
        throw asPaymentRefusal(error) ?? error;
      }
    },
  );
}
