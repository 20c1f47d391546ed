// The contract page's forms: a milestone's delivery, review and confirmation, and the bureau's
// start and termination of the contract. Each shows its own answer (`lastResult`).
import { getFormProps } from '@conform-to/react';
import { Form, type useLoaderData } from '@remix-run/react';
import { useAttachmentCheck } from '~/components/attachment-check';
import {
  DecisionForm,
  ReasonForm,
  useZodForm,
  type LastResult as FormResult,
} from '~/components/conform';
import { ErrorList, FormError, Submit, TextareaField } from '~/components/form';
import { useDeskForm } from '~/components/desk/form';
import { MilestoneForm } from '~/components/milestone-item';
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
type LastResult = Exclude<FormResult, null>;

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
  const [form, fields] = useZodForm(deliverSchema, {
    id: `deliver-${m.id}`,
    lastResult,
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
    <MilestoneForm
      form={form}
      encType="multipart/form-data"
      // names the milestone where the server can read it even when it refuses the body
      action={`?deliver=${encodeURIComponent(m.id)}`}
      onSubmit={(event) => {
        fileCheck.onSubmit(event);
        if (!event.defaultPrevented) formProps.onSubmit(event);
      }}
      lead={
        <h4 className="font-medium">
          {redeliver
            ? t('contractsDesk.contract.redeliverTitle')
            : t('contractsDesk.contract.deliverTitle')}
        </h4>
      }
    >
      <input type="hidden" name="intent" value={redeliver ? 'redeliver' : 'deliver'} />
      <input type="hidden" name="milestoneId" value={m.id} />
      <TextareaField
        meta={fields.evidence}
        label={t('contractsDesk.contract.evidenceLabel')}
        rows={4}
        hint={t('contractsDesk.contract.evidenceHint', { max: EVIDENCE_MAX_LENGTH })}
      />
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
      <Submit>
        {redeliver ? t('contractsDesk.contract.redeliver') : t('contractsDesk.contract.deliver')}
      </Submit>
    </MilestoneForm>
  );
}

export function ReviewForm({ m, lastResult }: { m: Milestone; lastResult: LastResult }) {
  const { t } = useI18n();
  const [form, fields] = useDeskForm(reviewMilestoneSchema, {
    id: `review-${m.id}`,
    lastResult,
    shouldRevalidate: 'onInput',
  });
  return (
    <MilestoneForm
      form={form}
      lead={<h4 className="font-medium">{t('contractsDesk.contract.reviewTitle')}</h4>}
    >
      <input type="hidden" name="milestoneId" value={m.id} />
      <TextareaField
        meta={fields.reason}
        label={t('contractsDesk.contract.reasonLabel')}
        rows={2}
      />
      <div className="flex flex-wrap gap-3">
        <Submit tone="accept" intent="accept">
          {t('contractsDesk.contract.accept')}
        </Submit>
        <Submit tone="danger" intent="reject">
          {t('contractsDesk.contract.reject')}
        </Submit>
      </div>
    </MilestoneForm>
  );
}

export function ConfirmForm({ m, lastResult }: { m: Milestone; lastResult: LastResult }) {
  const { t } = useI18n();
  const [form] = useDeskForm(confirmMilestoneSchema, { id: `confirm-${m.id}`, lastResult });
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="flex flex-wrap items-center gap-3 border-t border-stone-200 pt-3"
    >
      <input type="hidden" name="intent" value="confirm" />
      <input type="hidden" name="milestoneId" value={m.id} />
      <p className="text-sm">{t('contractsDesk.contract.confirmLead')}</p>
      <Submit>{t('contractsDesk.contract.confirm')}</Submit>
      <FormError id={form.errorId} errors={form.errors} />
    </Form>
  );
}

/** The bureau's two decisions on the contract as a whole: its hidden intent and what it does. */
function ContractLead({ intent, children }: { intent: 'start' | 'terminate'; children: string }) {
  return (
    <>
      <input type="hidden" name="intent" value={intent} />
      <p className="text-sm text-stone-700">{children}</p>
    </>
  );
}

export function StartForm({ lastResult }: { lastResult: LastResult }) {
  const { t } = useI18n();
  return (
    <DecisionForm
      schema={startContractSchema}
      id="start"
      lastResult={lastResult}
      className="space-y-2"
      lead={<ContractLead intent="start">{t('contractsDesk.contract.startLead')}</ContractLead>}
    >
      {t('contractsDesk.contract.start')}
    </DecisionForm>
  );
}

export function TerminateForm({ lastResult }: { lastResult: LastResult }) {
  const { t } = useI18n();
  return (
    <ReasonForm
      schema={terminateContractSchema}
      id="terminate"
      lastResult={lastResult}
      label={t('contractsDesk.contract.terminateLabel')}
      lead={
        <ContractLead intent="terminate">{t('contractsDesk.contract.terminateLead')}</ContractLead>
      }
    >
      {t('contractsDesk.contract.terminate')}
    </ReasonForm>
  );
}
