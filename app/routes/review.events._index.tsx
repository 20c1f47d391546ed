import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useDeskForm } from '~/components/desk/form';
import { PostForm } from '~/components/conform';
import { EventFields } from '~/components/desk/event-fields';
import { Card, Field, Submit } from '~/components/form';
import { DateText, FieldName, pick, Pill } from '~/components/ui';
import { createEventSchema } from '~/forms/events';
import { useI18n } from '~/i18n/i18n';
import { requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { createEvent } from '~/services/events/changes.server';
import { listEventsForStaff } from '~/services/events/events.server';
import { actorOf } from '~/services/kernel/actor';
import { DataTable } from '~/components/data-table';
import { formAction } from '~/lib/form.server';
import { DoneNotice } from '~/components/done-notice';
import { doneUrl } from '~/lib/done';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'eventsAdmin.title');

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return { events: await listEventsForStaff(db) };
}

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireStaff(request);
  return formAction(request, createEventSchema, {
    run: (value) => createEvent(db, actorOf(auth.user), value),
    done: ({ slug }) => redirect(doneUrl('event', `/review/events/${slug}`, 'created')),
  });
}

export default function ReviewEvents() {
  const { events } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h2 className="text-xl font-semibold">{t('eventsAdmin.title')}</h2>
        <p className="text-sm text-stone-600">{t('eventsAdmin.lead')}</p>
      </div>
      <DoneNotice page="eventList" />

      <section className="space-y-2" aria-labelledby="events-list">
        <h3 id="events-list" className="text-lg font-semibold">
          {t('eventsAdmin.list.title')}
        </h3>
        <DataTable
          look="framed"
          rows={events}
          rowKey={(e) => e.slug}
          empty={t('eventsAdmin.list.empty')}
          columns={[
            {
              head: t('eventsAdmin.list.name'),
              cell: (e) => (
                <>
                  <Link to={`/review/events/${e.slug}`} className="font-medium">
                    {pick(locale, e.name, e.nameEn)}
                  </Link>
                  <span className="block font-mono text-xs text-stone-500">{e.slug}</span>
                </>
              ),
            },
            { head: t('eventsAdmin.list.industry'), cell: (e) => <FieldName field={e.industry} /> },
            {
              head: t('eventsAdmin.list.date'),
              className: 'whitespace-nowrap',
              cell: (e) => <DateText value={e.date} />,
            },
            { head: t('eventsAdmin.list.place'), cell: (e) => e.place },
            {
              head: t('eventsAdmin.list.challenges'),
              align: 'right',
              cell: (e) => e.challengeCount,
            },
            { head: t('eventsAdmin.list.teams'), align: 'right', cell: (e) => e.teamCount },
            {
              head: t('eventsAdmin.list.status'),
              cell: (e) =>
                e.held ? (
                  <Pill tone="green">{t('eventsAdmin.list.held')}</Pill>
                ) : (
                  <Pill tone="amber">{t('eventsAdmin.list.upcoming')}</Pill>
                ),
            },
          ]}
        />
      </section>

      <CreateEvent />
    </div>
  );
}

function CreateEvent() {
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  const [form, fields] = useDeskForm(createEventSchema, {
    id: 'create-event',
    lastResult,
    constraint: true,
    live: true,
  });
  return (
    <Card title={t('eventsAdmin.create.title')}>
      <PostForm form={form} className="max-w-2xl space-y-4">
        <EventFields fields={fields} />
        <Field
          meta={fields.slug}
          label={t('eventsAdmin.fields.slug')}
          hint={t('eventsAdmin.fields.slugHint')}
          autoComplete="off"
        />
        <Submit>{t('eventsAdmin.create.submit')}</Submit>
      </PostForm>
    </Card>
  );
}
