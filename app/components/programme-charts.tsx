// The programme's four charts (funnel, fixed bounties by field, reward money by month, payment
// lead times) with their numbers as tables: /stats and the printable report (/report) show the
// same charts of a period, drawn from the geometry the server computed
// (app/services/programme/charts.server.ts).
import { BarChart, FunnelChart, LineChart } from '~/components/charts';
import { type Column, DataTable } from '~/components/data-table';
import { TitledSection } from '~/components/ui';
import { formatWan } from '~/domain/money';
import type { Period } from '~/domain/period';
import type { ChartData } from '~/domain/programme-charts';
import { tKey, useI18n } from '~/i18n/i18n';
import { formatMonth } from '~/lib/format';
import type { StatsChartGeometry } from '~/services/programme/charts.server';

/** A chart's numbers as a small table inside its card. */
function ChartTable<R>({
  rows,
  rowKey,
  columns,
}: {
  rows: R[];
  rowKey: (row: R) => string;
  columns: Column<R>[];
}) {
  return <DataTable look="card" rows={rows} rowKey={rowKey} columns={columns} />;
}

/** The charts' names under `statsCharts` in the catalogue. */
type ChartName = 'funnel' | 'bountyByField' | 'disbursements' | 'leadTimes';

export function ProgrammeCharts({
  charts,
  geometry,
  period,
}: {
  charts: ChartData;
  geometry: StatsChartGeometry;
  period: Period;
}) {
  const { t, locale } = useI18n();
  const count = (n: number) => String(n);
  const wan = (fen: number) => formatWan(fen, locale);
  const stage = (key: string) => tKey(t, `statsCharts.funnel.stage.${key}`);
  const field = (key: string) => tKey(t, `fields.${key}`, { defaultValue: key });
  const bucket = (key: string) => tKey(t, `statsCharts.leadTimes.bucket.${key}`);
  // within one year the months need no year on the axis
  const month = (key: string) => formatMonth(key, locale);
  const monthTick = (key: string) => formatMonth(key, locale, period.kind === 'all');
  const text = (chart: ChartName, key: string) => tKey(t, `statsCharts.${chart}.${key}`);
  const heading = (chart: ChartName) => ({
    title: text(chart, 'title'),
    lead: text(chart, 'lead'),
  });
  // every table ends in the rows' count, and those about money in their amount
  const countColumn = <R extends { count: number }>(chart: ChartName): Column<R> => ({
    head: text(chart, 'colCount'),
    cell: (r) => r.count,
    align: 'right',
  });
  const amountColumn = <R extends { fen: number }>(chart: ChartName): Column<R> => ({
    head: text(chart, 'colAmount'),
    cell: (r) => wan(r.fen),
    align: 'right',
  });
  const lt = charts.leadTimes;
  return (
    <TitledSection id="charts" title={t('statsCharts.chartsTitle')}>
      <div className="grid gap-4 lg:grid-cols-2 print:grid-cols-2">
        <FunnelChart
          id="chart-funnel"
          {...heading('funnel')}
          geometry={geometry.funnel}
          label={stage}
          format={count}
          table={
            <ChartTable
              rows={charts.funnel}
              rowKey={(r) => r.stage}
              columns={[
                { head: t('statsCharts.funnel.colStage'), cell: (r) => stage(r.stage) },
                countColumn('funnel'),
              ]}
            />
          }
        />
        <BarChart
          id="chart-bounty"
          {...heading('bountyByField')}
          geometry={geometry.bountyByField}
          label={field}
          format={wan}
          table={
            <ChartTable
              rows={charts.bountyByField}
              rowKey={(r) => r.field}
              columns={[
                { head: t('statsCharts.bountyByField.colField'), cell: (r) => field(r.field) },
                countColumn('bountyByField'),
                amountColumn('bountyByField'),
              ]}
            />
          }
        />
        <LineChart
          id="chart-disbursements"
          {...heading('disbursements')}
          geometry={geometry.disbursementsByMonth}
          label={month}
          tickLabel={monthTick}
          format={wan}
          table={
            <ChartTable
              rows={charts.disbursementsByMonth}
              rowKey={(r) => r.month}
              columns={[
                { head: t('statsCharts.disbursements.colMonth'), cell: (r) => month(r.month) },
                countColumn('disbursements'),
                amountColumn('disbursements'),
              ]}
            />
          }
        />
        <BarChart
          id="chart-lead-times"
          title={t('statsCharts.leadTimes.title')}
          lead={
            lt.count > 0
              ? `${t('statsCharts.leadTimes.lead')} ${t('statsCharts.leadTimes.summary', {
                  count: lt.count,
                  median: lt.medianDays,
                  p90: lt.p90Days,
                })}`
              : t('statsCharts.leadTimes.lead')
          }
          geometry={geometry.leadTimes}
          label={bucket}
          format={count}
          table={
            <ChartTable
              rows={lt.buckets}
              rowKey={(r) => r.id}
              columns={[
                { head: t('statsCharts.leadTimes.colBucket'), cell: (r) => bucket(r.id) },
                countColumn('leadTimes'),
              ]}
            />
          }
        />
      </div>
    </TitledSection>
  );
}
