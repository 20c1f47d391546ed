import { Link, isRouteErrorResponse, useRouteError } from '@remix-run/react';
import { useI18n } from '~/i18n/i18n';

type Kind = 'forbidden' | 'notFound' | 'request' | 'server';

function kindOf(error: unknown): Kind {
  if (!isRouteErrorResponse(error)) return 'server';
  if (error.status === 403) return 'forbidden';
  if (error.status === 404) return 'notFound';
  return error.status < 500 ? 'request' : 'server';
}

const TEXT = {
  forbidden: ['errors.forbiddenTitle', 'errors.forbidden'],
  notFound: ['errors.notFoundTitle', 'errors.notFound'],
  request: ['errors.requestTitle', 'errors.request'],
  server: ['errors.serverTitle', 'errors.server'],
} as const;

/**
 * What a visitor sees when a page cannot be shown: "no permission" (403), "not found" (404),
 * another refused request (4xx), or the server fault page, in the visitor's language. Layout
 * routes export it as their ErrorBoundary, the root for everything else.
 */
export function ErrorPage() {
  const error = useRouteError();
  const { t } = useI18n();
  const kind = kindOf(error);
  const [title, body] = TEXT[kind];
  return (
    <div className="space-y-4" data-testid="error-page" data-kind={kind}>
      <h1 className="text-2xl font-bold">{t(title)}</h1>
      <p>{t(body)}</p>
      <Link to="/">{t('errors.home')}</Link>
    </div>
  );
}
