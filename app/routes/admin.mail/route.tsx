import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { Pager } from '~/components/list-page';
import { DateTime } from '~/components/desk/date-time';
import { Pill } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { requireAdmin } from '~/lib/auth.server';
import { pageMeta } from '~/lib/meta';
import { outboxPage } from './outbox.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'admin.mail');

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return outboxPage(request);
}

type Message = ReturnType<typeof useLoaderData<typeof loader>>['messages'][number];

function Status({ message, smtp }: { message: Message; smtp: boolean }) {
  const { t } = useI18n();
  switch (message.state.kind) {
    case 'sent':
      return <Pill tone="green">{t('admin.sent')}</Pill>;
    case 'retrying':
      return <Pill tone="amber">{t('admin.retrying')}</Pill>;
    case 'givenUp':
      return <Pill tone="red">{t('admin.givenUp')}</Pill>;
    case 'pending':
      return <Pill tone="stone">{smtp ? t('admin.pending') : t('admin.outboxOnly')}</Pill>;
  }
}

/** What happened to a failed mail, and what happens next. */
function Failure({ message }: { message: Message }) {
  const { t } = useI18n();
  const { state } = message;
  return (
    <div className="space-y-1 text-xs">
      {state.kind === 'retrying' ? (
        <p className="text-amber-900" data-testid="mail-retry">
          {t('admin.retryNext', {
            attempts: String(state.attempts),
            max: String(state.maxAttempts),
          })}{' '}
          {message.nextAttemptAt ? <DateTime value={message.nextAttemptAt} /> : null}
        </p>
      ) : null}
      {state.kind === 'givenUp' ? (
        <p className="text-red-800" data-testid="mail-given-up">
          {t('admin.givenUpAfter', { attempts: String(state.attempts) })}
        </p>
      ) : null}
      <p className="font-mono break-all text-red-800">
        {t('admin.failed')}: {message.error}
      </p>
    </div>
  );
}

export default function AdminMail() {
  const { messages, smtp, page, pages, total } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-baseline gap-3">
        <h2 className="text-xl font-semibold">{t('admin.mail')}</h2>
        <p className="text-sm text-stone-600">{t('admin.tokensHidden')}</p>
        <p className="ml-auto text-sm text-stone-600">{t('admin.total', { count: total })}</p>
      </div>
      {messages.length === 0 ? (
        <p className="rounded border border-dashed border-stone-300 p-8 text-center text-stone-600">
          {t('admin.noResults')}
        </p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded border border-stone-200 bg-white">
          {messages.map((m) => (
            <li key={m.id}>
              <details className="group">
                <summary className="grid cursor-pointer gap-x-4 gap-y-1 p-3 text-sm hover:bg-stone-50 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)_auto_auto] sm:items-baseline">
                  <span className="font-mono text-xs break-all">
                    <span className="sr-only">{t('admin.to')}: </span>
                    {m.to}
                  </span>
                  <span className="font-medium">
                    <span className="sr-only">{t('admin.subject')}: </span>
                    {m.subject}
                  </span>
                  <span className="text-xs whitespace-nowrap text-stone-600">
                    <span className="sr-only">{t('admin.time')}: </span>
                    <DateTime value={m.createdAt} />
                  </span>
                  <Status message={m} smtp={smtp} />
                </summary>
                <div className="space-y-2 border-t border-stone-100 bg-stone-50 p-3">
                  {m.sentAt ? (
                    <p className="text-xs text-stone-600">
                      {t('admin.sent')}: <DateTime value={m.sentAt} />
                    </p>
                  ) : null}
                  {m.error && !m.sentAt ? <Failure message={m} /> : null}
                  <pre className="font-mono text-xs break-words whitespace-pre-wrap">{m.text}</pre>
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
      <Pager page={page} pages={pages} />
    </div>
  );
}
