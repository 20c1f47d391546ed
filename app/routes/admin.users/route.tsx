import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { FormError } from '~/components/form';
import { DirectorySearch, ListTable, Pager } from '~/components/list-page';
import { DateText, pick, Pill } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { requireAdmin } from '~/lib/auth.server';
import { pageMeta } from '~/lib/meta';
import { DoneNotice } from '~/components/done-notice';
import { InviteStaff, UserActions } from './user-forms';
import { usersAction, usersPage } from './users.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'admin.users');

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireAdmin(request);
  return usersPage(request, auth.user.id);
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireAdmin(request);
  return usersAction(request, auth.user.id);
}

export default function AdminUsers() {
  const { users, me, q, role, page, pages, total } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useI18n();

  const resultFor = (target: string) =>
    actionData?.target === target ? actionData.result : undefined;
  // errors of a form that is not on the page (an unknown intent, a row paged away)
  const shown = new Set(['invite', ...users.map((u) => `user:${u.id}`)]);
  const stray =
    actionData && !shown.has(actionData.target)
      ? Object.values(actionData.result.error ?? {}).flatMap((e) => e ?? [])
      : [];

  return (
    <div className="space-y-6">
      <h2 className="text-xl font-semibold">{t('admin.users')}</h2>
      <DoneNotice page="users" />
      <FormError errors={stray} />

      <DirectorySearch directory="users" q={q} filter={role} total={total} />

      <ListTable
        rows={users}
        columns={[
          {
            head: t('admin.name'),
            cell: (u) => (
              <>
                {u.name}
                {u.id === me ? <span className="text-stone-500"> {t('admin.you')}</span> : null}
              </>
            ),
          },
          {
            head: t('admin.email'),
            className: 'font-mono text-xs break-all',
            cell: (u) => u.email,
          },
          {
            head: t('admin.organization'),
            cell: (u) => (
              <>
                {pick(locale, u.org, u.orgEn)}
                <span className="block text-xs text-stone-500">
                  {t(`kinds.${u.orgKind}` as 'kinds.BUREAU', { defaultValue: u.orgKind })}
                </span>
              </>
            ),
          },
          {
            head: t('admin.role'),
            cell: (u) => t(`roles.${u.role}` as 'roles.ADMIN', { defaultValue: u.role }),
          },
          {
            head: t('admin.status'),
            cell: (u) =>
              u.disabled ? (
                <Pill tone="red">{t('admin.disabled')}</Pill>
              ) : (
                <Pill tone="green">{t('admin.active')}</Pill>
              ),
          },
          { head: t('admin.created'), cell: (u) => <DateText value={u.createdAt} /> },
          {
            head: t('admin.action'),
            cell: (u) => (
              <UserActions user={u} self={u.id === me} lastResult={resultFor(`user:${u.id}`)} />
            ),
          },
        ]}
      />

      <Pager page={page} pages={pages} />

      <InviteStaff lastResult={resultFor('invite')} />
    </div>
  );
}
