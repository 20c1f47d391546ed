import { redirect } from '@remix-run/node';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { PostForm, useZodForm } from '~/components/conform';
import { Card, Field, Submit } from '~/components/form';
import { DateText } from '~/components/ui';
import { inviteSchema } from '~/forms/auth';
import { useI18n } from '~/i18n/i18n';
import { requestOrigin, requireOrgMember } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { organizationMembers } from '~/services/accounts/directory.server';
import { invite } from '~/services/accounts/invitations.server';
import { formAction } from '~/lib/form.server';
import { DoneNotice } from '~/components/done-notice';
import { doneUrl } from '~/lib/done';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'account.membersTitle');

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireOrgMember(request);
  return organizationMembers(db, user.organizationId);
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireOrgMember(request);
  return formAction(request, inviteSchema, {
    run: ({ name, email }) =>
      invite(db, {
        inviterId: user.id,
        organizationId: user.organizationId,
        role: user.role,
        name,
        email,
        origin: requestOrigin(request),
      }),
    done: () => redirect(doneUrl('members', '/account/members', 'invited')),
  });
}

export default function Members() {
  const { members, invitations } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useZodForm(inviteSchema, { lastResult });
  return (
    <div className="space-y-6">
      <Card title={t('account.membersTitle')} main>
        <ul className="divide-y divide-stone-200">
          {members.map((m) => (
            <li key={m.id} className="flex flex-wrap gap-4 py-2">
              <span className="font-medium">{m.name}</span>
              <span className="text-stone-600">{m.email}</span>
              {m.disabled ? <span className="text-red-700">{t('admin.disabled')}</span> : null}
            </li>
          ))}
        </ul>
        {invitations.length ? (
          <>
            <h3 className="font-semibold">{t('account.pendingInvites')}</h3>
            <ul className="text-sm">
              {invitations.map((i) => (
                <li key={i.email}>
                  {i.name} · {i.email} · <DateText value={i.expiresAt} />
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Card>
      <Card title={t('account.inviteTitle')}>
        <DoneNotice page="members" />
        <PostForm afresh form={form} className="max-w-md space-y-4">
          <Field meta={fields.name} label={t('auth.name')} />
          <Field meta={fields.email} label={t('auth.email')} type="email" />
          <Submit>{t('account.invite')}</Submit>
        </PostForm>
      </Card>
    </div>
  );
}
