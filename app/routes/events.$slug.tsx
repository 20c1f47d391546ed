import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { EventFacts } from '~/components/event-facts';
import { DateText, pick, Section } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { db } from '~/lib/db.server';
import { namedPageMeta } from '~/lib/meta';
import { getEvent } from '~/services/needs/catalogue.server';
import { DataTable } from '~/components/data-table';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  namedPageMeta(matches, data && [data.event.name, data.event.nameEn], 'events.notFound');

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
        <EventFacts event={e} className="flex flex-wrap gap-x-4 text-sm text-stone-600" />
      </header>
      <p className="leading-relaxed">{e.description}</p>
      <Section title={t('events.challenges')}>
        <ul className="list-disc pl-6">
          {e.challenges.map((c) => (
            <li key={c.code}>
              <Link to={`/challenges/${c.code}`}>
                {c.code} {pick(locale, c.title, c.titleEn)}
              </Link>
            </li>
          ))}
        </ul>
      </Section>
      <Section
        title={
          <>
            {t('events.matches')} · {t('events.teamsMatched', { count: e.teamCount })}
          </>
        }
      >
        <DataTable
          rows={e.matches}
          rowKey={(_, i) => i}
          columns={[
            { head: t('events.team'), cell: (m) => pick(locale, m.team.name, m.team.nameEn) },
            {
              head: t('events.institution'),
              cell: (m) => pick(locale, m.team.institution ?? '', m.team.institutionEn),
            },
            {
              head: t('events.challenge'),
              cell: (m) => <Link to={`/challenges/${m.challenge.code}`}>{m.challenge.code}</Link>,
            },
            { head: t('events.matchedAt'), cell: (m) => <DateText value={m.matchedAt} /> },
          ]}
        />
      </Section>
    </article>
  );
}
