// The ranked table of the desk: one row per bid with its averages and the decisions on it.
import { Form } from '@remix-run/react';
import { IntentButton } from '~/components/desk/intent';
import type { FormResult } from '~/components/desk/results';
import { DeskTable } from '~/components/desk/table';
import { ExportLinks } from '~/components/export-links';
import { Card, ErrorList } from '~/components/form';
import { pick } from '~/components/ui';
import { tKey, useI18n } from '~/i18n/i18n';
import { errorsOf, smallButton, type Desk, type Me, type ResultFor, type Row } from './desk-ui';

export function Ranking({ desk, me, resultFor }: { desk: Desk; me: Me; resultFor: ResultFor }) {
  const { t, locale } = useI18n();
  return (
    <Card title={t('evaluation.desk.ranking.title')}>
      <p className="text-sm text-stone-600">{t('evaluation.desk.ranking.lead')}</p>
      <ExportLinks path={`/review/challenges/${desk.challenge.code}/applications`} />
      <DeskTable
        testId="ranking"
        empty={desk.rows.length === 0}
        emptyText={t('evaluation.desk.ranking.empty')}
        columns={[
          t('evaluation.desk.ranking.rank'),
          t('evaluation.desk.ranking.team'),
          ...desk.criteria.map((c) => ({
            key: c.key,
            text: pick(locale, c.name, c.nameEn),
            note: `${c.weight}%`,
            right: true,
          })),
          { text: t('evaluation.desk.ranking.weighted'), right: true },
          t('evaluation.desk.ranking.reviewers'),
          t('evaluation.desk.ranking.status'),
          t('evaluation.desk.ranking.actions'),
        ]}
      >
        {desk.rows.map((r) => (
          <RankingRow
            key={r.id}
            row={r}
            desk={desk}
            me={me}
            lastResult={resultFor(`row-${r.id}`)}
          />
        ))}
      </DeskTable>
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
  lastResult: FormResult;
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
              <IntentButton intent="shortlist" className={smallButton}>
                {t('evaluation.desk.ranking.shortlist')}
              </IntentButton>
            ) : null}
            {myRecusal ? null : (
              <IntentButton intent="propose" className={smallButton}>
                {t('evaluation.desk.ranking.propose')}
              </IntentButton>
            )}
            <IntentButton intent="decline" className={smallButton}>
              {t('evaluation.desk.ranking.decline')}
            </IntentButton>
          </Form>
        ) : null}
        <ErrorList errors={errorsOf(lastResult)} />
      </td>
    </tr>
  );
}
