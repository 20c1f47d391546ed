// What a subscription looks for and how it tells, in words: on the team's page and on the
// unsubscribe page.
import { formatWan } from '~/domain/money';
import { useI18n } from '~/i18n/i18n';

export type AlertSummary = {
  fields: string[];
  keywords: string[];
  minBountyFen: number | null;
  maxBountyFen: number | null;
  includeOpen: boolean;
  inApp: boolean;
  mail: 'NONE' | 'IMMEDIATE' | 'DAILY';
};

export function Summary({ subscription: s }: { subscription: AlertSummary }) {
  const { t, locale } = useI18n();
  const wan = (fen: number) => formatWan(fen, locale);
  const list = t('alerts.listSeparator');
  const bounty =
    s.minBountyFen !== null && s.maxBountyFen !== null
      ? t('alerts.bountyBetween', { min: wan(s.minBountyFen), max: wan(s.maxBountyFen) })
      : s.minBountyFen !== null
        ? t('alerts.bountyFrom', { min: wan(s.minBountyFen) })
        : s.maxBountyFen !== null
          ? t('alerts.bountyTo', { max: wan(s.maxBountyFen) })
          : t('alerts.anyBounty');
  const rows: [string, string][] = [
    [
      t('alerts.fields'),
      s.fields.length
        ? s.fields.map((f) => t(`fields.${f}` as 'fields.新材料', { defaultValue: f })).join(list)
        : t('alerts.anyField'),
    ],
    [t('alerts.keywords'), s.keywords.length ? s.keywords.join(list) : t('alerts.anyKeyword')],
    [
      t('alerts.bounty'),
      t('alerts.bountyWithOpen', {
        bounty,
        open: t(s.includeOpen ? 'alerts.openIncluded' : 'alerts.openExcluded'),
      }),
    ],
    [
      t('alerts.channels'),
      [
        s.inApp ? t('alerts.inApp') : null,
        s.mail !== 'NONE' ? t(`alerts.mailModes.${s.mail}`) : null,
      ]
        .filter(Boolean)
        .join(list),
    ],
  ];
  return (
    <dl className="mt-1 grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-stone-500">{label}</dt>
          <dd className="break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
