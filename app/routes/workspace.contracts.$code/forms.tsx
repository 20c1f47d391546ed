// The contract page's forms: a milestone's delivery, review and confirmation, and the bureau's
// start and termination of the contract. Each shows its own answer (`lastResult`).
import { getFormProps, useForm, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import { Form, type useLoaderData } from '@remix-run/react';
import { useAttachmentCheck } from '~/components/attachment-check';
import { ErrorList, FormError, TextareaField } from '~/components/form';
import { ATTACHMENT_ACCEPT } from '~/domain/attachment-check';
import {
  confirmMilestoneSchema,
  deliverSchema,
  EVIDENCE_MAX_LENGTH,
  reviewMilestoneSchema,
  startContractSchema,
  terminateContractSchema,
} from '~/forms/contracts';
import { useI18n } from '~/i18n/i18n';
import type { loader } from './route';

export type Milestone = ReturnType<
  typeof useLoaderData<typeof loader>
>['contract']['milestones'][number];
type LastResult = SubmissionResult<string[]> | undefined;

const buttonBase = 'rounded px-4 py-2 font-medium';

export function DeliverForm({
  m,
  redeliver,
  lastResult,
}: {
  m: Milestone;
  redeliver: boolean;
  lastResult: LastResult;
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

export function ReviewForm({ m, lastResult }: { m: Milestone; lastResult: LastResult }) {
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

export function ConfirmForm({ m, lastResult }: { m: Milestone; lastResult: LastResult }) {
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

export function StartForm({ lastResult }: { lastResult: LastResult }) {
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

export function TerminateForm({ lastResult }: { lastResult: LastResult }) {
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
