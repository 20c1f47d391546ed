// The cells every list of the payments desk shows an instalment with: its contract, milestone,
// team and payout clock (route.tsx's lists and breaches.tsx's).
import { Link } from '@remix-run/react';
import { pick } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';

export function ContractLink({ code }: { code: string }) {
  return (
    <Link to={`/workspace/contracts/${code}`} className="font-mono">
      {code}
    </Link>
  );
}

/** The texts of an instalment's milestone, team and days on the clock ('—' when none). */
export function useInstalmentCells() {
  const { t, locale } = useI18n();
  return {
    milestone: (r: { seq: number; title: string }) =>
      `${t('payments.schedule.milestone', { n: r.seq })} · ${r.title}`,
    team: (r: { team: { name: string; nameEn: string | null } }) =>
      pick(locale, r.team.name, r.team.nameEn),
    days: (r: { days: number | null }) =>
      r.days === null ? '—' : t('payments.dashboard.days', { days: r.days }),
  };
}
