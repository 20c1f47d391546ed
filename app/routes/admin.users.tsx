import { getFormProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { redirect } from '@remix-run/node';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { Card, ErrorList, Field, FormError, SelectField, Submit } from '~/components/form';
import { FilterSelect, ListTable, Pager, SearchForm, SearchInput } from '~/components/list-page';
import { DateText, pick } from '~/components/ui';
import { type Role } from '~/domain/roles';
import { STAFF_ROLES, staffInviteSchema } from '~/forms/auth';
import { text } from '~/forms/common';
import { useI18n } from '~/i18n/i18n';
import { requestOrigin, requireAdmin } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { invite, setUserDisabled, setUserRole } from '~/services/accounts/accounts.server';
import { containingLiterally } from '~/lib/text-search.server';
import { resetSecondFactor } from '~/services/accounts/totp.server';
import { parseFormData } from '~/lib/form.server';
import { DoneNotice } from '~/components/done-notice';
import { doneHere } from '~/lib/done';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'admin.users');

const PAGE_SIZE = 50;
const MANAGED_ROLES = [
  'ENTERPRISE',
  'TEAM',
  'REVIEWER',
  'ADMIN',
] as const satisfies readonly Role[];
type ManagedRole = (typeof MANAGED_ROLES)[number];

/** The roles a member of an organisation of each kind may hold. */
const ROLES_BY_KIND: Record<string, readonly ManagedRole[]> = {
  ENTERPRISE: ['ENTERPRISE'],
  TEAM: ['TEAM'],
  BUREAU: ['REVIEWER', 'ADMIN'],
};

function isManagedRole(value: unknown): value is ManagedRole {
  return typeof value === 'string' && (MANAGED_ROLES as readonly string[]).includes(value);
}

// One schema for every form of the page, told apart by the submit button's `intent`.
const userId = text(64);
const schema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('disable'), userId }),
    z.object({ intent: z.literal('enable'), userId }),
    z.object({ intent: z.literal('reset-2fa'), userId }),
    z.object({
      intent: z.literal('role'),
      userId,
      role: z.enum(MANAGED_ROLES, { error: 'validation.required' }),
    }),
    staffInviteSchema.extend({ intent: z.literal('invite-staff') }),
  ],
  { error: 'validation.invalid' },
);

function pageNumber(value: string | null) {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireAdmin(request);
  const url = new URL(request.url);
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const roleParam = url.searchParams.get('role');
  const role = isManagedRole(roleParam) ? roleParam : null;
  const page = pageNumber(url.searchParams.get('page'));
  // the text literally (% _ \ included), ignoring case, in the name, e-mail or organisation
  const where = {
    ...(role ? { role } : {}),
    ...(q
      ? {
          OR: [
            await containingLiterally(db, 'User', ['name', 'email'], q),
            { organization: await containingLiterally(db, 'Organization', ['name', 'nameEn'], q) },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        name: true,
        email: true,
        role: true,
        disabledAt: true,
        totpEnabledAt: true,
        createdAt: true,
        organization: { select: { name: true, nameEn: true, kind: true } },
      },
    }),
    db.user.count({ where }),
  ]);
  return {
    me: auth.user.id,
    q,
    role,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
    users: rows.map((u) => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role: u.role,
      disabled: u.disabledAt !== null,
      secondFactor: u.totpEnabledAt !== null,
      createdAt: u.createdAt.toISOString(),
      org: u.organization.name,
      orgEn: u.organization.nameEn,
      orgKind: u.organization.kind,
    })),
  };
}

type ActionResult = {
  /** Which form the result belongs to: 'invite', 'user:<id>' or 'page'. */
  target: string;
  result: SubmissionResult<string[]>;
};

// Refusals are field or form errors shown beside the form, answered like any form result
// (as login.tsx does); only a body that is not a form at all is a 400.
function reply(target: string, result: SubmissionResult<string[]>): ActionResult {
  return { target, result };
}

function targetOf(payload: Record<string, unknown>) {
  if (payload.intent === 'invite-staff') return 'invite';
  return typeof payload.userId === 'string' && payload.userId ? `user:${payload.userId}` : 'page';
}

const isRecordGone = (error: unknown) => (error as { code?: string }).code === 'P2025';

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireAdmin(request);
  const formData = await request.formData().catch(() => null);
  if (!formData) throw new Response('Bad Request', { status: 400 });
  const submission = parseFormData(formData, { schema });
  const target = targetOf(submission.payload);
  if (submission.status !== 'success') return reply(target, submission.reply());
  const value = submission.value;

  if (value.intent === 'invite-staff') {
    const bureau = await db.organization.findFirst({
      where: { kind: 'BUREAU' },
      orderBy: { createdAt: 'asc' },
      select: { id: true },
    });
    if (!bureau) return reply(target, submission.reply({ formErrors: ['admin.noBureau'] }));
    const result = await invite(db, {
      inviterId: auth.user.id,
      organizationId: bureau.id,
      role: value.role,
      name: value.name,
      email: value.email,
      origin: requestOrigin(request),
    });
    if (!result.ok) {
      const formErrors = result.formError ? [result.formError] : undefined;
      return reply(target, submission.reply({ fieldErrors: result.fieldErrors, formErrors }));
    }
    throw redirect(doneHere('users', request, 'invited'));
  }

  const user = await db.user.findUnique({
    where: { id: value.userId },
    select: { id: true, role: true, disabledAt: true, organization: { select: { kind: true } } },
  });
  if (!user) return reply(target, submission.reply({ formErrors: ['admin.userNotFound'] }));
  const self = user.id === auth.user.id;

  try {
    if (value.intent === 'disable' || value.intent === 'enable') {
      const disable = value.intent === 'disable';
      if (disable && self) {
        return reply(target, submission.reply({ formErrors: ['admin.cannotSelf'] }));
      }
      // already in the asked state: nothing to change, nothing to audit
      if (disable !== (user.disabledAt !== null)) {
        await setUserDisabled(db, auth.user.id, user.id, disable);
      }
      throw redirect(doneHere('users', request, disable ? 'disabled' : 'enabled'));
    }
    if (value.intent === 'reset-2fa') {
      // one's own factor is changed by enrolling again, never by an admin action on oneself
      if (self) return reply(target, submission.reply({ formErrors: ['admin.cannotSelf'] }));
      if (!(await resetSecondFactor(db, auth.user.id, user.id)))
        return reply(target, submission.reply({ formErrors: ['admin.noSecondFactor'] }));
      throw redirect(doneHere('users', request, 'secondFactorReset'));
    }
    if (self) {
      return reply(target, submission.reply({ fieldErrors: { role: ['admin.cannotSelf'] } }));
    }
    if (!(ROLES_BY_KIND[user.organization.kind] ?? []).includes(value.role)) {
      return reply(target, submission.reply({ fieldErrors: { role: ['admin.roleIncompatible'] } }));
    }
    if (user.role === value.role) {
      return reply(target, submission.reply({ fieldErrors: { role: ['admin.roleSame'] } }));
    }
    await setUserRole(db, auth.user.id, user.id, value.role);
    throw redirect(doneHere('users', request, 'roleChanged'));
  } catch (error) {
    // the user was deleted between the look-up and the change
    if (isRecordGone(error)) {
      return reply(target, submission.reply({ formErrors: ['admin.userNotFound'] }));
    }
    throw error;
  }
}

type UserRow = ReturnType<typeof useLoaderData<typeof loader>>['users'][number];

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

const smallButton =
  'rounded border border-stone-300 bg-white px-2 py-1 text-xs font-medium hover:bg-stone-100';

function UserActions({
  user,
  self,
  lastResult,
}: {
  user: UserRow;
  self: boolean;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: `user-${user.id}`,
    lastResult,
    defaultValue: { role: user.role },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: 'onSubmit',
  });
  const roles = ROLES_BY_KIND[user.orgKind] ?? [];
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
              <button type="submit" name="intent" value="role" className={smallButton}>
                {t('admin.changeRole')}
              </button>
            </>
          ) : null}
          <button
            type="submit"
            name="intent"
            value={user.disabled ? 'enable' : 'disable'}
            className={smallButton}
          >
            {user.disabled ? t('admin.enable') : t('admin.disable')}
          </button>
          {user.secondFactor ? (
            <button type="submit" name="intent" value="reset-2fa" className={smallButton}>
              {t('admin.resetSecondFactor')}
            </button>
          ) : null}
        </div>
      )}
      <ErrorList id={form.errorId} errors={form.errors} />
      <ErrorList id={roleField.errorId} errors={roleField.errors} />
      <ErrorList errors={[...(fields.userId.errors ?? []), ...(fields.intent.errors ?? [])]} />
    </Form>
  );
}

function InviteStaff({ lastResult }: { lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useI18n();
  const [form, fields] = useForm({
    id: 'invite-staff',
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  return (
    <Card title={t('admin.inviteStaff')}>
      <p className="text-sm text-stone-600">{t('admin.inviteStaffLead')}</p>
      <Form method="post" {...getFormProps(form)} className="max-w-md space-y-4">
        <input type="hidden" name="intent" value="invite-staff" />
        <FormError id={form.errorId} errors={form.errors} />
        <Field meta={fields.name} label={t('admin.name')} autoComplete="off" />
        <Field meta={fields.email} label={t('admin.email')} type="email" autoComplete="off" />
        <SelectField
          meta={fields.role}
          label={t('admin.role')}
          options={STAFF_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        />
        <Submit>{t('admin.invite')}</Submit>
      </Form>
    </Card>
  );
}
