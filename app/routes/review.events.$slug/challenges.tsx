// The event's challenges: those attached (each detachable while it has no matches there) and
// the published ones that may be attached, found by a search or named by their code.
import { getFormProps } from '@conform-to/react';
import { Form, Link } from '@remix-run/react';
import { useDeskForm } from '~/components/desk/form';
import { RowAction } from '~/components/desk/intent';
import { errorsOf } from '~/components/desk/results';
import { Card, Field, FormError, Submit } from '~/components/form';
import { FieldName, pick } from '~/components/ui';
import { eventPageSchema } from '~/forms/events';
import { tKey, useI18n } from '~/i18n/i18n';
import { EventList, inputClass, PageSearch, type Section } from './parts';

export function AttachedChallenges({ data, resultFor }: Section) {
  const { t, locale } = useI18n();
  const { challenges } = data.event;
  return (
    <EventList
      list="challenges"
      testId="attached-challenges"
      rows={challenges.length}
      columns={[
        ...(['code', 'challenge', 'field'] as const).map((k) => t(`eventsAdmin.challenges.${k}`)),
        { text: t('eventsAdmin.challenges.matches'), right: true },
      ]}
      actionLabel={t('eventsAdmin.challenges.detach')}
    >
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
            <RowAction
              intent="detach"
              ids={{ challengeId: c.id }}
              label={t('eventsAdmin.challenges.detach')}
              ariaLabel={t('eventsAdmin.challenges.detachLabel', { code: c.code ?? '' })}
              errors={errorsOf(resultFor(`detach:${c.id}`))}
            />
          </td>
        </tr>
      ))}
    </EventList>
  );
}

export function AttachChallenges({ data, resultFor }: Section) {
  const { t, locale } = useI18n();
  const { candidates, candidateLimit, q, allIndustries, event } = data;
  const [form, fields] = useDeskForm(eventPageSchema, {
    id: 'attach-by-code',
    lastResult: resultFor('attach'),
  });
  return (
    <Card title={t('eventsAdmin.attach.title')}>
      <p className="text-sm text-stone-600">{t('eventsAdmin.attach.lead')}</p>
      <PageSearch
        name="q"
        label={t('eventsAdmin.attach.search')}
        value={q}
        placeholder={t('eventsAdmin.attach.searchPlaceholder')}
        submitLabel={t('eventsAdmin.attach.searchSubmit')}
        keep={['scope']}
      >
        <label className="flex flex-col text-sm">
          {t('eventsAdmin.attach.scope')}
          <select name="scope" defaultValue={allIndustries ? 'all' : ''} className={inputClass}>
            <option value="">
              {t('eventsAdmin.attach.sameIndustry')} ({tKey(t, `fields.${event.industry}`)})
            </option>
            <option value="all">{t('eventsAdmin.attach.allIndustries')}</option>
          </select>
        </label>
      </PageSearch>

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
              <RowAction
                intent="attach"
                ids={{ challengeId: c.id }}
                label={t('eventsAdmin.attach.add')}
                ariaLabel={t('eventsAdmin.attach.addLabel', { code: c.code ?? '' })}
                errors={errorsOf(resultFor(`attach:${c.id}`))}
                preventScrollReset
              />
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
