// 榜额到位 (docs/decisions/032-funding-secured.md): the funding of a fixed bounty on the need's
// vetting page — the shares the programme's rule asks for, the confirmations recorded, and the
// reviewer's form, posted with a fetcher (a plain form without JavaScript) to the page's action
// under its own intent (routes/review.needs.$id.server.ts), its answer told apart from the
// page's decisions.
import { getFormProps } from '@conform-to/react';
import { useFetcher } from '@remix-run/react';
import { useState } from 'react';
import { ATTACHMENT_ACCEPT } from '~/domain/attachment-check';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { useDeskForm } from '~/components/desk/form';
import { useCardResult } from '~/components/desk/card-result';
import type { Targeted } from '~/components/desk/results';
import { Card, ErrorList, Field, FormError, SelectField, Submit } from '~/components/form';
import { DateText, Wan } from '~/components/ui';
import { fundingConfirmSchema, FUNDING_INTENT } from '~/forms/funding';
import { tKey, useI18n } from '~/i18n/i18n';
import { FundsSecuredMark } from '~/components/funds-secured-mark';

export type FundingCardView = {
  needed: boolean;
  secured: boolean;
  securedAt: string | null;
  confirmable: boolean;
  /** the Stripe rail is on: a share may be confirmed by a Stripe funds hold */
  stripeHold: boolean;
  shares: { payer: string; amountFen: number; confirmed: boolean }[];
  confirmations: {
    id: string;
    payer: string;
    amountFen: number;
    method: string;
    attachmentId: string | null;
    bankReference: string | null;
    stripePaymentIntentId: string | null;
    status: string;
    confirmedAt: string;
    releasedAt: string | null;
  }[];
  receipts: { id: string; originalName: string }[];
};

const label = 'text-sm text-stone-600';

export function FundingCard({ needId, funding }: { needId: string; funding: FundingCardView }) {
  const { t } = useI18n();
  if (!funding.needed)
    return (
      <Card title={t('funding.title')}>
        <p className="text-stone-600">{t('funding.notRequired')}</p>
      </Card>
    );
  const open = funding.shares.filter((s) => !s.confirmed);
  const receiptName = new Map(funding.receipts.map((r) => [r.id, r.originalName]));
  return (
    <section
      aria-labelledby="funding-title"
      data-testid="funding"
      className="space-y-4 rounded border border-stone-200 bg-white p-4 sm:p-6"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="funding-title" className="text-lg font-semibold">
          {t('funding.title')}
        </h2>
        {funding.secured ? <FundsSecuredMark /> : null}
      </div>
      <p className="text-sm text-stone-600">{t('funding.lead')}</p>
      <p className={funding.secured ? 'text-green-800' : 'font-medium text-amber-900'}>
        {funding.secured && funding.securedAt
          ? t('funding.securedAt', { date: shanghaiDateString(new Date(funding.securedAt)) })
          : t('funding.notSecured')}
      </p>
      <div>
        <h3 className="font-semibold">{t('funding.sharesCaption')}</h3>
        <ul className="mt-2 space-y-1">
          {funding.shares.map((s) => (
            <li key={s.payer} className="flex flex-wrap items-baseline gap-x-3">
              <span>{tKey(t, `funding.payers.${s.payer}`)}</span>
              <Wan fen={s.amountFen} />
              <span className={s.confirmed ? 'text-green-800' : 'text-amber-900'}>
                {s.confirmed ? t('funding.held') : t('funding.awaiting')}
              </span>
            </li>
          ))}
        </ul>
      </div>
      {funding.confirmations.length ? (
        <ul className="space-y-3" data-testid="funding-confirmations">
          {funding.confirmations.map((c) => (
            <li key={c.id} className="rounded border border-stone-200 p-3">
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                <dt className={label}>{t('funding.share')}</dt>
                <dd>{tKey(t, `funding.payers.${c.payer}`)}</dd>
                <dt className={label}>{t('funding.amount')}</dt>
                <dd>
                  <Wan fen={c.amountFen} />
                </dd>
                <dt className={label}>{t('funding.method')}</dt>
                <dd>{tKey(t, `funding.methods.${c.method}`)}</dd>
                <dt className={label}>{t('funding.evidence')}</dt>
                <dd className="break-all">
                  <span className="font-mono">
                    {c.bankReference ?? c.stripePaymentIntentId ?? '—'}
                  </span>
                  {c.attachmentId ? (
                    <>
                      {' · '}
                      <a href={`/attachments/${c.attachmentId}`}>
                        {receiptName.get(c.attachmentId) ?? t('funding.receipt')}
                      </a>
                    </>
                  ) : null}
                </dd>
                <dt className={label}>{t('funding.confirmedAt')}</dt>
                <dd>
                  <DateText value={c.confirmedAt} />
                </dd>
                <dt className={label}>{t('funding.state')}</dt>
                <dd>
                  {c.status === 'HELD' ? (
                    t('funding.held')
                  ) : (
                    <>
                      {t('funding.released')} <DateText value={c.releasedAt} />
                    </>
                  )}
                </dd>
              </dl>
            </li>
          ))}
        </ul>
      ) : null}
      {funding.confirmable && open.length ? (
        <ConfirmFundingForm
          needId={needId}
          payers={open.map((s) => s.payer)}
          stripeHold={funding.stripeHold}
        />
      ) : null}
    </section>
  );
}

function ConfirmFundingForm({
  needId,
  payers,
  stripeHold,
}: {
  needId: string;
  payers: string[];
  stripeHold: boolean;
}) {
  const { t } = useI18n();
  const fetcher = useFetcher<Targeted>();
  const lastResult = useCardResult(fetcher, FUNDING_INTENT);
  const [form, fields] = useDeskForm(fundingConfirmSchema, {
    id: 'confirm-funding',
    lastResult,
    defaultValue: { intent: FUNDING_INTENT, payer: payers[0], method: 'BANK_RECEIPT' },
  });
  // a Stripe hold refused without JavaScript comes back with its own field shown
  const [method, setMethod] = useState(() =>
    stripeHold && lastResult?.initialValue?.method === 'STRIPE_HOLD'
      ? 'STRIPE_HOLD'
      : 'BANK_RECEIPT',
  );
  // a Stripe funds hold only when the Stripe rail is on (the service refuses it otherwise)
  const methods = stripeHold ? (['BANK_RECEIPT', 'STRIPE_HOLD'] as const) : null;
  const receiptErrors = form.allErrors.receipt;
  return (
    <div className="space-y-3 border-t border-stone-200 pt-4">
      <h3 className="font-semibold">{t('funding.formTitle')}</h3>
      <fetcher.Form
        method="post"
        encType="multipart/form-data"
        action={`/review/needs/${needId}`}
        {...getFormProps(form)}
        className="space-y-4"
      >
        <FormError id={form.errorId} errors={form.errors} />
        <input type="hidden" name={fields.intent.name} value={FUNDING_INTENT} />
        <SelectField
          meta={fields.payer}
          label={t('funding.payer')}
          options={payers.map((p) => ({ value: p, label: tKey(t, `funding.payers.${p}`) }))}
          empty={null}
          defaultValue={payers.find((p) => p === fields.payer.initialValue) ?? payers[0]}
        />
        {methods ? (
          <fieldset>
            <legend className="text-sm font-medium">{t('funding.methodLabel')}</legend>
            <div className="mt-1 flex flex-wrap gap-4">
              {methods.map((m) => (
                <label key={m} className="flex items-center gap-2">
                  <input
                    type="radio"
                    name={fields.method.name}
                    value={m}
                    checked={method === m}
                    onChange={() => setMethod(m)}
                  />
                  {tKey(t, `funding.methods.${m}`)}
                </label>
              ))}
            </div>
            <ErrorList id={fields.method.errorId} errors={fields.method.errors} />
          </fieldset>
        ) : (
          <>
            <input type="hidden" name={fields.method.name} value="BANK_RECEIPT" />
            <ErrorList id={fields.method.errorId} errors={fields.method.errors} />
          </>
        )}
        {method === 'BANK_RECEIPT' ? (
          <>
            <div>
              <label htmlFor="funding-receipt" className="block text-sm font-medium">
                {t('funding.receipt')}
              </label>
              <input
                id="funding-receipt"
                type="file"
                name="receipt"
                accept={ATTACHMENT_ACCEPT}
                className="mt-1 block w-full text-sm"
                aria-invalid={receiptErrors ? true : undefined}
                aria-describedby={receiptErrors ? 'funding-receipt-error' : undefined}
              />
              <ErrorList id="funding-receipt-error" errors={receiptErrors} />
            </div>
            <Field
              meta={fields.bankReference}
              label={t('funding.bankReference')}
              hint={t('funding.bankReferenceHint')}
              autoComplete="off"
            />
          </>
        ) : (
          <Field
            meta={fields.stripePaymentIntentId}
            label={t('funding.paymentIntent')}
            hint={t('funding.paymentIntentHint')}
            autoComplete="off"
          />
        )}
        <Submit tone="accept" disabled={fetcher.state !== 'idle'}>
          {t('funding.submit')}
        </Submit>
      </fetcher.Form>
    </div>
  );
}
