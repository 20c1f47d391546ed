// The event's challenges: those attached (each detachable while it has no matches there) and
// the published ones that may be attached, found by a search or named by their code.
import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form, Link } from '@remix-run/react';
import { Card, ErrorList, Field, FormError, Submit } from '~/components/form';
import { FieldName, pick } from '~/components/ui';
import { eventPageSchema } from '~/forms/events';
import { tKey, useI18n } from '~/i18n/i18n';
import { allErrors, inputClass, KeepParams, smallButton, type Section } from './parts';

export function AttachedChallenges({ data, resultFor }: Section) {
  const { t, locale } = useI18n();
  const { challenges } = data.event;
  return (
    <Card title={t('eventsAdmin.challenges.title')}>
      {challenges.length === 0 ? (
        <p className="text-stone-600">{t('eventsAdmin.challenges.empty')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="attached-challenges">
            <thead className="bg-stone-50 text-left">
              <tr>
                <th scope="col" className="p-2">
                  {t('eventsAdmin.challenges.code')}
                </th>
                <th scope="col" className="p-2">
                  {t('eventsAdmin.challenges.challenge')}
                </th>
                <th scope="col" className="p-2">
                  {t('eventsAdmin.challenges.field')}
                </th>
                <th scope="col" className="p-2 text-right">
                  {t('eventsAdmin.challenges.matches')}
                </th>
                <th scope="col" className="p-2">
                  <span className="sr-only">{t('eventsAdmin.challenges.detach')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {challenges.map((c) => (
                <tr key={c.id} className="border-t border-stone-200 align-top">
                  <td className="p-2 font-mono text-xs whitespace-nowrap">
                    <Link to={`/challenges/${c.code}`}>{c.code}</Link>
                  </td>
                  <td className="p-2">
                    {pick(locale, c.title, c.titleEn)}
                    <span className="block text-xs text-stone-500">
                      {pick(locale, c.enterprise.name, c.enterprise.nameEn)}
                    </span>
                  </td>
                  <td className="p-2">
                    <FieldName field={c.field} />
                  </td>
                  <td className="p-2 text-right">{c.matchCount}</td>
                  <td className="p-2">
                    <Form method="post">
                      <input type="hidden" name="intent" value="detach" />
                      <input type="hidden" name="challengeId" value={c.id} />
                      <button
                        type="submit"
                        className={smallButton}
                        aria-label={t('eventsAdmin.challenges.detachLabel', { code: c.code ?? '' })}
                      >
                        {t('eventsAdmin.challenges.detach')}
                      </button>
                      <ErrorList errors={allErrors(resultFor(`detach:${c.id}`))} />
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

export function AttachChallenges({ data, resultFor }: Section) {
  const { t, locale } = useI18n();
  const { candidates, candidateLimit, q, allIndustries, event } = data;
  const [form, fields] = useForm({
    id: 'attach-by-code',
    lastResult: resultFor('attach'),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: eventPageSchema }),
    shouldValidate: 'onSubmit',
  });
  return (
    <Card title={t('eventsAdmin.attach.title')}>
      <p className="text-sm text-stone-600">{t('eventsAdmin.attach.lead')}</p>
      <Form
        method="get"
        role="search"
        aria-label={t('eventsAdmin.attach.search')}
        className="flex flex-wrap items-end gap-3"
        preventScrollReset
      >
        <KeepParams except={['q', 'scope']} />
        <label className="flex flex-col text-sm">
          {t('eventsAdmin.attach.search')}
          <input
            type="search"
            name="q"
            defaultValue={q}
            placeholder={t('eventsAdmin.attach.searchPlaceholder')}
            maxLength={100}
            className={`${inputClass} w-72`}
          />
        </label>
        <label className="flex flex-col text-sm">
          {t('eventsAdmin.attach.scope')}
          <select name="scope" defaultValue={allIndustries ? 'all' : ''} className={inputClass}>
            <option value="">
              {t('eventsAdmin.attach.sameIndustry')} ({tKey(t, `fields.${event.industry}`)})
            </option>
            <option value="all">{t('eventsAdmin.attach.allIndustries')}</option>
          </select>
        </label>
        <button type="submit" className={smallButton}>
          {t('eventsAdmin.attach.searchSubmit')}
        </button>
      </Form>

      <p className="text-sm text-stone-600" aria-live="polite">
        {t('eventsAdmin.attach.count', { count: candidates.total })}
        {candidates.total > candidates.items.length
          ? ` ${t('eventsAdmin.attach.more', { limit: candidateLimit })}`
          : ''}
      </p>
      {candidates.items.length === 0 ? (
        <p className="text-stone-600">{t('eventsAdmin.attach.none')}</p>
      ) : (
        <ul className="divide-y divide-stone-200" data-testid="candidate-challenges">
          {candidates.items.map((c) => (
            <li key={c.id} className="flex flex-wrap items-start gap-3 py-2 text-sm">
              <span className="font-mono text-xs whitespace-nowrap">{c.code}</span>
              <span className="min-w-0 flex-1">
                {pick(locale, c.title, c.titleEn)}
                <span className="block text-xs text-stone-500">
                  <FieldName field={c.field} /> ·{' '}
                  {pick(locale, c.enterprise.name, c.enterprise.nameEn)}
                </span>
              </span>
              <Form method="post" preventScrollReset>
                <input type="hidden" name="intent" value="attach" />
                <input type="hidden" name="challengeId" value={c.id} />
                <button
                  type="submit"
                  className={smallButton}
                  aria-label={t('eventsAdmin.attach.addLabel', { code: c.code ?? '' })}
                >
                  {t('eventsAdmin.attach.add')}
                </button>
                <ErrorList errors={allErrors(resultFor(`attach:${c.id}`))} />
              </Form>
            </li>
          ))}
        </ul>
      )}

      <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="intent" value="attach" />
        <div className="w-72">
          <Field
            meta={fields.code}
            label={t('eventsAdmin.attach.code')}
            hint={t('eventsAdmin.attach.codeHint')}
            autoComplete="off"
          />
        </div>
        <Submit>{t('eventsAdmin.attach.submit')}</Submit>
        <div className="w-full">
          <FormError id={form.errorId} errors={form.errors} />
        </div>
      </Form>
    </Card>
  );
}
