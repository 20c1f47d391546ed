// The contract page's forms, told apart by `intent`: the milestone and contract forms go to
// the contract services, the payment forms (app/components/payment-schedule.tsx) to the payment
// service. Each intent has its guard (app/domain/contract-rules.ts), which runs before the
// form's fields are looked at; a refusal comes back as its message on the form it concerns.
import type { SubmissionResult } from '@conform-to/react';
import { data, redirect } from '@remix-run/node';
import { idShaped } from '~/components/desk/results';
import { paymentTarget } from '~/components/payment-schedule';
import { contractIntentRoles } from '~/domain/contract-rules';
import { contractActionSchema, type ContractActionInput } from '~/forms/contracts';
import { isPaymentIntent, paymentActionSchema } from '~/forms/payments';
import {
  isTechReject,
  TECH_INTENT,
  techRegistrationSchema,
  techRejectSchema,
} from '~/forms/tech-registration';
import { forbidden, notFound, requestOrigin, requireAdmin, requireRole } from '~/lib/auth.server';
import { db, type Db } from '~/lib/db.server';
import { doneUrl } from '~/lib/done';
import { parseFormData, readFormData, refusalErrors } from '~/lib/form.server';
import { parseUploadForm, uploadRefusalStatus } from '~/services/attachments/upload-form.server';
import { startContract, terminateContract } from '~/services/contracts/lifecycle.server';
import {
  confirmMilestone,
  deliverMilestone,
  reviewMilestone,
} from '~/services/contracts/milestones.server';
import { recordTechRegistration } from '~/services/contracts/tech-registration.server';
import type { Actor } from '~/services/kernel/actor';
import { paymentAction } from './payment-action.server';
import { mayViewContract } from './contract.server';

/** The answer of one form: which form it is for (`target`), and conform's reply. */
export type ActionResult = { target: string; result: SubmissionResult<string[]> };

const answer = (target: string, result: SubmissionResult<string[]>): ActionResult => ({
  target,
  result,
});

/** The form an answer is shown on: the milestone's delivery, review or confirmation, or a contract form. */
function targetOf(payload: Record<string, unknown>) {
  const id = idShaped(payload.milestoneId);
  switch (payload.intent) {
    case 'deliver':
    case 'redeliver':
      return id ? `deliver:${id}` : 'page';
    case 'accept':
    case 'reject':
      return id ? `review:${id}` : 'page';
    case 'confirm':
      return id ? `confirm:${id}` : 'page';
    case 'start':
      return 'start';
    case 'terminate':
      return 'terminate';
    default:
      return 'page';
  }
}

/** One form of the contract page `code` by `actor` (a signed-in user). */
export async function contractPageAction(request: Request, actor: Actor, code: string) {
  if (!(await mayViewContract(db, actor, code))) throw notFound();

  let formData: FormData;
  if ((request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) {
    const upload = await parseUploadForm(request, {
      fileFields: ['file'],
      errors: 'contractsDesk.errors',
    });
    if (!upload.ok) {
      // the body was not read: the delivery form says in its URL which milestone it is for,
      // so that the refusal shows on that form's file field
      const milestoneId = idShaped(new URL(request.url).searchParams.get('deliver'));
      return data(
        answer(milestoneId ? `deliver:${milestoneId}` : 'page', {
          status: 'error',
          error: { [milestoneId ? 'file' : '']: [upload.key] },
        }),
        { status: uploadRefusalStatus(upload) },
      );
    }
    formData = upload.formData;
  } else {
    formData = await readFormData(request);
  }

  const intent = formData.get('intent');
  if (isPaymentIntent(intent)) return paymentFormAction(request, formData, actor, code);
  const roles = contractIntentRoles(intent);
  if (roles) await requireRole(request, roles);
  if (intent === TECH_INTENT) return techRegistrationFormAction(formData, actor, code);

  const submission = parseFormData(formData, { schema: contractActionSchema });
  const target = targetOf(submission.payload);
  if (submission.status !== 'success') return answer(target, submission.reply());

  const result = await contractAction(db, actor, code, submission.value, {
    files: formData.getAll('file'),
    origin: requestOrigin(request),
  });
  // the service names the intent it carried out, one of the page's notices
  if (result.ok) return redirect(doneUrl('contract', `/workspace/contracts/${code}`, result.done));
  if (result.error === 'notFound') throw notFound();
  if (result.error === 'forbidden') throw forbidden();
  return answer(target, submission.reply(refusalErrors(result)));
}

/** One form of the contract page, by intent, to the contract's services. */
export function contractAction(
  db: Db,
  actor: Actor,
  code: string,
  input: ContractActionInput,
  opts: { files?: FormDataEntryValue[]; origin?: string; now?: Date } = {},
) {
  switch (input.intent) {
    case 'deliver':
    case 'redeliver':
      return deliverMilestone(db, actor, code, input, opts);
    case 'accept':
    case 'reject':
      return reviewMilestone(db, actor, code, input, opts);
    case 'confirm':
      return confirmMilestone(db, actor, code, input.milestoneId, opts);
    case 'start':
      return startContract(db, actor, code, opts);
    case 'terminate':
      return terminateContract(db, actor, code, input.reason, opts);
  }
}

/** Which of the technology contract registration's two forms an answer is shown on. */
export const techTarget = (reject: boolean) => (reject ? 'techReject' : 'techRegistration');

// The technology contract registration's forms (staff only, checked above and by the service):
// the details form's steps and the office's refusal; a refusal comes back on its field.
async function techRegistrationFormAction(formData: FormData, actor: Actor, code: string) {
  const reject = isTechReject(formData);
  const target = techTarget(reject);
  const submission = reject
    ? parseFormData(formData, { schema: techRejectSchema })
    : parseFormData(formData, { schema: techRegistrationSchema() });
  if (submission.status !== 'success') return answer(target, submission.reply());
  const v = submission.value;
  const result = await recordTechRegistration(
    db,
    actor,
    code,
    'reason' in v ? { step: 'reject', reason: v.reason } : v,
  );
  if (result.ok)
    return redirect(doneUrl('contract', `/workspace/contracts/${code}`, `tech_${result.done}`));
  if (result.error === 'notFound') throw notFound();
  if (result.error === 'forbidden') throw forbidden();
  return answer(target, submission.reply(refusalErrors(result)));
}

// The payment forms: a reviewer requests, an admin approves, records the transfer, its failure
// or a reversal; the service's refusals come back as messages on the form, on the field they
// concern.
async function paymentFormAction(request: Request, formData: FormData, actor: Actor, code: string) {
  const intent = formData.get('intent');
  if (intent === 'requestPayment' || intent === 'retryPayment')
    await requireRole(request, ['REVIEWER']);
  else await requireAdmin(request);

  const submission = parseFormData(formData, { schema: paymentActionSchema });
  // (the intent is one of the payment intents: the caller checked)
  const milestoneId = idShaped(submission.payload.milestoneId);
  const target = milestoneId ? paymentTarget(String(intent), milestoneId) : 'page';
  if (submission.status !== 'success') return answer(target, submission.reply());

  const result = await paymentAction(db, actor, code, submission.value, {
    origin: requestOrigin(request),
  });
  if (result.ok) return redirect(doneUrl('contract', `/workspace/contracts/${code}`, result.done));
  if (result.error === 'notFound') throw notFound();
  if (result.error === 'forbidden') throw forbidden();
  return answer(target, submission.reply(refusalErrors(result)));
}
