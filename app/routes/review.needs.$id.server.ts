// The need's vetting page's forms (routes/review.needs.$id.tsx), one action told apart by
// `intent`: the decisions (publish, return, reject), the funding confirmation (榜额到位,
// components/funding-card.tsx, multipart with its receipt) and "mark as duplicate"
// (components/similar-needs.tsx). The two cards post with fetchers, and without JavaScript as
// a plain form: either way to this page, so that a refusal is the page with its field errors.
// A decision's refusal answers Conform's reply; a card's says which card it is for (`target`).
import { data, redirect } from '@remix-run/node';
import type { Targeted } from '~/components/desk/results';
import { DUPLICATE_INTENT, markDuplicateSchema } from '~/forms/duplicates';
import { FUNDING_INTENT, fundingConfirmSchema } from '~/forms/funding';
import { needDecisionSchema } from '~/forms/needs';
import { resolveLocale } from '~/i18n/locale.server';
import { requestOrigin } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { doneUrl } from '~/lib/done';
import { formAction, parseFormData, readFormData, refusedReply } from '~/lib/form.server';
import { parseUploadForm, uploadRefusalStatus } from '~/services/attachments/upload-form.server';
import { confirmFunding, FUNDING_ERRORS } from '~/services/funding/funding.server';
import type { Actor } from '~/services/kernel/actor';
import { markDuplicate } from '~/services/needs/duplicates.server';
import { transition } from '~/services/needs/needs.server';

const answer = (target: string, result: Targeted['result']): Targeted => ({ target, result });

/** One form of the vetting page of need `id`, by a staff member. */
export async function vettingAction(request: Request, actor: Actor, id: string) {
  let formData: FormData;
  if ((request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) {
    // only the funding form sends files: a body refused unread is its receipt's refusal
    const upload = await parseUploadForm(request, {
      fileFields: ['receipt'],
      errors: FUNDING_ERRORS,
    });
    if (!upload.ok)
      return data(
        answer(FUNDING_INTENT, {
          status: 'error',
          error: { [upload.field ?? '']: [upload.key] },
        }),
        { status: uploadRefusalStatus(upload) },
      );
    formData = upload.formData;
  } else formData = await readFormData(request);

  const intent = formData.get('intent');
  if (intent === FUNDING_INTENT) return fundingAction(actor, id, formData);
  if (intent === DUPLICATE_INTENT) return duplicateAction(request, actor, id, formData);
  return decisionAction(request, actor, id, formData);
}

/** Publish, return or reject: Conform's reply on a refusal, else the page with its notice. */
async function decisionAction(request: Request, actor: Actor, id: string, formData: FormData) {
  return formAction(formData, needDecisionSchema, {
    run: ({ intent, comment }) =>
      transition(db, actor, id, intent, {
        comment: comment || undefined,
        origin: requestOrigin(request),
      }),
    done: ({ code }, { intent }) =>
      redirect(doneUrl('needDecision', `/review/needs/${id}`, intent, code ? { code } : {})),
  });
}

/**
 * 榜额到位: one payer's share of a fixed bounty confirmed (a bank receipt with its reference,
 * or a Stripe funds hold) — services/funding/funding.server.ts.
 */
async function fundingAction(actor: Actor, id: string, formData: FormData) {
  const submission = parseFormData(formData, { schema: fundingConfirmSchema });
  if (submission.status !== 'success') return answer(FUNDING_INTENT, submission.reply());
  const result = await confirmFunding(db, actor, id, {
    ...submission.value,
    receipt: formData.get('receipt'),
  });
  if (!result.ok) return answer(FUNDING_INTENT, refusedReply(submission, result));
  return redirect(doneUrl('needDecision', `/review/needs/${id}`, 'funded'));
}

/**
 * The need marked as a duplicate of an earlier one, which returns it to the enterprise with
 * that reason (services/needs/duplicates.server.ts), in the reviewer's language.
 */
async function duplicateAction(request: Request, actor: Actor, id: string, formData: FormData) {
  const submission = parseFormData(formData, { schema: markDuplicateSchema });
  if (submission.status !== 'success') return answer(DUPLICATE_INTENT, submission.reply());
  const result = await markDuplicate(db, actor, id, submission.value, {
    locale: resolveLocale(request).locale,
    origin: requestOrigin(request),
  });
  if (!result.ok) return answer(DUPLICATE_INTENT, refusedReply(submission, result));
  return redirect(doneUrl('needDecision', `/review/needs/${id}`, 'return'));
}
