import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Outlet, useLoaderData } from '@remix-run/react';
import { ErrorPage } from '~/components/error-page';
import { SectionNav } from '~/components/section-nav';
import { useI18n } from '~/i18n/i18n';
import { isStaff, requireUser } from '~/lib/auth.server';
import { pageMeta } from '~/lib/meta';

// the section's title, which its error page (a 403 or 404 of a page below) keeps too
export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'account.title');

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
    ...(role === 'TEAM' ? [{ to: '/account/alerts', label: t('alerts.title') }] : []),
    ...(staff ? [{ to: '/account/2fa', label: t('account.twoFactorTitle') }] : []),
  ];
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] gap-8 md:grid-cols-[12rem_minmax(0,1fr)]">
      <SectionNav
        label={t('account.links')}
        links={links}
        className="flex flex-wrap gap-x-4 gap-y-2 text-sm md:flex-col md:flex-nowrap"
      />
      <div>
        <Outlet />
      </div>
    </div>
  );
}

// a 403 or 404 of this section's pages, in the visitor's language; real faults too
export function ErrorBoundary() {
  return <ErrorPage />;
}
