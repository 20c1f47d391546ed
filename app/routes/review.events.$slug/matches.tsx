// The event's matches: recording one (a challenge attached to the event, a team found by a
// search, the day) and the list of those recorded, each removable.
import { useDeskForm } from '~/components/desk/form';
import { PostForm } from '~/components/conform';
import { RowAction } from '~/components/desk/intent';
import { errorsOf } from '~/components/desk/results';
import { Card, ErrorList, Field, SelectField, Submit, TextareaField } from '~/components/form';
import { DateText, pick } from '~/components/ui';
import { eventPageSchema } from '~/forms/events';
import { useI18n } from '~/i18n/i18n';
import { EventList, PageSearch, type LoaderData, type Result, type Section } from './parts';

export function RecordMatch({ data, lastResult }: { data: LoaderData; lastResult: Result }) {
  const { t, locale } = useI18n();
  const { event: e, teams, tq } = data;
  const [form, fields] = useDeskForm(eventPageSchema, {
    id: 'record-match',
    lastResult,
    defaultValue: { matchedAt: e.day <= data.today ? e.day : data.today },
  });
  const teamField = fields.teamId;
  return (
    <Card title={t('eventsAdmin.match.title')}>
      <p className="text-sm text-stone-600">{t('eventsAdmin.match.lead')}</p>
      {e.challenges.length === 0 ? (
        <p className="text-stone-600">{t('eventsAdmin.match.needChallenge')}</p>
      ) : (
        <>
          <PageSearch
            name="tq"
            label={t('eventsAdmin.match.teamSearch')}
            value={tq}
            placeholder={t('eventsAdmin.match.teamSearchPlaceholder')}
            submitLabel={t('eventsAdmin.match.teamSearchSubmit')}
            keep={[]}
          />

          <PostForm form={form} className="max-w-2xl space-y-4">
            <input type="hidden" name="intent" value="match" />
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
          </PostForm>
        </>
      )}
    </Card>
  );
}

export function Matches({ data, resultFor }: Section) {
  const { t, locale } = useI18n();
  const { matches } = data.event;
  return (
    <EventList
      list="matches"
      testId="event-matches"
      rows={matches.length}
      columns={(['team', 'institution', 'challenge', 'date', 'note'] as const).map((k) =>
        t(`eventsAdmin.matches.${k}`),
      )}
      actionLabel={t('eventsAdmin.matches.remove')}
    >
      {matches.map((m) => {
        const team = pick(locale, m.team.name, m.team.nameEn);
        return (
          <tr key={m.id} className="border-t border-stone-200 align-top">
            <td className="p-2">{team}</td>
            <td className="p-2">{pick(locale, m.team.institution ?? '', m.team.institutionEn)}</td>
            <td className="p-2 font-mono text-xs whitespace-nowrap">{m.challenge.code}</td>
            <td className="p-2 whitespace-nowrap">
              <DateText value={m.matchedAt} />
            </td>
            <td className="p-2 text-stone-700">{m.note}</td>
            <td className="p-2">
              <RowAction
                intent="unmatch"
                ids={{ matchId: m.id }}
                label={t('eventsAdmin.matches.remove')}
                ariaLabel={t('eventsAdmin.matches.removeLabel', {
                  team,
                  code: m.challenge.code ?? '',
                })}
                errors={errorsOf(resultFor(`unmatch:${m.id}`))}
                preventScrollReset
              />
            </td>
          </tr>
        );
      })}
    </EventList>
  );
}
