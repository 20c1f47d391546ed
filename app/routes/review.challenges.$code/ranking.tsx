// The ranked table of the desk: one row per bid with its averages and the decisions on it.
import type { SubmissionResult } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { Card, ErrorList } from '~/components/form';
import { pick } from '~/components/ui';
import { tKey, useI18n } from '~/i18n/i18n';
import { errorsOf, smallButton, type Desk, type Me, type ResultFor, type Row } from './desk-ui';

export function Ranking({ desk, me, resultFor }: { desk: Desk; me: Me; resultFor: ResultFor }) {
  const { t, locale } = useI18n();
  return (
    <Card title={t('evaluation.desk.ranking.title')}>
      <p className="text-sm text-stone-600">{t('evaluation.desk.ranking.lead')}</p>
      {desk.rows.length === 0 ? (
        <p className="text-stone-600">{t('evaluation.desk.ranking.empty')}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-sm" data-testid="ranking">
            <thead>
              <tr className="border-b border-stone-300 text-left">
                <th scope="col" className="p-2">
                  {t('evaluation.desk.ranking.rank')}
                </th>
                <th scope="col" className="p-2">
                  {t('evaluation.desk.ranking.team')}
                </th>
                {desk.criteria.map((c) => (
                  <th key={c.key} scope="col" className="p-2 text-right">
                    {pick(locale, c.name, c.nameEn)}
                    <span className="block text-xs font-normal text-stone-500">{c.weight}%</span>
                  </th>
                ))}
                <th scope="col" className="p-2 text-right">
                  {t('evaluation.desk.ranking.weighted')}
                </th>
                <th scope="col" className="p-2">
                  {t('evaluation.desk.ranking.reviewers')}
                </th>
                <th scope="col" className="p-2">
                  {t('evaluation.desk.ranking.status')}
                </th>
                <th scope="col" className="p-2">
                  {t('evaluation.desk.ranking.actions')}
                </th>
              </tr>
            </thead>
            <tbody>
              {desk.rows.map((r) => (
                <RankingRow
                  key={r.id}
                  row={r}
                  desk={desk}
                  me={me}
                  lastResult={resultFor(`row-${r.id}`)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function RankingRow({
  row,
  desk,
  me,
  lastResult,
}: {
  row: Row;
  desk: Desk;
  me: Me;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t, locale } = useI18n();
  const open = desk.underEvaluation && (row.status === 'SUBMITTED' || row.status === 'SHORTLISTED');
  const myRecusal = row.assignments.some((a) => a.reviewerId === me.id && a.recused);
  return (
    <tr className="border-b border-stone-200 align-top" data-testid="ranking-row">
      <td className="p-2 font-semibold">{row.rank ?? '—'}</td>
      <td className="p-2">
        {pick(locale, row.team, row.teamEn)}
        <span className="block text-xs text-stone-500">{row.institution ?? ''}</span>
      </td>
      {row.averages.map((avg, i) => (
        <td key={i} className="p-2 text-right tabular-nums">
          {avg === null ? '—' : avg.toFixed(2)}
        </td>
      ))}
      <td className="p-2 text-right font-semibold tabular-nums" data-testid="weighted">
        {row.weighted === null ? '—' : row.weighted.toFixed(2)}
      </td>
      <td className="p-2">
        {t('evaluation.desk.ranking.reviewersValue', { count: row.reviewers })}
        {row.recused ? t('evaluation.desk.ranking.recusedValue', { count: row.recused }) : ''}
      </td>
      <td className="p-2">{tKey(t, `evaluation.appStatus.${row.status}`)}</td>
      <td className="p-2">
        {row.pendingAwardId ? (
          <span className="text-xs text-amber-900">{t('evaluation.desk.ranking.proposed')}</span>
        ) : open ? (
          <Form method="post" className="flex flex-wrap gap-1">
            <input type="hidden" name="applicationId" value={row.id} />
            {row.status === 'SUBMITTED' ? (
              <button type="submit" name="intent" value="shortlist" className={smallButton}>
                {t('evaluation.desk.ranking.shortlist')}
              </button>
            ) : null}
            {myRecusal ? null : (
              <button type="submit" name="intent" value="propose" className={smallButton}>
                {t('evaluation.desk.ranking.propose')}
              </button>
            )}
            <button type="submit" name="intent" value="decline" className={smallButton}>
              {t('evaluation.desk.ranking.decline')}
            </button>
          </Form>
        ) : null}
        <ErrorList errors={errorsOf(lastResult)} />
      </td>
    </tr>
  );
}
