import { getFormProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useZodForm } from '~/components/conform';
import {
  AddRowButton,
  ErrorList,
  Field,
  FormError,
  RemoveRowButton,
  Submit,
  TextareaField,
} from '~/components/form';
import { MAX_MEMBERS, type BountyType } from '~/domain/application-rules';
import { formatWan } from '~/domain/money';
import {
  applicationFields,
  applicationSchema,
  type ApplicationFormDefaults,
} from '~/forms/applications';
import { useI18n } from '~/i18n/i18n';

/** The fields of a member added to the team. */
const NEW_MEMBER = { name: '', role: '', title: '' };

/**
 * The application form. `mode` 'new' offers "save draft" and "submit"; 'edit' saves the text
 * and keeps the application's status.
 */
export function ApplicationForm({
  lastResult,
  defaultValue,
  challenge: { bountyType, bountyFen },
  mode,
}: {
  lastResult?: SubmissionResult<string[]> | null;
  defaultValue?: Partial<ApplicationFormDefaults>;
  /** its bounty: a fixed one is shown, an open one is asked for */
  challenge: { bountyType: BountyType; bountyFen: number | null };
  mode: 'new' | 'edit';
}) {
  const { t, locale } = useI18n();
  const [form, fields] = useZodForm(applicationSchema(bountyType), {
    id: 'application',
    lastResult,
    defaultValue: { members: [{ name: '', role: '', title: '' }], ...defaultValue },
    constraint: applicationFields,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  const members = fields.members.getFieldList();
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-5">
      <FormError id={form.errorId} errors={form.errors} />
      <p className="rounded border border-stone-200 bg-stone-50 p-3 text-sm">
        {bountyType === 'FIXED' && bountyFen !== null
          ? t('applications.new.fixedBounty', { amount: formatWan(bountyFen, locale) })
          : t('applications.new.openBounty')}
      </p>
      <Field meta={fields.institution} label={t('applications.form.institution')} />
      <TextareaField meta={fields.approach} label={t('applications.form.approach')} rows={8} />
      <p className="-mt-4 text-xs text-stone-500">{t('applications.form.approachHint')}</p>
      <TextareaField meta={fields.schedule} label={t('applications.form.schedule')} rows={5} />
      <p className="-mt-4 text-xs text-stone-500">{t('applications.form.scheduleHint')}</p>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          meta={fields.budgetWan}
          label={t('applications.form.budgetWan')}
          hint={t('applications.form.budgetHint')}
        />
        {bountyType === 'OPEN' ? (
          <Field
            meta={fields.requestedWan}
            label={t('applications.form.requestedWan')}
            hint={t('applications.form.requestedHint')}
          />
        ) : null}
      </div>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium">{t('applications.form.members')}</legend>
        <p className="text-xs text-stone-500">{t('applications.form.membersHint')}</p>
        {members.map((member, i) => {
          const m = member.getFieldset();
          return (
            <div
              key={member.key}
              className="grid items-start gap-2 rounded border border-stone-200 p-3 sm:grid-cols-[1fr_1fr_1fr_auto]"
              role="group"
              aria-label={t('applications.form.member', { n: i + 1 })}
            >
              <Field
                meta={m.name}
                label={`${t('applications.form.member', { n: i + 1 })} ${t('applications.form.memberName')}`}
              />
              <Field
                meta={m.role}
                label={`${t('applications.form.member', { n: i + 1 })} ${t('applications.form.memberRole')}`}
              />
              <Field
                meta={m.title}
                label={`${t('applications.form.member', { n: i + 1 })} ${t('applications.form.memberTitle')}`}
              />
              <RemoveRowButton
                form={form}
                list={fields.members}
                index={i}
                ariaLabel={`${t('applications.form.removeMember')} ${i + 1}`}
              >
                {t('applications.form.removeMember')}
              </RemoveRowButton>
            </div>
          );
        })}
        <ErrorList id={fields.members.errorId} errors={fields.members.errors} />
        <AddRowButton form={form} list={fields.members} max={MAX_MEMBERS} defaultValue={NEW_MEMBER}>
          {t('applications.form.addMember')}
        </AddRowButton>
      </fieldset>
      <ErrorList
        id={fields.requestedWan.errorId}
        errors={bountyType === 'FIXED' ? fields.requestedWan.errors : null}
      />
      <div className="flex flex-wrap gap-3">
        {mode === 'new' ? (
          <>
            <Submit intent="save" tone="secondary">
              {t('applications.form.saveDraft')}
            </Submit>
            <Submit intent="submit">{t('applications.form.submit')}</Submit>
          </>
        ) : (
          <Submit intent="save">{t('applications.form.save')}</Submit>
        )}
      </div>
    </Form>
  );
}
