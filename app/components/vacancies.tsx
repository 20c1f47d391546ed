// The team's way to decline its approved award from its application's page: a link to the
// page that asks why and for a confirmation (app/routes/applications.$id.decline).
import { useI18n } from '~/i18n/i18n';
import { LinkButton } from './ui';

export function DeclineAwardLink({ applicationId }: { applicationId: string }) {
  const { t } = useI18n();
  return (
    <LinkButton
      to={`/applications/${applicationId}/decline`}
      tone="danger"
      data-testid="decline-award"
    >
      {t('vacancies.decline.link')}
    </LinkButton>
  );
}
