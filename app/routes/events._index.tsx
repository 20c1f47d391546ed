import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { EventFacts } from '~/components/event-facts';
import { PageHeader, pick } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { listEvents } from '~/services/needs/catalogue.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'events.title');

export async function loader() {
  return { events: await listEvents(db) };
}

export default function Events() {
  const { events } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <div>
      <PageHeader title={t('events.title')} lead={t('events.lead')} />
      <ul className="space-y-4">
        {events.map((e) => (
          <li key={e.slug} className="rounded border border-stone-200 bg-white p-4">
            <Link to={`/events/${e.slug}`} className="text-lg font-semibold">
              {pick(locale, e.name, e.nameEn)}
            </Link>
            <EventFacts event={e} className="mt-1 flex flex-wrap gap-x-4 text-sm text-stone-600">
              <span>{t('events.teamsMatched', { count: e.teamCount })}</span>
            </EventFacts>
          </li>
        ))}
      </ul>
    </div>
  );
}
