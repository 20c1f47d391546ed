// The payment schedule of a contract's page: one instalment per milestone with its
// disbursement, payout clock and the staff's payment forms, the contract's totals and the
// payments' history from the audit trail. The parties see it without forms.
import type { SubmissionResult } from '@conform-to/react';
import type { ReactNode } from 'react';
import { DecisionForm, ReasonForm, useZodForm } from '~/components/conform';
import { Card, Field, Submit } from '~/components/form';
import { MilestoneForm, MilestoneItem } from '~/components/milestone-item';
import { Badge, DateText, MoneyTotals, TitledSection, Wan } from '~/components/ui';
import { formatWan } from '~/domain/money';
import {
  approvePaymentSchema,
  failPaymentSchema,
  recordTransferSchema,
  requestPaymentSchema,
  retryPaymentSchema,
  reversePaymentSchema,
  type PaymentIntent,
} from '~/forms/payments';
import { tKey, useI18n } from '~/i18n/i18n';
import type { PaymentFormAction } from '~/domain/disbursement';
import type { PaymentSchedule as ScheduleData } from '~/services/payments/schedule.server';

type Instalment = ScheduleData['instalments'][number];
type ResultFor = (target: string) => SubmissionResult<string[]> | undefined;

const INTENT_OF: Record<PaymentFormAction, PaymentIntent> = {
  request: 'requestPayment',
  retry: 'retryPayment',
  approve: 'approvePayment',
  record: 'recordTransfer',
  fail: 'failPayment',
  reverse: 'reversePayment',
};

/** Where the answer to a payment form is shown: the form of that intent on that instalment. */
export function paymentTarget(intent: string, milestoneId: string) {
  return `${intent}:${milestoneId}`;
}

/** The targets of the payment forms on the page (an answer to any other shows at the top). */
export function paymentFormTargets(schedule: ScheduleData): string[] {
  return schedule.instalments.flatMap((i) =>
    i.actions.map((a) => paymentTarget(INTENT_OF[a], i.milestoneId)),
  );
}

const tone: Record<string, string> = {
  PAID: 'bg-green-100 text-green-900',
  APPROVED: 'bg-blue-100 text-blue-900',
  REQUESTED: 'bg-amber-100 text-amber-900',
  PAYABLE: 'bg-amber-100 text-amber-900',
  FAILED: 'bg-red-100 text-red-900',
  REVERSED: 'bg-stone-200 text-stone-800',
};

export function PaymentStateBadge({ state }: { state: string }) {
  return <Badge state={state} tones={tone} ns="payments.status" />;
}

export function PaymentSchedule({
  schedule,
  resultFor,
}: {
  schedule: ScheduleData;
  resultFor: ResultFor;
}) {
  const { t } = useI18n();
  const s = schedule;
  return (
    <TitledSection id="payments" title={t('payments.schedule.title')} testId="payments">
      <p className="text-sm text-stone-600">
        {s.staff ? t('payments.schedule.lead') : t('payments.schedule.readOnly')}
      </p>
      <MoneyTotals
        testId="payment-totals"
        className="sm:grid-cols-4"
        valueClassName="font-medium"
        items={(
          [
            ['reward', s.totals.rewardFen],
            ['paid', s.totals.paidFen],
            ['inFlight', s.totals.inFlightFen],
            ['remaining', s.totals.remainingFen],
          ] as const
        ).map(([key, fen]) => [t(`payments.schedule.${key}`), fen, `payment-total-${key}`])}
      />
      <ol className="space-y-3">
        {s.instalments.map((i) => (
          <InstalmentCard key={i.milestoneId} i={i} resultFor={resultFor} today={s.today} />
        ))}
      </ol>
      <Card title={t('payments.schedule.history')}>
        {s.history.length === 0 ? (
          <p className="text-sm text-stone-600">{t('payments.schedule.historyEmpty')}</p>
        ) : (
          <ol className="space-y-1 text-sm" data-testid="payment-history">
            {s.history.map((e) => (
              <li key={e.id}>
                <DateText value={e.at} /> ·{' '}
                {e.seq ? `${t('payments.schedule.milestone', { n: e.seq })} · ` : ''}
                {tKey(t, `payments.history.${e.action.replace('.', '_')}`, {
                  defaultValue: e.action,
                })}
                {e.attempt && e.attempt > 1
                  ? ` (${t('payments.history.attempt', { n: e.attempt })})`
                  : ''}
                {e.reference
                  ? ` · ${t('payments.history.reference', { reference: e.reference })}`
                  : ''}
                {' · '}
                <span className="text-stone-700">
                  {e.system
                    ? t('payments.schedule.system')
                    : (e.actor ?? t('payments.schedule.bureau'))}
                </span>
                {e.reason ? <span className="text-stone-700"> — {e.reason}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </Card>
    </TitledSection>
  );
}

function Clock({ clock }: { clock: Instalment['clock'] }) {
  const { t } = useI18n();
  if (!clock) return null;
  const text =
    clock.state === 'running'
      ? t('payments.schedule.clockRunning', { days: clock.days })
      : clock.state === 'stopped'
        ? t('payments.schedule.clockStopped', { days: clock.days })
        : t('payments.schedule.clockReversed');
  return (
    <span
      className={`text-xs ${clock.state === 'running' ? 'text-amber-800' : 'text-stone-600'}`}
      data-testid="payout-clock"
      data-days={clock.days}
    >
      {t('payments.schedule.clockLabel')}：{text}
    </span>
  );
}

function InstalmentCard({
  i,
  resultFor,
  today,
}: {
  i: Instalment;
  resultFor: ResultFor;
  today: string;
}) {
  const { t } = useI18n();
  const d = i.disbursement;
  const facts: [string, ReactNode][] = [];
  if (d) {
    facts.push([t('payments.schedule.rail'), tKey(t, `payments.rail.${d.rail}`)]);
    facts.push([
      t('payments.schedule.requestedAt'),
      <>
        <DateText value={d.requestedAt} />
        {d.requestedBy ? ` · ${d.requestedBy}` : ''}
        {d.attempt > 1 ? ` · ${t('payments.schedule.attempt', { n: d.attempt })}` : ''}
      </>,
    ]);
    if (d.approvedAt)
      facts.push([
        t('payments.schedule.approvedAt'),
        <>
          <DateText value={d.approvedAt} />
          {d.approvedBy ? ` · ${d.approvedBy}` : ''}
        </>,
      ]);
    if (d.paidAt)
      facts.push([
        t('payments.schedule.paidAt'),
        <span data-testid="paid-at">
          <DateText value={d.paidAt} />
          {d.confirmedBy ? ` · ${d.confirmedBy}` : ''}
        </span>,
      ]);
    if (d.bankReference)
      facts.push([
        t('payments.schedule.bankReference'),
        <span className="font-mono" data-testid="bank-reference">
          {d.bankReference}
        </span>,
      ]);
    if (d.stripeTransferId)
      facts.push([
        t('payments.schedule.stripeTransfer'),
        <span className="font-mono">{d.stripeTransferId}</span>,
      ]);
    if (d.reversedAt)
      facts.push([t('payments.schedule.reversedAt'), <DateText value={d.reversedAt} />]);
    if (d.failureReason)
      facts.push([
        d.status === 'REVERSED'
          ? t('payments.schedule.reverseReason')
          : t('payments.schedule.failureReason'),
        <span className="whitespace-pre-line" data-testid="failure-reason">
          {d.failureReason}
        </span>,
      ]);
  }
  const form = (action: PaymentFormAction) => {
    const intent = INTENT_OF[action];
    const lastResult = resultFor(paymentTarget(intent, i.milestoneId));
    switch (action) {
      case 'request':
      case 'retry':
      case 'approve':
        return <ButtonForm key={action} i={i} action={action} lastResult={lastResult} />;
      case 'record':
        return <RecordForm key={action} i={i} lastResult={lastResult} today={today} />;
      case 'fail':
      case 'reverse':
        return <UndoForm key={action} i={i} action={action} lastResult={lastResult} />;
    }
  };
  return (
    <MilestoneItem
      testId={`instalment-${i.seq}`}
      spacing="space-y-2"
      heading={
        <>
          {t('payments.schedule.milestone', { n: i.seq })} · {i.title}
        </>
      }
      marks={
        <>
          <span className="font-medium" data-testid="instalment-amount">
            <Wan fen={i.amountFen} />
          </span>
          <span data-testid="instalment-state">
            <PaymentStateBadge state={i.state} />
          </span>
          <Clock clock={i.clock} />
        </>
      }
    >
      {facts.length ? (
        <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
          {facts.map(([label, value]) => (
            <div key={label} className="flex gap-2">
              <dt className="w-28 shrink-0 text-stone-600">{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {i.actions.map(form)}
    </MilestoneItem>
  );
}

function Hidden({ i, intent }: { i: Instalment; intent: PaymentIntent }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="milestoneId" value={i.milestoneId} />
      {i.disbursement ? (
        <input type="hidden" name="disbursementId" value={i.disbursement.id} />
      ) : null}
    </>
  );
}

const buttonSchemas = {
  request: requestPaymentSchema,
  retry: retryPaymentSchema,
  approve: approvePaymentSchema,
} as const;

/** Request, request again, approve: a button, and the service's answer. */
function ButtonForm({
  i,
  action,
  lastResult,
}: {
  i: Instalment;
  action: 'request' | 'retry' | 'approve';
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t, locale } = useI18n();
  const intent = INTENT_OF[action];
  const d = i.disbursement;
  const lead =
    action === 'request'
      ? t('payments.actions.requestLead', {
          amount: t('money.wan', { amount: formatWan(i.amountFen, locale) }),
        })
      : action === 'retry'
        ? t('payments.actions.retryLead')
        : t('payments.actions.approveLead', { name: d?.requestedBy ?? '—' });
  return (
    <DecisionForm
      schema={buttonSchemas[action]}
      id={`${intent}-${i.milestoneId}`}
      lastResult={lastResult}
      className="space-y-2 border-t border-stone-200 pt-3"
      lead={
        <>
          <Hidden i={i} intent={intent} />
          <p className="text-sm text-stone-700">{lead}</p>
          {action === 'approve' && d?.requestedByViewer ? (
            <p className="text-sm text-amber-800">{t('payments.schedule.fourEyesHint')}</p>
          ) : null}
        </>
      }
    >
      {t(`payments.actions.${action}`)}
    </DecisionForm>
  );
}

function RecordForm({
  i,
  lastResult,
  today,
}: {
  i: Instalment;
  lastResult: SubmissionResult<string[]> | undefined;
  today: string;
}) {
  const { t } = useI18n();
  const [form, fields] = useZodForm(recordTransferSchema, {
    id: `recordTransfer-${i.milestoneId}`,
    lastResult,
    defaultValue: { paidOn: today },
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  });
  return (
    <MilestoneForm
      form={form}
      lead={
        <>
          <h4 className="font-medium">{t('payments.actions.recordTitle')}</h4>
          <Hidden i={i} intent="recordTransfer" />
        </>
      }
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          meta={fields.reference}
          label={t('payments.actions.reference')}
          hint={t('payments.actions.referenceHint')}
          autoComplete="off"
        />
        <Field meta={fields.paidOn} label={t('payments.actions.paidOn')} type="date" />
      </div>
      <Submit tone="accept">{t('payments.actions.record')}</Submit>
    </MilestoneForm>
  );
}

/** Fail or reverse a payment: the reason, required. */
function UndoForm({
  i,
  action,
  lastResult,
}: {
  i: Instalment;
  action: 'fail' | 'reverse';
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const intent = INTENT_OF[action];
  return (
    <ReasonForm
      schema={action === 'fail' ? failPaymentSchema : reversePaymentSchema}
      id={`${intent}-${i.milestoneId}`}
      lastResult={lastResult}
      label={t(`payments.actions.${action}Reason`)}
      lead={
        <>
          <h4 className="font-medium">{t(`payments.actions.${action}Title`)}</h4>
          <Hidden i={i} intent={intent} />
        </>
      }
    >
      {t(`payments.actions.${action}`)}
    </ReasonForm>
  );
}
