import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { FormError } from '~/components/form';
import { FilterSelect, ListTable, Pager, SearchForm, SearchInput } from '~/components/list-page';
import { DateText, pick } from '~/components/ui';
import { MANAGED_ROLES } from '~/domain/roles';
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

      <SearchForm submitLabel={t('admin.search')} total={total}>
        <SearchInput
          label={t('admin.search')}
          placeholder={t('admin.searchPlaceholder')}
          defaultValue={q}
        />
        <FilterSelect
          label={t('admin.role')}
          name="role"
          defaultValue={role}
          allLabel={t('admin.allRoles')}
          options={MANAGED_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        />
      </SearchForm>

      <ListTable
        empty={users.length === 0}
        emptyText={t('admin.noResults')}
        headings={[
          t('admin.name'),
          t('admin.email'),
          t('admin.organization'),
          t('admin.role'),
          t('admin.status'),
          t('admin.created'),
          t('admin.action'),
        ]}
      >
        {users.map((u) => (
          <tr key={u.id} className="border-t border-stone-200 align-top">
            <td className="p-2">
              {u.name}
              {u.id === me ? <span className="text-stone-500"> {t('admin.you')}</span> : null}
            </td>
            <td className="p-2 font-mono text-xs break-all">{u.email}</td>
            <td className="p-2">
              {pick(locale, u.org, u.orgEn)}
              <span className="block text-xs text-stone-500">
                {t(`kinds.${u.orgKind}` as 'kinds.BUREAU', { defaultValue: u.orgKind })}
              </span>
            </td>
            <td className="p-2">
              {t(`roles.${u.role}` as 'roles.ADMIN', { defaultValue: u.role })}
            </td>
            <td className="p-2">
              {u.disabled ? (
                <span className="rounded bg-red-100 px-2 py-0.5 text-xs font-medium text-red-900">
                  {t('admin.disabled')}
                </span>
              ) : (
                <span className="rounded bg-green-100 px-2 py-0.5 text-xs font-medium text-green-900">
                  {t('admin.active')}
                </span>
              )}
            </td>
            <td className="p-2">
              <DateText value={u.createdAt} />
            </td>
            <td className="p-2">
              <UserActions user={u} self={u.id === me} lastResult={resultFor(`user:${u.id}`)} />
            </td>
          </tr>
        ))}
      </ListTable>

      <Pager page={page} pages={pages} />

      <InviteStaff lastResult={resultFor('invite')} />
    </div>
  );
}
