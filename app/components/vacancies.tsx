// The team's way to decline its approved award from its application's page: a link to the
// page that asks why and for a confirmation (app/routes/applications.$id.decline).
import { Link } from '@remix-run/react';
import { useI18n } from '~/i18n/i18n';

export function DeclineAwardLink({ applicationId }: { applicationId: string }) {
  const { t } = useI18n();
  return (
    <Link
      to={`/applications/${applicationId}/decline`}
      className="rounded border border-red-300 px-4 py-2 text-red-800 no-underline"
      data-testid="decline-award"
    >
      {t('vacancies.decline.link')}
    </Link>
  );
}
