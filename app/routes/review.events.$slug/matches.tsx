// The event's matches: recording one (a challenge attached to the event, a team found by a
// search, the day) and the list of those recorded, each removable.
import { getFormProps, useForm } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import { Form } from '@remix-run/react';
import {
  Card,
  ErrorList,
  Field,
  FormError,
  SelectField,
  Submit,
  TextareaField,
} from '~/components/form';
import { DateText, pick } from '~/components/ui';
import { eventPageSchema } from '~/forms/events';
import { useI18n } from '~/i18n/i18n';
import {
  allErrors,
  inputClass,
  KeepParams,
  smallButton,
  type LoaderData,
  type Result,
  type Section,
} from './parts';

export function RecordMatch({ data, lastResult }: { data: LoaderData; lastResult: Result }) {
  const { t, locale } = useI18n();
  const { event: e, teams, tq } = data;
  const [form, fields] = useForm({
    id: 'record-match',
    lastResult,
    defaultValue: { matchedAt: e.day <= data.today ? e.day : data.today },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: eventPageSchema }),
    shouldValidate: 'onSubmit',
  });
  const teamField = fields.teamId;
  return (
    <Card title={t('eventsAdmin.match.title')}>
      <p className="text-sm text-stone-600">{t('eventsAdmin.match.lead')}</p>
      {e.challenges.length === 0 ? (
        <p className="text-stone-600">{t('eventsAdmin.match.needChallenge')}</p>
      ) : (
        <>
          <Form
            method="get"
            role="search"
            aria-label={t('eventsAdmin.match.teamSearch')}
            className="flex flex-wrap items-end gap-3"
            preventScrollReset
          >
            <KeepParams except={['tq']} />
            <label className="flex flex-col text-sm">
              {t('eventsAdmin.match.teamSearch')}
              <input
                type="search"
                name="tq"
                defaultValue={tq}
                placeholder={t('eventsAdmin.match.teamSearchPlaceholder')}
                maxLength={100}
                className={`${inputClass} w-72`}
              />
            </label>
            <button type="submit" className={smallButton}>
              {t('eventsAdmin.match.teamSearchSubmit')}
            </button>
          </Form>

          <Form method="post" {...getFormProps(form)} className="max-w-2xl space-y-4">
            <input type="hidden" name="intent" value="match" />
            <FormError id={form.errorId} errors={form.errors} />
            <SelectField
              meta={fields.challengeId}
              label={t('eventsAdmin.match.challenge')}
              options={e.challenges.map((c) => ({
                value: c.id,
                label: `${c.code} ${pick(locale, c.title, c.titleEn)}`,
              }))}
            />
            <fieldset
              aria-invalid={teamField.errors ? true : undefined}
              aria-describedby={teamField.errors ? teamField.errorId : undefined}
            >
              <legend className="block text-sm font-medium">{t('eventsAdmin.match.team')}</legend>
              {!tq ? (
                <p className="mt-1 text-sm text-stone-600">{t('eventsAdmin.match.searchFirst')}</p>
              ) : teams.length === 0 ? (
                <p className="mt-1 text-sm text-stone-600">
                  {t('eventsAdmin.match.noTeams', { q: tq })}
                </p>
              ) : (
                <ul className="mt-1 space-y-1" data-testid="team-results">
                  {teams.map((team) => (
                    <li key={team.id}>
                      <label className="flex items-baseline gap-2 text-sm">
                        <input
                          type="radio"
                          name={teamField.name}
                          value={team.id}
                          defaultChecked={teams.length === 1}
                        />
                        <span>
                          {pick(locale, team.name, team.nameEn)}
                          <span className="text-stone-500">
                            {' '}
                            · {pick(locale, team.institution ?? '', team.institutionEn)}
                            {team.matchCount
                              ? ` · ${t('eventsAdmin.match.matchedBefore', { count: team.matchCount })}`
                              : ''}
                          </span>
                        </span>
                      </label>
                    </li>
                  ))}
                </ul>
              )}
              <ErrorList id={teamField.errorId} errors={teamField.errors} />
            </fieldset>
            <Field meta={fields.matchedAt} label={t('eventsAdmin.match.date')} type="date" />
            <TextareaField meta={fields.note} label={t('eventsAdmin.match.note')} rows={2} />
            <Submit>{t('eventsAdmin.match.submit')}</Submit>
          </Form>
        </>
      )}
    </Card>
  );
}

export function Matches({ data, resultFor }: Section) {
  const { t, locale } = useI18n();
  const { matches } = data.event;
  return (
    <Card title={t('eventsAdmin.matches.title')}>
      {matches.length === 0 ? (
        <p className="text-stone-600">{t('eventsAdmin.matches.empty')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="event-matches">
            <thead className="bg-stone-50 text-left">
              <tr>
                <th scope="col" className="p-2">
                  {t('eventsAdmin.matches.team')}
                </th>
                <th scope="col" className="p-2">
                  {t('eventsAdmin.matches.institution')}
                </th>
                <th scope="col" className="p-2">
                  {t('eventsAdmin.matches.challenge')}
                </th>
                <th scope="col" className="p-2">
                  {t('eventsAdmin.matches.date')}
                </th>
                <th scope="col" className="p-2">
                  {t('eventsAdmin.matches.note')}
                </th>
                <th scope="col" className="p-2">
                  <span className="sr-only">{t('eventsAdmin.matches.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {matches.map((m) => {
                const team = pick(locale, m.team.name, m.team.nameEn);
                return (
                  <tr key={m.id} className="border-t border-stone-200 align-top">
                    <td className="p-2">{team}</td>
                    <td className="p-2">
                      {pick(locale, m.team.institution ?? '', m.team.institutionEn)}
                    </td>
                    <td className="p-2 font-mono text-xs whitespace-nowrap">{m.challenge.code}</td>
                    <td className="p-2 whitespace-nowrap">
                      <DateText value={m.matchedAt} />
                    </td>
                    <td className="p-2 text-stone-700">{m.note}</td>
                    <td className="p-2">
                      <Form method="post" preventScrollReset>
                        <input type="hidden" name="intent" value="unmatch" />
                        <input type="hidden" name="matchId" value={m.id} />
                        <button
                          type="submit"
                          className={smallButton}
                          aria-label={t('eventsAdmin.matches.removeLabel', {
                            team,
                            code: m.challenge.code ?? '',
                          })}
                        >
                          {t('eventsAdmin.matches.remove')}
                        </button>
                        <ErrorList errors={allErrors(resultFor(`unmatch:${m.id}`))} />
                      </Form>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
