// The "apply" call to action of a public challenge page: a link to /apply/<code> while the
// challenge is open for applications (its effective status is PUBLISHED), a short note once it
// has closed, nothing for a challenge that never took applications. Signed-out visitors see the
// link too (the apply page sends them to sign in); signed-in enterprises and bureau staff, who
// cannot apply, do not. The viewer's role comes from the root loader unless `viewerRole` says.
import { useRouteLoaderData } from '@remix-run/react';
import { useI18n } from '~/i18n/i18n';
import { LinkButton } from './ui';

type RootData = { user?: { role?: string } | null } | undefined;

export function ApplyLink({
  code,
  status,
  viewerRole,
}: {
  code: string;
  /** the challenge's effective status (effectiveNeedStatus), as the catalogue returns it */
  status: string;
  viewerRole?: string | null;
}) {
  const { t } = useI18n();
  const root = useRouteLoaderData('root') as RootData;
  const role = viewerRole === undefined ? (root?.user?.role ?? null) : viewerRole;
  if (!code) return null;
  if (role && role !== 'TEAM') return null;
  if (status === 'PUBLISHED') {
    return (
      <LinkButton to={`/apply/${encodeURIComponent(code)}`} data-testid="apply-link">
        {t('applications.apply')}
      </LinkButton>
    );
  }
  if (status === 'CLOSED') {
    return <p className="text-sm text-stone-600">{t('applications.applyClosed')}</p>;
  }
  return null;
}
