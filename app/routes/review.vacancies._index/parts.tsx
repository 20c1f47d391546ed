// The parts of the staff's vacancy desk (route.tsx beside it): approved awards
// awaiting a contract with the days left to sign, and a vacated slot with its history, the
// next-ranked candidate and the promotions proposed for it (docs/decisions/033).
import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import { PostForm } from '~/components/conform';
import { useDeskForm } from '~/components/desk/form';
import { IntentButton } from '~/components/desk/intent';
import { ListItem } from '~/components/desk/list-card';
import type { FormResult } from '~/components/desk/results';
import { Card, TextareaField } from '~/components/form';
import { DateText, pick } from '~/components/ui';
import { vacancyDeskSchema } from '~/forms/vacancies';
import { tKey, useI18n } from '~/i18n/i18n';
import type { VacancyDeskView } from './desk.server';

type ResultFor = (target: string) => FormResult;
type Awaiting = VacancyDeskView['awaiting'][number];
type Slot = VacancyDeskView['slots'][number];
type Promotion = Slot['promotions'][number];

const button = 'rounded px-4 py-2 font-medium disabled:opacity-50';

/** Days left to sign, as a short coloured text. */
export function DaysLeft({ days }: { days: number }) {
  const { t } = useI18n();
  if (days < 0)
    return (
      <span className="font-medium text-red-800" data-testid="sign-overdue">
        {t('vacancies.awaiting.overdueValue', { count: -days })}
      </span>
    );
  if (days === 0)
    return <span className="font-medium text-amber-900">{t('vacancies.awaiting.dueToday')}</span>;
  return <span>{t('vacancies.awaiting.daysLeftValue', { count: days })}</span>;
}

export function AwaitingCard({ rows, resultFor }: { rows: Awaiting[]; resultFor: ResultFor }) {
  const { t } = useI18n();
  return (
    <Card title={t('vacancies.awaiting.title')}>
      {rows.length === 0 ? (
        <p className="text-stone-600">{t('vacancies.awaiting.empty')}</p>
      ) : (
        <ul className="space-y-4">
          {rows.map((r) => (
            <AwaitingRow key={r.id} row={r} lastResult={resultFor(`unsigned-${r.id}`)} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function AwaitingRow({ row: r, lastResult }: { row: Awaiting; lastResult: FormResult }) {
  const { t, locale } = useI18n();
  const [form, fields] = useDeskForm(vacancyDeskSchema, { id: `unsigned-${r.id}`, lastResult });
  const team = pick(locale, r.team, r.teamEn);
  return (
    <ListItem testId="awaiting-contract">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <Link to={`/review/challenges/${r.code}`} className="font-mono">
          {r.code}
        </Link>
        <span className="font-medium">{pick(locale, r.title, r.titleEn)}</span>
      </div>
      <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
        <Fact label={t('vacancies.awaiting.team')}>
          {team}
          {r.institution ? `（${r.institution}）` : ''}
        </Fact>
        <Fact label={t('vacancies.awaiting.slot')}>
          {r.slotNo ? t('vacancies.slots.slotValue', { n: r.slotNo }) : '—'}
        </Fact>
        <Fact label={t('vacancies.awaiting.approvedAt')}>
          <DateText value={r.approvedAt} />
        </Fact>
        <Fact label={t('vacancies.awaiting.deadline')}>
          <DateText value={r.deadline} /> · <DaysLeft days={r.daysLeft} />
        </Fact>
      </dl>
      {r.overdue ? (
        <PostForm form={form} className="space-y-2">
          <input type="hidden" name="awardId" value={r.id} />
          <TextareaField meta={fields.comment} rows={2} label={t('vacancies.awaiting.comment')} />
          <IntentButton
            intent="unsigned"
            className={`${button} border border-red-400 bg-white text-red-800`}
            aria-label={t('vacancies.awaiting.markUnsignedLabel', { team })}
          >
            {t('vacancies.awaiting.markUnsigned')}
          </IntentButton>
        </PostForm>
      ) : null}
    </ListItem>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="inline text-stone-600">{label}：</dt>
      <dd className="inline">{children}</dd>
    </div>
  );
}

export function VacatedSlot({
  slot: s,
  isAdmin,
  resultFor,
}: {
  slot: Slot;
  isAdmin: boolean;
  resultFor: ResultFor;
}) {
  const { t, locale } = useI18n();
  return (
    <ListItem testId="vacated-slot">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <Link to={`/review/challenges/${s.code}`} className="font-mono">
          {s.code}
        </Link>
        <span className="font-medium">{pick(locale, s.title, s.titleEn)}</span>
        {s.slotNo ? (
          <span className="text-sm text-stone-600">
            {t('vacancies.slots.slotValue', { n: s.slotNo })}
          </span>
        ) : null}
      </div>
      <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
        <Fact label={t('vacancies.slots.vacatedTeam')}>
          {pick(locale, s.team, s.teamEn)}
          {s.institution ? `（${s.institution}）` : ''}
        </Fact>
        <Fact label={t('vacancies.slots.why')}>
          {tKey(t, `vacancies.slots.reason.${s.reason}`)}
        </Fact>
        <Fact label={t('vacancies.slots.vacatedBy')}>{s.vacatedBy}</Fact>
        <Fact label={t('vacancies.slots.vacatedAt')}>
          <DateText value={s.vacatedAt} />
        </Fact>
        {s.comment ? (
          <div className="sm:col-span-2">
            <dt className="inline text-stone-600">{t('vacancies.slots.comment')}：</dt>
            <dd className="inline whitespace-pre-line">{s.comment}</dd>
          </div>
        ) : null}
      </dl>
      {s.promotions.length ? (
        <div className="space-y-2">
          <h3 className="text-sm font-semibold">{t('vacancies.slots.history')}</h3>
          <ul className="space-y-3">
            {s.promotions.map((p) => (
              <PromotionItem
                key={p.id}
                promotion={p}
                isAdmin={isAdmin}
                lastResult={resultFor(`promotion-${p.id}`)}
              />
            ))}
          </ul>
        </div>
      ) : null}
      {s.open ? <Candidate slot={s} lastResult={resultFor(`slot-${s.id}`)} /> : null}
    </ListItem>
  );
}

function Candidate({ slot: s, lastResult }: { slot: Slot; lastResult: FormResult }) {
  const { t, locale } = useI18n();
  const [form] = useDeskForm(vacancyDeskSchema, { id: `slot-${s.id}`, lastResult });
  const c = s.candidate;
  return (
    <div className="space-y-2 rounded bg-stone-50 p-3" data-testid="candidate">
      <h3 className="text-sm font-semibold">{t('vacancies.candidate.title')}</h3>
      {c === null ? (
        <p className="text-sm text-stone-600">{t('vacancies.candidate.none')}</p>
      ) : (
        <>
          <p className="text-sm">
            <span className="font-medium">{pick(locale, c.team, c.teamEn)}</span>
            {c.institution ? `（${c.institution}）` : ''} ·{' '}
            {t('vacancies.candidate.value', {
              rank: c.rank ?? '—',
              score: c.weighted === null ? '—' : c.weighted.toFixed(2),
            })}
          </p>
          {c.conflict ? (
            <p className="text-sm text-amber-900">{t('vacancies.candidate.conflictNote')}</p>
          ) : null}
          <PostForm form={form} className="space-y-2">
            <input type="hidden" name="awardId" value={s.id} />
            <input type="hidden" name="candidateId" value={c.applicationId} />
            <IntentButton
              intent="propose"
              disabled={c.conflict}
              className={`${button} bg-brand-700 text-white`}
            >
              {t('vacancies.candidate.propose')}
            </IntentButton>
          </PostForm>
        </>
      )}
    </div>
  );
}

function PromotionItem({
  promotion: p,
  isAdmin,
  lastResult,
}: {
  promotion: Promotion;
  isAdmin: boolean;
  lastResult: FormResult;
}) {
  const { t, locale } = useI18n();
  const [form, fields] = useDeskForm(vacancyDeskSchema, { id: `promotion-${p.id}`, lastResult });
  const blocked = p.mine || p.conflict;
  return (
    <li className="space-y-2 rounded border border-stone-200 p-3" data-testid="promotion">
      <p className="text-sm">
        <span className="font-medium">{pick(locale, p.team, p.teamEn)}</span> ·{' '}
        {tKey(t, `vacancies.promotion.status.${p.status}`)}
      </p>
      <p className="text-sm text-stone-600">
        {t('vacancies.promotion.proposedBy')}：{p.proposedBy} · <DateText value={p.proposedAt} />
        {p.decidedBy ? (
          <>
            {' '}
            · {t('vacancies.promotion.decidedBy')}：{p.decidedBy} · <DateText value={p.decidedAt} />
          </>
        ) : null}
      </p>
      {p.reason ? <p className="text-sm whitespace-pre-line">{p.reason}</p> : null}
      {p.status === 'PROPOSED' ? (
        !isAdmin ? (
          <p className="text-sm text-stone-600">{t('vacancies.promotion.adminOnly')}</p>
        ) : (
          <>
            {p.mine ? (
              <p className="text-sm text-amber-900">{t('vacancies.promotion.ownNote')}</p>
            ) : null}
            {p.conflict ? (
              <p className="text-sm text-amber-900">{t('vacancies.promotion.conflictNote')}</p>
            ) : null}
            <PostForm form={form} className="space-y-2">
              <input type="hidden" name="promotionId" value={p.id} />
              <TextareaField
                meta={fields.reason}
                rows={2}
                label={t('vacancies.promotion.reason')}
              />
              <div className="flex flex-wrap gap-3">
                <IntentButton
                  intent="approve"
                  disabled={blocked}
                  className={`${button} bg-green-700 text-white`}
                >
                  {t('vacancies.promotion.approve')}
                </IntentButton>
                <IntentButton
                  intent="reject"
                  disabled={blocked}
                  className={`${button} border border-red-400 bg-white text-red-800`}
                >
                  {t('vacancies.promotion.reject')}
                </IntentButton>
              </div>
            </PostForm>
          </>
        )
      ) : null}
    </li>
  );
}
