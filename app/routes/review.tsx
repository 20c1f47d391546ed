import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Outlet, useLoaderData } from '@remix-run/react';
import { ErrorPage } from '~/components/error-page';
import { SectionNav } from '~/components/section-nav';
import { useI18n } from '~/i18n/i18n';
import { requireStaff } from '~/lib/auth.server';
import { pageMeta } from '~/lib/meta';

// the section's title, which its error page (a 403 or 404 of a page below) keeps too
export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'review.title');

// The bureau's working pages. Each child route checks permission itself as well: a data
// request can ask for one route's loader alone.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request);
  return { role: user.role };
}

export default function ReviewLayout() {
  const { t } = useI18n();
  const { role } = useLoaderData<typeof loader>();
  const links = [
    { to: '/review/needs', label: t('review.nav.needs') },
    { to: '/review/events', label: t('review.nav.events') },
    { to: '/review/challenges', label: t('evaluation.nav.challenges') },
    { to: '/review/assignments', label: t('evaluation.nav.assignments') },
    { to: '/review/experts', label: t('reviewDue.experts.nav') },
    { to: '/review/vacancies', label: t('vacancies.nav') },
    // reviewers see the upheld appeals' re-evaluations there, admins every appeal
    { to: '/review/appeals', label: t('evaluation.nav.appeals') },
    { to: '/review/contracts', label: t('contractsDesk.title') },
    { to: '/review/payments', label: t('payments.dashboard.title') },
    ...(role === 'ADMIN' ? [{ to: '/review/awards', label: t('evaluation.nav.awards') }] : []),
  ];
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline gap-6 border-b border-stone-200 pb-3">
        <h1 className="text-xl font-bold">{t('review.title')}</h1>
        <SectionNav
          label={t('review.title')}
          links={links}
          className="flex flex-wrap gap-x-4 gap-y-2 text-sm"
        />
      </div>
      <Outlet />
    </div>
  );
}

// a 403 or 404 of this section's pages, in the visitor's language; real faults too
export function ErrorBoundary() {
  return <ErrorPage />;
}
