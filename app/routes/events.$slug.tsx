import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { DateText, FieldName, pick } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { db } from '~/lib/db.server';
import { localeOf, pageMeta } from '~/lib/meta';
import { getEvent } from '~/services/needs/catalogue.server';
import { HeadRow } from '~/components/list-page';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  data
    ? pageMeta(matches, pick(localeOf(matches), data.event.name, data.event.nameEn), true)
    : pageMeta(matches, 'events.notFound');

export async function loader({ params }: LoaderFunctionArgs) {
  const event = await getEvent(db, params.slug ?? '');
  if (!event) throw new Response('Not found', { status: 404 });
  return { event };
}

export default function EventDetail() {
  const { event: e } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <article className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{pick(locale, e.name, e.nameEn)}</h1>
        <p className="flex flex-wrap gap-x-4 text-sm text-stone-600">
          <span>
            {t('events.industry')}: <FieldName field={e.industry} />
          </span>
          <span>
            {t('events.date')}: <DateText value={e.date} />
          </span>
          <span>
            {t('events.place')}: {e.place}
          </span>
        </p>
      </header>
      <p className="leading-relaxed">{e.description}</p>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t('events.challenges')}</h2>
        <ul className="list-disc pl-6">
          {e.challenges.map((c) => (
            <li key={c.code}>
              <Link to={`/challenges/${c.code}`}>
                {c.code} {pick(locale, c.title, c.titleEn)}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">
          {t('events.matches')} · {t('events.teamsMatched', { count: e.teamCount })}
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm">
            <HeadRow
              columns={[
                t('events.team'),
                t('events.institution'),
                t('events.challenge'),
                t('events.matchedAt'),
              ]}
            />
            <tbody>
              {e.matches.map((m, i) => (
                <tr key={i} className="border-b border-stone-200">
                  <td className="p-2">{pick(locale, m.team.name, m.team.nameEn)}</td>
                  <td className="p-2">
                    {pick(locale, m.team.institution ?? '', m.team.institutionEn)}
                  </td>
                  <td className="p-2">
                    <Link to={`/challenges/${m.challenge.code}`}>{m.challenge.code}</Link>
                  </td>
                  <td className="p-2">
                    <DateText value={m.matchedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </article>
  );
}
