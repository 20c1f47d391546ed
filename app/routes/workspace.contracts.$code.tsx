import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useAttachmentCheck } from '~/components/attachment-check';
import { Card, ErrorList, FormError, TextareaField } from '~/components/form';
import { PaymentSchedule, paymentFormTargets, paymentTarget } from '~/components/payment-schedule';
import { DateText, Facts, pick, StatusBadge, Wan } from '~/components/ui';
import { ATTACHMENT_ACCEPT } from '~/domain/attachment-check';
import { formatSharePercent } from '~/domain/contract-rules';
import { formatYuan } from '~/domain/money';
import type { Role } from '~/domain/roles';
import {
  confirmMilestoneSchema,
  contractActionSchema,
  deliverSchema,
  EVIDENCE_MAX_LENGTH,
  reviewMilestoneSchema,
  startContractSchema,
  terminateContractSchema,
} from '~/forms/contracts';
import { isPaymentIntent, paymentActionSchema } from '~/forms/payments';
import { tKey, useI18n } from '~/i18n/i18n';
import {
  actorOf,
  forbidden,
  notFound,
  requestOrigin,
  requireAdmin,
  requireRole,
  requireStaff,
  requireTeam,
  requireUser,
} from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { parseUploadForm } from '~/services/attachments/attachments.server';
import {
  contractAction,
  contractForViewer,
  mayViewContract,
} from '~/services/contracts/contracts.server';
import { paymentAction, paymentSchedule } from '~/services/payments/views.server';
import { parseFormData } from '~/lib/form.server';
import { DoneNotice } from '~/components/done-notice';
import { doneUrl, type DoneKey } from '~/lib/done';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(matches, data ? data.contract.code : 'contracts.notFound', Boolean(data));

// The contract's two parties and the bureau; another organisation's contract answers 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const viewer = actorOf(user);
  const [contract, payments] = await Promise.all([
    contractForViewer(db, viewer, params.code ?? ''),
    paymentSchedule(db, viewer, params.code ?? ''),
  ]);
  if (!contract || !payments) throw notFound();
  return { contract, payments };
}

type ActionResult = { target: string; result: SubmissionResult<string[]> };

function targetOf(payload: Record<string, unknown>) {
  const id =
    typeof payload.milestoneId === 'string' && payload.milestoneId ? payload.milestoneId : null;
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

// One action for the page's forms, told apart by `intent`; each intent has its own guard,
// which runs before the form's fields are looked at.
export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  const actor = actorOf(user);
  const code = params.code ?? '';
  if (!(await mayViewContract(db, actor, code))) throw notFound();

  let formData: FormData;
  if ((request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')) {
    const upload = await parseUploadForm(request, { fileFields: ['file'] });
    if (!upload.ok) {
      const why = upload.formError ?? 'too_large';
      // the body was not read: the delivery form says in its URL which milestone it is for,
      // so that the refusal shows on that form's file field
      const milestoneId = new URL(request.url).searchParams.get('deliver');
      return data(
        {
          target: milestoneId ? `deliver:${milestoneId}` : 'page',
          result: {
            status: 'error',
            error: { [milestoneId ? 'file' : '']: [`contractsDesk.errors.upload_${why}`] },
          },
        } satisfies ActionResult as ActionResult,
        { status: why === 'too_large' ? 413 : 400 },
      );
    }
    formData = upload.formData;
  } else {
    const parsed = await request.formData().catch(() => null);
    if (!parsed) throw new Response('Bad Request', { status: 400 });
    formData = parsed;
  }

  const intent = formData.get('intent');
  if (isPaymentIntent(intent)) return paymentFormAction(request, formData, actor, code);
  if (intent === 'deliver' || intent === 'redeliver') await requireTeam(request);
  else if (intent === 'accept' || intent === 'reject')
    await requireRole(request, ['ENTERPRISE', 'REVIEWER', 'ADMIN']);
  else if (intent === 'confirm' || intent === 'start') await requireStaff(request);
  else if (intent === 'terminate') await requireAdmin(request);

  const submission = parseFormData(formData, { schema: contractActionSchema });
  const target = targetOf(submission.payload);
  if (submission.status !== 'success')
    return { target, result: submission.reply() } satisfies ActionResult as ActionResult;

  const result = await contractAction(db, actor, code, submission.value, {
    files: formData.getAll('file'),
    origin: requestOrigin(request),
  });
  // the service names the intent it carried out, one of the page's notices
  if (result.ok)
    return redirect(
      doneUrl('contract', `/workspace/contracts/${code}`, result.done as DoneKey<'contract'>),
    );
  if (result.error === 'notFound') throw notFound();
  if (result.error === 'forbidden') throw forbidden();
  const message = `contractsDesk.errors.${result.error}`;
  return {
    target,
    result: submission.reply(
      result.error.startsWith('upload_')
        ? { fieldErrors: { file: [message] } }
        : { formErrors: [message] },
    ),
  } satisfies ActionResult as ActionResult;
}

// The payment forms (app/components/payment-schedule.tsx): a reviewer requests, an admin
// approves, records the transfer, its failure or a reversal; the service's refusals come back
// as messages on the form, on the field they concern.
async function paymentFormAction(
  request: Request,
  formData: FormData,
  actor: { id: string; role: Role; organizationId: string },
  code: string,
) {
  const intent = formData.get('intent');
  if (intent === 'requestPayment' || intent === 'retryPayment')
    await requireRole(request, ['REVIEWER']);
  else await requireAdmin(request);

  const submission = parseFormData(formData, { schema: paymentActionSchema });
  const milestoneId = submission.payload.milestoneId;
  const target =
    typeof milestoneId === 'string' && milestoneId
      ? paymentTarget(String(intent), milestoneId)
      : 'page';
  if (submission.status !== 'success')
    return { target, result: submission.reply() } satisfies ActionResult as ActionResult;

  const result = await paymentAction(db, actor, code, submission.value, {
    origin: requestOrigin(request),
  });
  if (result.ok) return redirect(doneUrl('contract', `/workspace/contracts/${code}`, result.done));
  if (result.error === 'notFound') throw notFound();
  if (result.error === 'forbidden') throw forbidden();
  const message = `payments.errors.${result.error}`;
  return {
    target,
    result: submission.reply(
      'field' in result && result.field
        ? { fieldErrors: { [result.field]: [message] } }
        : { formErrors: [message] },
    ),
  } satisfies ActionResult as ActionResult;
}

type Contract = ReturnType<typeof useLoaderData<typeof loader>>['contract'];
type Milestone = Contract['milestones'][number];

export default function ContractPage() {
  const { contract: c, payments } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const resultFor = (target: string) => (outcome?.target === target ? outcome.result : undefined);
  const shown = new Set([
    'start',
    'terminate',
    ...c.milestones.flatMap((m) => [`deliver:${m.id}`, `review:${m.id}`, `confirm:${m.id}`]),
    ...paymentFormTargets(payments),
  ]);
  const stray =
    outcome && !shown.has(outcome.target)
      ? Object.values(outcome.result.error ?? {}).flatMap((e) => e ?? [])
      : [];
  const staff = c.viewer.role === 'REVIEWER' || c.viewer.role === 'ADMIN';
  return (
    <div className="space-y-6">
      <Link to={staff ? '/review/contracts' : '/workspace/contracts'} className="text-sm">
        ← {staff ? t('contractsDesk.title') : t('contractsDesk.workspace.title')}
      </Link>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">
          {t('contracts.code')} {c.code}
        </h1>
        <span data-testid="contract-status">
          <StatusBadge status={c.status} />
        </span>
        <Link to={`/contracts/${c.code}`} className="text-sm">
          {t('contractsDesk.contract.publicPage')}
        </Link>
      </div>
      <DoneNotice page="contract" values={['code']} />
      <FormError errors={stray} />
      <Facts
        rows={[
          [
            t('contractsDesk.contract.challenge'),
            <span>
              <span className="font-mono">{c.challenge.code}</span>{' '}
              {pick(locale, c.challenge.title, c.challenge.titleEn)}
            </span>,
          ],
          [
            t('contractsDesk.contract.enterprise'),
            pick(locale, c.enterprise.name, c.enterprise.nameEn),
          ],
          [
            t('contractsDesk.contract.team'),
            `${pick(locale, c.team.name, c.team.nameEn)}${c.team.institution ? ` · ${pick(locale, c.team.institution, c.team.institutionEn)}` : ''}`,
          ],
          [t('contractsDesk.contract.signedAt'), <DateText value={c.signedAt} />],
          [t('contractsDesk.contract.reward'), <Wan fen={c.rewardFen} />],
          [t('contractsDesk.contract.rdInvestment'), <Wan fen={c.rdInvestmentFen} />],
          ...(c.acceptedAt
            ? ([[t('contractsDesk.contract.acceptedAt'), <DateText value={c.acceptedAt} />]] as [
                string,
                React.ReactNode,
              ][])
            : []),
          ...(c.terminatedAt
            ? ([
                [t('contractsDesk.contract.terminatedAt'), <DateText value={c.terminatedAt} />],
              ] as [string, React.ReactNode][])
            : []),
        ]}
      />
      {c.challenge.bountyType === 'OPEN' && c.awardId ? (
        <p className="text-sm">
          <Link to={`/negotiation/${c.awardId}`}>{t('contractsDesk.contract.negotiation')}</Link>
        </p>
      ) : null}

      <section aria-labelledby="milestones-title" className="space-y-3">
        <h2 id="milestones-title" className="text-lg font-semibold">
          {t('contractsDesk.contract.milestones')}
        </h2>
        <ol className="space-y-4">
          {c.milestones.map((m) => (
            <MilestoneCard
              key={m.id}
              m={m}
              contractOpen={c.status === 'SIGNED' || c.status === 'IN_PROGRESS'}
              role={c.viewer.role}
              resultFor={resultFor}
            />
          ))}
        </ol>
      </section>

      <PaymentSchedule schedule={payments} resultFor={resultFor} />

      {c.viewer.contractActions.length > 0 ? (
        <Card title={t('contractsDesk.contract.manageTitle')}>
          {c.viewer.contractActions.includes('start') ? (
            <StartForm lastResult={resultFor('start')} />
          ) : null}
          {c.viewer.contractActions.includes('terminate') ? (
            <TerminateForm lastResult={resultFor('terminate')} />
          ) : null}
        </Card>
      ) : null}

      <Card title={t('contractsDesk.contract.trail')}>
        {c.trail.length === 0 ? (
          <p className="text-stone-600">{t('contractsDesk.contract.trailEmpty')}</p>
        ) : (
          <ol className="space-y-1 text-sm" data-testid="trail">
            {c.trail.map((e, i) => (
              <li key={i}>
                <DateText value={e.at} /> ·{' '}
                {e.seq !== null ? `${t('contractsDesk.contract.milestoneN', { n: e.seq })} · ` : ''}
                {tKey(t, `contractsDesk.trail.${e.action.replace('.', '_')}`, {
                  defaultValue: e.action,
                })}
                {e.reason ? <span className="text-stone-700"> — {e.reason}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}

function MilestoneCard({
  m,
  contractOpen,
  role,
  resultFor,
}: {
  m: Milestone;
  contractOpen: boolean;
  role: string;
  resultFor: (target: string) => SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const can = (a: string) => (m.actions as string[]).includes(a);
  return (
    <li
      className="space-y-3 rounded border border-stone-200 bg-white p-4"
      data-testid={`milestone-${m.seq}`}
    >
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="font-semibold">
          {m.seq}. {m.title}
        </h3>
        <StatusBadge status={m.status} />
        {m.status === 'ACCEPTED' && !m.confirmedAt ? (
          <span className="text-xs text-amber-800">
            {t('contractsDesk.contract.awaitingConfirmation')}
          </span>
        ) : null}
        {m.confirmedAt ? (
          <span className="text-xs text-green-800">
            {t('contractsDesk.contract.confirmedAt')} <DateText value={m.confirmedAt} />
          </span>
        ) : null}
      </div>
      <p className="text-sm text-stone-700">
        {t('contractsDesk.contract.due')} <DateText value={m.dueDate} /> · <Wan fen={m.amountFen} />{' '}
        ({t('contractsDesk.contract.share', { share: formatSharePercent(m.shareBp) })}) ·{' '}
        <span className="text-stone-500">
          {t('contractsDesk.contract.exact', { yuan: formatYuan(m.amountFen) })}
        </span>
      </p>
      <div className="text-sm">
        <span className="font-medium">{t('contractsDesk.contract.deliverables')}：</span>
        <span className="whitespace-pre-line">{m.deliverables}</span>
      </div>
      {m.evidence ? (
        <div className="rounded bg-stone-50 p-3 text-sm">
          <p className="font-medium">
            {t('contractsDesk.contract.evidence')}
            {m.deliveredAt ? (
              <span className="font-normal text-stone-600">
                {' '}
                · {t('contractsDesk.contract.deliveredAt')} <DateText value={m.deliveredAt} />
              </span>
            ) : null}
          </p>
          <p className="whitespace-pre-line" data-testid="evidence">
            {m.evidence}
          </p>
        </div>
      ) : null}
      {m.attachments.length ? (
        <div className="text-sm">
          <p className="font-medium">{t('contractsDesk.contract.attachments')}</p>
          <ul className="list-disc pl-6">
            {m.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/attachments/${a.id}`}>{a.originalName}</a>{' '}
                <span className="text-xs text-stone-500">{Math.ceil(a.sizeBytes / 1024)} KB</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {m.status === 'REJECTED' && m.rejectReason ? (
        <div className="rounded border border-red-200 bg-red-50 p-3 text-sm">
          <p className="font-medium">{t('contractsDesk.contract.rejectReason')}</p>
          <p className="whitespace-pre-line" data-testid="reject-reason">
            {m.rejectReason}
          </p>
        </div>
      ) : null}
      {can('deliver') || can('redeliver') ? (
        <DeliverForm m={m} redeliver={can('redeliver')} lastResult={resultFor(`deliver:${m.id}`)} />
      ) : contractOpen && role === 'TEAM' && m.status === 'PENDING' ? (
        <p className="text-xs text-stone-500">{t('contractsDesk.contract.waitEarlier')}</p>
      ) : null}
      {can('accept') ? <ReviewForm m={m} lastResult={resultFor(`review:${m.id}`)} /> : null}
      {can('confirm') ? <ConfirmForm m={m} lastResult={resultFor(`confirm:${m.id}`)} /> : null}
    </li>
  );
}

const buttonBase = 'rounded px-4 py-2 font-medium';

function DeliverForm({
  m,
  redeliver,
  lastResult,
}: {
  m: Milestone;
  redeliver: boolean;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: `deliver-${m.id}`,
    lastResult,
    constraint: getZodConstraint(deliverSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: deliverSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  });
  const fileId = `${form.id}-file`;
  const fileCheck = useAttachmentCheck();
  const fileErrors = fileCheck.error
    ? [`contractsDesk.errors.upload_${fileCheck.error}`]
    : (lastResult?.error?.file ?? null);
  const formProps = getFormProps(form);
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      // names the milestone where the server can read it even when it refuses the body
      action={`?deliver=${encodeURIComponent(m.id)}`}
      {...formProps}
      onSubmit={(event) => {
        fileCheck.onSubmit(event);
        if (!event.defaultPrevented) formProps.onSubmit(event);
      }}
      className="space-y-3 border-t border-stone-200 pt-3"
    >
      <h4 className="font-medium">
        {redeliver
          ? t('contractsDesk.contract.redeliverTitle')
          : t('contractsDesk.contract.deliverTitle')}
      </h4>
      <input type="hidden" name="intent" value={redeliver ? 'redeliver' : 'deliver'} />
      <input type="hidden" name="milestoneId" value={m.id} />
      <FormError id={form.errorId} errors={form.errors} />
      <TextareaField
        meta={fields.evidence}
        label={t('contractsDesk.contract.evidenceLabel')}
        rows={4}
      />
      <p className="text-xs text-stone-500">
        {t('contractsDesk.contract.evidenceHint', { max: EVIDENCE_MAX_LENGTH })}
      </p>
      <div>
        <label htmlFor={fileId} className="block text-sm font-medium">
          {t('contractsDesk.contract.files')}
        </label>
        <input
          id={fileId}
          type="file"
          name="file"
          multiple
          className="mt-1 block text-sm"
          aria-describedby={`${fileId}-hint${fileErrors ? ` ${fileId}-error` : ''}`}
          accept={ATTACHMENT_ACCEPT}
          {...fileCheck.inputProps}
          aria-invalid={fileErrors ? true : undefined}
        />
        <p id={`${fileId}-hint`} className="mt-1 text-xs text-stone-500">
          {t('contractsDesk.contract.filesHint')}
        </p>
        <ErrorList id={`${fileId}-error`} errors={fileErrors} />
      </div>
      <button type="submit" className={`${buttonBase} bg-brand-700 text-white`}>
        {redeliver ? t('contractsDesk.contract.redeliver') : t('contractsDesk.contract.deliver')}
      </button>
    </Form>
  );
}

function ReviewForm({
  m,
  lastResult,
}: {
  m: Milestone;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: `review-${m.id}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reviewMilestoneSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  });
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="space-y-3 border-t border-stone-200 pt-3"
    >
      <h4 className="font-medium">{t('contractsDesk.contract.reviewTitle')}</h4>
      <input type="hidden" name="milestoneId" value={m.id} />
      <FormError id={form.errorId} errors={form.errors} />
      <TextareaField
        meta={fields.reason}
        label={t('contractsDesk.contract.reasonLabel')}
        rows={2}
      />
      <div className="flex flex-wrap gap-3">
        <button
          type="submit"
          name="intent"
          value="accept"
          className={`${buttonBase} bg-green-700 text-white`}
        >
          {t('contractsDesk.contract.accept')}
        </button>
        <button
          type="submit"
          name="intent"
          value="reject"
          className={`${buttonBase} border border-red-400 bg-white text-red-800`}
        >
          {t('contractsDesk.contract.reject')}
        </button>
      </div>
    </Form>
  );
}

function ConfirmForm({
  m,
  lastResult,
}: {
  m: Milestone;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const [form] = useForm({
    id: `confirm-${m.id}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: confirmMilestoneSchema }),
    shouldValidate: 'onSubmit',
  });
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="flex flex-wrap items-center gap-3 border-t border-stone-200 pt-3"
    >
      <input type="hidden" name="intent" value="confirm" />
      <input type="hidden" name="milestoneId" value={m.id} />
      <p className="text-sm">{t('contractsDesk.contract.confirmLead')}</p>
      <button type="submit" className={`${buttonBase} bg-brand-700 text-white`}>
        {t('contractsDesk.contract.confirm')}
      </button>
      <FormError id={form.errorId} errors={form.errors} />
    </Form>
  );
}

function StartForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useI18n();
  const [form] = useForm({
    id: 'start',
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: startContractSchema }),
    shouldValidate: 'onSubmit',
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-2">
      <input type="hidden" name="intent" value="start" />
      <p className="text-sm text-stone-700">{t('contractsDesk.contract.startLead')}</p>
      <FormError id={form.errorId} errors={form.errors} />
      <button type="submit" className={`${buttonBase} bg-brand-700 text-white`}>
        {t('contractsDesk.contract.start')}
      </button>
    </Form>
  );
}

function TerminateForm({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: 'terminate',
    lastResult,
    constraint: getZodConstraint(terminateContractSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: terminateContractSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  });
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="space-y-2 border-t border-stone-200 pt-3"
    >
      <input type="hidden" name="intent" value="terminate" />
      <p className="text-sm text-stone-700">{t('contractsDesk.contract.terminateLead')}</p>
      <FormError id={form.errorId} errors={form.errors} />
      <TextareaField
        meta={fields.reason}
        label={t('contractsDesk.contract.terminateLabel')}
        rows={2}
      />
      <button type="submit" className={`${buttonBase} border border-red-400 bg-white text-red-800`}>
        {t('contractsDesk.contract.terminate')}
      </button>
    </Form>
  );
}
