// The parts of the staff's vacancy desk (route.tsx beside it): approved awards
// awaiting a contract with the days left to sign, and a vacated slot with its history, the
// next-ranked candidate and the promotions proposed for it (docs/decisions/033).
import { PostForm } from '~/components/conform';
import { useDeskForm } from '~/components/desk/form';
import { ApproveOrReject } from '~/components/desk/approve-or-reject';
import {
  ChallengeLine,
  ItemFact,
  ItemFacts,
  ListItem,
  TeamName,
} from '~/components/desk/list-card';
import type { FormResult } from '~/components/desk/results';
import { Card, Submit, TextareaField } from '~/components/form';
import { DateText, pick } from '~/components/ui';
import { vacancyDeskSchema } from '~/forms/vacancies';
import { tKey, useI18n } from '~/i18n/i18n';
import type { VacancyDeskView } from './desk.server';

type ResultFor = (target: string) => FormResult;
type Awaiting = VacancyDeskView['awaiting'][number];
type Slot = VacancyDeskView['slots'][number];
type Promotion = Slot['promotions'][number];

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
      <ChallengeLine code={r.code} title={r.title} titleEn={r.titleEn} />
      <ItemFacts>
        <ItemFact label={t('vacancies.awaiting.team')}>
          <TeamName team={r} />
        </ItemFact>
        <ItemFact label={t('vacancies.awaiting.slot')}>
          {r.slotNo ? t('vacancies.slots.slotValue', { n: r.slotNo }) : '—'}
        </ItemFact>
        <ItemFact label={t('vacancies.awaiting.approvedAt')}>
          <DateText value={r.approvedAt} />
        </ItemFact>
        <ItemFact label={t('vacancies.awaiting.deadline')}>
          <DateText value={r.deadline} /> · <DaysLeft days={r.daysLeft} />
        </ItemFact>
      </ItemFacts>
      {r.overdue ? (
        <PostForm form={form} className="space-y-2">
          <input type="hidden" name="awardId" value={r.id} />
          <TextareaField meta={fields.comment} rows={2} label={t('vacancies.awaiting.comment')} />
          <Submit
            intent="unsigned"
            tone="danger"
            aria-label={t('vacancies.awaiting.markUnsignedLabel', { team })}
          >
            {t('vacancies.awaiting.markUnsigned')}
          </Submit>
        </PostForm>
      ) : null}
    </ListItem>
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
  const { t } = useI18n();
  return (
    <ListItem testId="vacated-slot">
      <ChallengeLine code={s.code} title={s.title} titleEn={s.titleEn}>
        {s.slotNo ? (
          <span className="text-sm text-stone-600">
            {t('vacancies.slots.slotValue', { n: s.slotNo })}
          </span>
        ) : null}
      </ChallengeLine>
      <ItemFacts>
        <ItemFact label={t('vacancies.slots.vacatedTeam')}>
          <TeamName team={s} />
        </ItemFact>
        <ItemFact label={t('vacancies.slots.why')}>
          {tKey(t, `vacancies.slots.reason.${s.reason}`)}
        </ItemFact>
        <ItemFact label={t('vacancies.slots.vacatedBy')}>{s.vacatedBy}</ItemFact>
        <ItemFact label={t('vacancies.slots.vacatedAt')}>
          <DateText value={s.vacatedAt} />
        </ItemFact>
        {s.comment ? (
          <ItemFact label={t('vacancies.slots.comment')} wide>
            {s.comment}
          </ItemFact>
        ) : null}
      </ItemFacts>
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
            <Submit intent="propose" disabled={c.conflict}>
              {t('vacancies.candidate.propose')}
            </Submit>
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
  const [form] = useDeskForm(vacancyDeskSchema, { id: `promotion-${p.id}`, lastResult });
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
          <ApproveOrReject
            ns="vacancies.promotion"
            form={form}
            label={t('vacancies.promotion.reason')}
            id={{ name: 'promotionId', value: p.id }}
            mine={p.mine}
            conflict={p.conflict}
          />
        )
      ) : null}
    </li>
  );
}
