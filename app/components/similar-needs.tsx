// Duplicate needs (docs/decisions/035-duplicate-needs.md): the similar earlier needs with their
// figures, shown to the enterprise writing a need and to the reviewer vetting it, and the
// reviewer's "mark as duplicate of …" form, posted with a fetcher (a plain form without
// JavaScript) to the page's action under its own intent (routes/review.needs.$id.server.ts),
// its answer told apart from the page's decisions.
import { getFormProps } from '@conform-to/react';
import { Link, useFetcher } from '@remix-run/react';
import { useDeskForm } from '~/components/desk/form';
import { useCardResult } from '~/components/desk/card-result';
import type { Targeted } from '~/components/desk/results';
import { Card, Field, FormError, Submit, TextareaField } from '~/components/form';
import { pick, StatusBadge } from '~/components/ui';
import { DUPLICATE_INTENT, markDuplicateSchema } from '~/forms/duplicates';
import { useI18n } from '~/i18n/i18n';
import type { SimilarNeed } from '~/services/needs/duplicates.server';

/** The similar earlier needs, most similar first, each with its figure and a link. */
export function SimilarNeeds({
  needs,
  audience,
  children,
}: {
  needs: readonly SimilarNeed[];
  audience: 'staff' | 'enterprise';
  children?: React.ReactNode;
}) {
  const { t, locale } = useI18n();
  return (
    <section
      aria-labelledby="similar-needs-title"
      data-testid="similar-needs"
      className="space-y-3 rounded border border-stone-200 bg-white p-4 sm:p-6"
    >
      <h2 id="similar-needs-title" className="text-lg font-semibold">
        {t('duplicates.title')}
      </h2>
      {needs.length === 0 ? (
        <p className="text-stone-600">{t('duplicates.none')}</p>
      ) : (
        <>
          <p className="text-sm text-stone-600">
            {audience === 'staff' ? t('duplicates.leadStaff') : t('duplicates.leadEnterprise')}
          </p>
          <ul className="divide-y divide-stone-200">
            {needs.map((n) => (
              <li
                key={n.id}
                className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2"
                data-testid="similar-need"
              >
                <span
                  className="w-16 shrink-0 font-mono text-sm font-semibold text-amber-900"
                  aria-label={`${t('duplicates.similarity')} ${t('duplicates.percent', { value: n.similarity })}`}
                >
                  {t('duplicates.percent', { value: n.similarity })}
                </span>
                <span className="min-w-0 flex-1 break-words">
                  <Link to={n.href}>{pick(locale, n.title, n.titleEn)}</Link>{' '}
                  <span className="font-mono text-xs text-stone-600">{n.code ?? n.ref}</span>
                </span>
                <StatusBadge status={n.status} />
              </li>
            ))}
          </ul>
        </>
      )}
      {children}
    </section>
  );
}

/** What the need was returned as a duplicate of (its reference, title, and a link if visible). */
export function DuplicateOfNote({
  duplicate,
}: {
  duplicate: { ref: string; title: string; titleEn: string | null; href: string | null } | null;
}) {
  const { t, locale } = useI18n();
  if (!duplicate) return null;
  const title = pick(locale, duplicate.title, duplicate.titleEn);
  return (
    <p className="text-sm text-stone-700" data-testid="duplicate-of">
      {t('duplicates.markedAs')} <span className="font-mono">{duplicate.ref}</span>{' '}
      {duplicate.href ? <Link to={duplicate.href}>{title}</Link> : title}
    </p>
  );
}

/**
 * The reviewer's "mark as duplicate of …": the earlier need's reference (the similar needs are
 * offered as suggestions) and an optional remark. Posted with a fetcher to the page's action; a
 * success redirects to the need's page with the "returned" notice.
 */
export function MarkDuplicateForm({
  needId,
  suggestions,
}: {
  needId: string;
  suggestions: readonly SimilarNeed[];
}) {
  const { t } = useI18n();
  const fetcher = useFetcher<Targeted>();
  const [form, fields] = useDeskForm(markDuplicateSchema, {
    id: 'mark-duplicate',
    lastResult: useCardResult(fetcher, DUPLICATE_INTENT),
  });
  return (
    <Card title={t('duplicates.markTitle')}>
      <p className="text-sm text-stone-600">{t('duplicates.markLead')}</p>
      <fetcher.Form
        method="post"
        action={`/review/needs/${needId}`}
        {...getFormProps(form)}
        className="space-y-4"
      >
        <input type="hidden" name="intent" value={DUPLICATE_INTENT} />
        <FormError id={form.errorId} errors={form.errors} />
        <Field
          meta={fields.duplicateOf}
          label={t('duplicates.duplicateOf')}
          hint={t('duplicates.duplicateOfHint')}
          autoComplete="off"
        />
        {suggestions.length ? (
          <div className="flex flex-wrap gap-2">
            {suggestions.map((s) => (
              <button
                key={s.id}
                type="button"
                className="rounded border border-stone-300 bg-white px-2 py-1 font-mono text-xs hover:bg-stone-100"
                onClick={() =>
                  form.update({ name: fields.duplicateOf.name, value: s.code ?? s.ref })
                }
                aria-label={`${t('duplicates.useThis')} ${s.code ?? s.ref}`}
              >
                {s.code ?? s.ref}
              </button>
            ))}
          </div>
        ) : null}
        <TextareaField meta={fields.note} label={t('duplicates.note')} rows={2} />
        <Submit tone="warn" disabled={fetcher.state !== 'idle'}>
          {t('duplicates.submit')}
        </Submit>
      </fetcher.Form>
    </Card>
  );
}
