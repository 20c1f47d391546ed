import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { DateText, Facts, FieldName, pick, StatusBadge, Wan } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { db } from '~/lib/db.server';
import { localeOf, pageMeta } from '~/lib/meta';
import { getPublishedChallenge } from '~/services/catalogue.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? pageMeta(matches, pick(localeOf(matches), data.challenge.title, data.challenge.titleEn), true)
    : pageMeta(matches, 'challenges.notFound');

export async function loader({ params }: LoaderFunctionArgs) {
  const challenge = await getPublishedChallenge(db, params.code ?? '');
  // Unpublished needs are not public: they answer exactly like a code that never existed.
  if (!challenge) throw new Response('Not found', { status: 404 });
  return { challenge };
}

export default function ChallengeDetail() {
  const { challenge: c } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  const rows: [string, React.ReactNode][] = [
    [t('challenges.code'), <span className="font-mono">{c.code}</span>],
    [t('challenges.enterprise'), pick(locale, c.enterprise.name, c.enterprise.nameEn)],
    [t('challenges.field'), <FieldName field={c.field} />],
    [t('challenges.bounty'), <Wan fen={c.bountyFen} />],
    [t('challenges.publishedAt'), <DateText value={c.publishedAt} />],
    [t('challenges.deadline'), <DateText value={c.applicationDeadline} />],
    [t('challenges.period'), t('challenges.months', { count: c.implementationMonths })],
    [t('challenges.contact'), c.contactName],
  ];
  return (
    <article className="space-y-6">
      <Link to="/challenges" className="text-sm">
        ← {t('challenges.back')}
      </Link>
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{pick(locale, c.title, c.titleEn)}</h1>
        <StatusBadge status={c.status} />
      </header>
      <Facts rows={rows} />
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t('challenges.background')}</h2>
        <p className="leading-relaxed whitespace-pre-line">{c.background}</p>
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t('challenges.targets')}</h2>
        <ol className="list-decimal space-y-1 pl-6">
          {c.targets.map((target, i) => (
            <li key={i}>{pick(locale, target.text, target.textEn)}</li>
          ))}
        </ol>
      </section>
      {c.events.length > 0 ? (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">{t('challenges.events')}</h2>
          <ul className="list-disc pl-6">
            {c.events.map((e) => (
              <li key={e.slug}>
                <Link to={`/events/${e.slug}`}>{pick(locale, e.name, e.nameEn)}</Link> (
                <DateText value={e.date} />)
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {c.matches.length > 0 ? (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">{t('challenges.matchedTeams')}</h2>
          <ul className="list-disc pl-6">
            {c.matches.map((m, i) => (
              <li key={i}>
                {pick(locale, m.name, m.nameEn)} ·{' '}
                {pick(locale, m.institution ?? '', m.institutionEn)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {c.contracts.length > 0 ? (
        <section className="space-y-2">
          <h2 className="text-lg font-semibold">{t('challenges.contract')}</h2>
          <ul className="list-disc pl-6">
            {c.contracts.map((k) => (
              <li key={k.code}>
                <Link to={`/contracts/${k.code}`}>{k.code}</Link> <StatusBadge status={k.status} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </article>
  );
}
