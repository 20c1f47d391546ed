import type { LoaderFunctionArgs } from '@remix-run/node';
import { NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { useI18n } from '~/i18n/i18n';
import { isStaff, requireUser } from '~/lib/auth.server';

export async function loader({ request }: LoaderFunctionArgs) {
  // the second-factor enrolment page lives under /account too, before the factor is passed
  const auth = await requireUser(request, { pending2fa: true });
  return { role: auth.user.role, staff: isStaff(auth), org: auth.user.organization.kind };
}

export default function AccountLayout() {
  const { staff, org, role } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const links = [
    { to: '/account', label: t('account.title'), end: true },
    { to: '/account/password', label: t('account.passwordTitle') },
    ...(org !== 'BUREAU' ? [{ to: '/account/members', label: t('account.membersTitle') }] : []),
    ...(role === 'TEAM' ? [{ to: '/account/payments', label: t('paymentsAccount.title') }] : []),
    ...(staff ? [{ to: '/account/2fa', label: t('account.twoFactorTitle') }] : []),
  ];
  return (
    <div className="grid gap-8 md:grid-cols-[12rem_1fr]">
      <nav aria-label={t('account.links')} className="flex flex-col gap-2 text-sm">
        {links.map((l) => (
          <NavLink
            key={l.to}
            to={l.to}
            end={l.end}
            className={({ isActive }) => (isActive ? 'font-semibold text-brand-700' : '')}
          >
            {l.label}
          </NavLink>
        ))}
      </nav>
      <div>
        <Outlet />
      </div>
    </div>
  );
}
