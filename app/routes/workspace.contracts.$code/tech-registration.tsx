// The contract page's 技术合同认定登记 section: the registration's facts for everyone who sees
// the contract, and for the bureau the step it may take now (submit, resubmit, register or
// correct: one form of the details, amounts in 万元) and the office's refusal with its reason.
import type { useLoaderData } from '@remix-run/react';
import { PostForm, ReasonForm, useZodForm, type LastResult } from '~/components/conform';
import { Field, SelectField, Submit } from '~/components/form';
import { Badge, DateText, Facts, TitledSection, Wan } from '~/components/ui';
import { wanInputValue } from '~/domain/money';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { TECH_CATEGORIES } from '~/domain/tech-registration';
import {
  TECH_DETAIL_STEPS,
  TECH_INTENT,
  techRegistrationFields,
  techRegistrationSchema,
  techRejectSchema,
  techStepReaches,
  type TechDetailStep,
} from '~/forms/tech-registration';
import { tKey, useI18n } from '~/i18n/i18n';
import type { loader } from './route';

type Registration = ReturnType<typeof useLoaderData<typeof loader>>['contract']['techRegistration'];

const TONES: Record<string, string> = {
  SUBMITTED: 'bg-amber-100 text-amber-900',
  REGISTERED: 'bg-green-100 text-green-900',
  REJECTED: 'bg-red-100 text-red-900',
};

/** The forms' answers are shown on the form they came from (actions.server.ts, techTarget). */
export const TECH_TARGETS = ['techRegistration', 'techReject'] as const;

export function TechRegistrationSection({
  r,
  staff,
  resultFor,
}: {
  r: Registration;
  staff: boolean;
  resultFor: (target: string) => LastResult;
}) {
  const { t } = useI18n();
  const step = r.actions.find((a): a is TechDetailStep =>
    (TECH_DETAIL_STEPS as readonly string[]).includes(a),
  );
  const recorded = r.status !== 'UNREGISTERED';
  return (
    <TitledSection
      id="tech-registration"
      title={t('techRegistration.title')}
      testId="tech-registration"
    >
      <p className="text-sm text-stone-600">
        {staff ? t('techRegistration.leadStaff') : t('techRegistration.leadParty')}
      </p>
      <Facts
        rows={[
          [
            t('techRegistration.fact.status'),
            <Badge
              state={r.status}
              tones={TONES}
              ns="techRegistration.status"
              testId="tech-status"
            />,
          ],
          ...(recorded
            ? ([
                [
                  t('techRegistration.fact.category'),
                  r.category ? tKey(t, `techRegistration.category.${r.category}`) : '—',
                ],
                [t('techRegistration.fact.dealAmount'), <Wan fen={r.dealFen} />],
                [t('techRegistration.fact.transactionAmount'), <Wan fen={r.transactionFen} />],
                [t('techRegistration.fact.registrationNo'), r.registrationNo ?? '—'],
                [t('techRegistration.fact.registeredOn'), <DateText value={r.registeredOn} />],
              ] as [string, React.ReactNode][])
            : []),
        ]}
      />
      {!recorded && !step ? (
        <p className="text-sm text-stone-600">{t('techRegistration.none')}</p>
      ) : null}
      {step ? <DetailsForm r={r} step={step} lastResult={resultFor('techRegistration')} /> : null}
      {r.actions.includes('reject') ? (
        <div className="rounded border border-stone-200 bg-white px-4 pb-4 [&>form]:border-t-0">
          <RejectForm lastResult={resultFor('techReject')} />
        </div>
      ) : null}
    </TitledSection>
  );
}

/**
 * The details form's text fields after the category, with their hints; the number and date only
 * on a step that registers.
 */
const DETAIL_FIELDS: {
  name: 'dealAmount' | 'transactionAmount' | 'registrationNo' | 'registeredOn';
  hint?: string;
  type?: 'date';
  registers?: true;
}[] = [
  { name: 'dealAmount', hint: 'amount' },
  { name: 'transactionAmount', hint: 'transaction' },
  { name: 'registrationNo', hint: 'registrationNo', registers: true },
  { name: 'registeredOn', type: 'date', registers: true },
];

function DetailsForm({
  r,
  step,
  lastResult,
}: {
  r: Registration;
  step: TechDetailStep;
  lastResult: LastResult;
}) {
  const { t } = useI18n();
  const withNumber = techStepReaches(step) === 'REGISTERED';
  const [form, fields] = useZodForm(techRegistrationSchema(), {
    id: 'tech-registration-form',
    lastResult,
    constraint: techRegistrationFields,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    defaultValue: {
      category: r.category ?? '',
      dealAmount: r.dealFen === null ? '' : wanInputValue(r.dealFen),
      transactionAmount: r.transactionFen === null ? '' : wanInputValue(r.transactionFen),
      registrationNo: r.registrationNo ?? '',
      registeredOn: r.registeredOn ? shanghaiDateString(new Date(r.registeredOn)) : '',
    },
  });
  return (
    <PostForm
      form={form}
      className="space-y-4 rounded border border-stone-200 bg-white p-4"
      lead={
        <>
          <h3 className="font-medium">{tKey(t, `techRegistration.formTitle.${step}`)}</h3>
          <p className="text-sm text-stone-700">{tKey(t, `techRegistration.lead.${step}`)}</p>
        </>
      }
    >
      <input type="hidden" name="intent" value={TECH_INTENT} />
      <input type="hidden" name="step" value={step} />
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2 sm:max-w-xs">
          <SelectField
            meta={fields.category}
            label={t('techRegistration.field.category')}
            options={TECH_CATEGORIES.map((c) => ({
              value: c,
              label: tKey(t, `techRegistration.category.${c}`),
            }))}
          />
        </div>
        {DETAIL_FIELDS.filter((f) => withNumber || !f.registers).map((f) => (
          <Field
            key={f.name}
            meta={fields[f.name]}
            label={tKey(t, `techRegistration.field.${f.name}`)}
            hint={f.hint && tKey(t, `techRegistration.hint.${f.hint}`)}
            type={f.type}
          />
        ))}
      </div>
      <Submit>{tKey(t, `techRegistration.button.${step}`)}</Submit>
    </PostForm>
  );
}

function RejectForm({ lastResult }: { lastResult: LastResult }) {
  const { t } = useI18n();
  return (
    <ReasonForm
      schema={techRejectSchema}
      id="tech-reject"
      lastResult={lastResult}
      label={t('techRegistration.field.reason')}
      lead={
        <>
          <input type="hidden" name="intent" value={TECH_INTENT} />
          <input type="hidden" name="step" value="reject" />
          <p className="text-sm text-stone-700">{t('techRegistration.lead.reject')}</p>
        </>
      }
    >
      {t('techRegistration.button.reject')}
    </ReasonForm>
  );
}
