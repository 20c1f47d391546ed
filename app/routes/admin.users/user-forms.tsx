// The forms of the users page: one user's actions (role, disable or enable, second factor)
// and the invitation of bureau staff.
import { getFormProps, getSelectProps, type SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { PostForm } from '~/components/conform';
import { useDeskForm } from '~/components/desk/form';
import { IntentButton, smallButton } from '~/components/desk/intent';
import { Card, ErrorList, Field, SelectField, Submit } from '~/components/form';
import { rolesForKind } from '~/domain/roles';
import { STAFF_ROLES } from '~/forms/auth';
import { useI18n } from '~/i18n/i18n';
import { schema } from './form';

export type UserRow = {
  id: string;
  role: string;
  orgKind: string;
  disabled: boolean;
  secondFactor: boolean;
};

export function UserActions({
  user,
  self,
  lastResult,
}: {
  user: UserRow;
  self: boolean;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useDeskForm(schema, {
    id: `user-${user.id}`,
    lastResult,
    defaultValue: { role: user.role },
  });
  const roles = rolesForKind(user.orgKind);
  const roleField = fields.role;
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-1">
      <input type="hidden" name="userId" value={user.id} />
      {self ? null : (
        <div className="flex flex-wrap items-center gap-2">
          {roles.length > 1 ? (
            <>
              <label htmlFor={roleField.id} className="sr-only">
                {t('admin.changeRole')}
              </label>
              <select
                {...getSelectProps(roleField)}
                key={roleField.key}
                className="rounded border border-stone-300 bg-white px-1 py-1 text-xs"
              >
                {roles.map((r) => (
                  <option key={r} value={r}>
                    {t(`roles.${r}`)}
                  </option>
                ))}
              </select>
              <IntentButton intent="role" className={smallButton}>
                {t('admin.changeRole')}
              </IntentButton>
            </>
          ) : null}
          <IntentButton intent={user.disabled ? 'enable' : 'disable'} className={smallButton}>
            {user.disabled ? t('admin.enable') : t('admin.disable')}
          </IntentButton>
          {user.secondFactor ? (
            <IntentButton intent="reset-2fa" className={smallButton}>
              {t('admin.resetSecondFactor')}
            </IntentButton>
          ) : null}
        </div>
      )}
      <ErrorList id={form.errorId} errors={form.errors} />
      <ErrorList id={roleField.errorId} errors={roleField.errors} />
      <ErrorList errors={[...(fields.userId.errors ?? []), ...(fields.intent.errors ?? [])]} />
    </Form>
  );
}

export function InviteStaff({
  lastResult,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useDeskForm(schema, {
    id: 'invite-staff',
    lastResult,
    live: true,
  });
  return (
    <Card title={t('admin.inviteStaff')}>
      <p className="text-sm text-stone-600">{t('admin.inviteStaffLead')}</p>
      <PostForm form={form} className="max-w-md space-y-4">
        <input type="hidden" name="intent" value="invite-staff" />
        <Field meta={fields.name} label={t('admin.name')} autoComplete="off" />
        <Field meta={fields.email} label={t('admin.email')} type="email" autoComplete="off" />
        <SelectField
          meta={fields.role}
          label={t('admin.role')}
          options={STAFF_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        />
        <Submit>{t('admin.invite')}</Submit>
      </PostForm>
    </Card>
  );
}
