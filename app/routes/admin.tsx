import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { NavLink, Outlet } from '@remix-run/react';
import { PageHeader } from '~/components/ui';
import { ErrorPage } from '~/components/error-page';
import { useI18n } from '~/i18n/i18n';
import { requireAdmin } from '~/lib/auth.server';
import { pageMeta } from '~/lib/meta';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'admin.title');

// Guards the layout; every child loader and action checks requireAdmin again, since Remix
// runs the loaders of a match in parallel and an action runs without this loader.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return null;
}

const SECTIONS = [
  { to: '/admin/users', label: 'admin.users' },
  { to: '/admin/organizations', label: 'admin.organizations' },
  { to: '/admin/audit', label: 'admin.audit' },
  { to: '/admin/mail', label: 'admin.mail' },
] as const;

export default function AdminLayout() {
  const { t } = useI18n();
  return (
    <div>
      <PageHeader title={t('admin.title')} />
      <nav aria-label={t('admin.subNav')} className="mb-6 border-b border-stone-200">
        <ul className="flex flex-wrap gap-1">
          {SECTIONS.map((s) => (
            <li key={s.to}>
              <NavLink
                to={s.to}
                prefetch="intent"
                className={({ isActive }) =>
                  `-mb-px inline-block border-b-2 px-3 py-2 text-sm no-underline ${
                    isActive
                      ? 'border-brand-700 font-semibold text-brand-700'
                      : 'border-transparent text-stone-700 hover:border-stone-300'
                  }`
                }
              >
                {t(s.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}

// a 403 or 404 of this section's pages, in the visitor's language; real faults too
export function ErrorBoundary() {
  return <ErrorPage />;
}
