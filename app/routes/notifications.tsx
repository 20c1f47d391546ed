import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { Card } from '~/components/form';
import { DateText } from '~/components/ui';
import { tKey, useI18n } from '~/i18n/i18n';
import { requireUser } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { markAllRead, notificationsOf } from '~/services/accounts/inbox.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'notifications.title');

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  return { items: await notificationsOf(db, user.id) };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  await markAllRead(db, user.id);
  return { ok: true };
}

export default function Notifications() {
  const { items } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <Card title={t('notifications.title')} main>
      {items.length === 0 ? (
        <p className="text-stone-600">{t('notifications.empty')}</p>
      ) : (
        <>
          <Form method="post">
            <button type="submit" className="text-sm underline">
              {t('notifications.markRead')}
            </button>
          </Form>
          <ul className="divide-y divide-stone-200">
            {items.map((n) => (
              <li key={n.id} className="flex flex-wrap items-baseline gap-3 py-2">
                {n.unread ? (
                  <span className="rounded bg-brand-50 px-1.5 text-xs text-brand-700">
                    {t('notifications.unread')}
                  </span>
                ) : null}
                <span className="flex-1">{tKey(t, `notifications.kinds.${n.kind}`, n.params)}</span>
                <span className="text-sm text-stone-500">
                  <DateText value={n.createdAt} />
                </span>
                {n.link ? <Link to={n.link}>{t('notifications.open')}</Link> : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
