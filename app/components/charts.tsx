// Charts drawn from geometry the server computed (app/services/programme/charts.server.ts):
// plain SVG, no chart library in the browser. Each is an image with a title and a description
// that reads out its numbers, and carries the same numbers as a table under a disclosure.
import type { ReactNode } from 'react';
import type { BarGeometry, LineGeometry, Tick } from '~/lib/chart-geometry';
import { useI18n } from '~/i18n/i18n';

type Labels = {
  /** the words for a key (a stage, a field, a month) */
  label: (key: string) => string;
  /** a value as the reader reads it (a count, an amount in 万元) */
  format: (value: number) => string;
};

type ChartProps = Labels & {
  /** unique on the page: names the chart's elements */
  id: string;
  title: string;
  /** what the chart counts, shown under its title */
  lead?: string;
  /** said after the numbers in the image's description (a median …) */
  note?: string;
  /** the chart's numbers as a table (see ChartTable) */
  table: ReactNode;
};

const INK = '#44403c'; // stone-700: 10:1 on white
const MUTED = '#57534e'; // stone-600: 7.6:1
const GRID = '#e7e5e4'; // stone-200
const BAR = '#b42318'; // brand-600
const LINE = '#912018'; // brand-700
const AREA = '#fdf3f2'; // brand-50

/**
 * The frame every chart shares: heading, lead, the image (described by its `rows`, or a "no
 * records" line when there are none), its table.
 */
function ChartFigure({
  id,
  title,
  lead,
  note,
  table,
  rows,
  size: { width, height },
  label,
  format,
  children,
}: ChartProps & {
  rows: { key: string; value: number }[];
  size: { width: number; height: number };
  children: ReactNode;
}) {
  const { t } = useI18n();
  const description = `${useDescription(rows, { label, format })}${note ?? ''}`;
  const empty = rows.length === 0;
  return (
    <figure
      className="min-w-0 space-y-3 rounded border border-stone-200 bg-white p-3 sm:p-4"
      aria-labelledby={`${id}-title`}
      data-chart={id}
    >
      <figcaption className="space-y-1">
        <h3 id={`${id}-title`} className="font-semibold">
          {title}
        </h3>
        {lead ? <p className="text-sm text-stone-600">{lead}</p> : null}
      </figcaption>
      {empty ? (
        <p className="text-sm text-stone-600">{t('statsCharts.noRecords')}</p>
      ) : (
        <svg
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-labelledby={`${id}-svg-title ${id}-svg-desc`}
          className="block h-auto w-full max-w-[26rem] overflow-visible"
          fontSize={14}
        >
          <title id={`${id}-svg-title`}>{title}</title>
          <desc id={`${id}-svg-desc`}>{description}</desc>
          {children}
        </svg>
      )}
      <details className="text-sm">
        <summary className="cursor-pointer text-stone-700">{t('statsCharts.showTable')}</summary>
        <div className="mt-2">{table}</div>
      </details>
    </figure>
  );
}

/** "label: value; label: value …" for the image's description, in the page's language. */
function useDescription(rows: { key: string; value: number }[], { label, format }: Labels) {
  const { t } = useI18n();
  return rows
    .map((r) => t('statsCharts.item', { label: label(r.key), value: format(r.value) }))
    .join(t('statsCharts.listSeparator'));
}

/** Tick labels at the ends of an axis stay inside it. */
function anchorOf(tick: Tick, left: number, right: number) {
  if (tick.pos <= left + 1) return 'start';
  if (tick.pos >= right - 1) return 'end';
  return 'middle';
}

function Bars({ geometry: g, label, format }: { geometry: BarGeometry } & Labels) {
  const barsBottom = g.rows.length > 0 ? g.rows[g.rows.length - 1]!.y + g.rows[0]!.height : 0;
  return (
    <>
      {g.ticks.map((tick) => (
        <g key={tick.value}>
          <line x1={tick.pos} x2={tick.pos} y1={0} y2={barsBottom} stroke={GRID} />
          <text
            x={tick.pos}
            y={g.axisY}
            fontSize={12}
            fill={MUTED}
            textAnchor={anchorOf(tick, g.left, g.right)}
          >
            {format(tick.value)}
          </text>
        </g>
      ))}
      {g.rows.map((r) => (
        <g key={r.key}>
          <text x={g.left} y={r.labelY} fill={INK}>
            {label(r.key)}
          </text>
          <text x={g.right} y={r.labelY} fill={INK} textAnchor="end" fontWeight={600}>
            {format(r.value)}
          </text>
          <rect
            x={r.x}
            y={r.y}
            width={r.width}
            height={r.height}
            rx={2}
            fill={BAR}
            data-value={r.value}
          />
        </g>
      ))}
    </>
  );
}

/** Horizontal bars, one row per key, each under its label and value. */
export function BarChart({ geometry, ...props }: ChartProps & { geometry: BarGeometry }) {
  return (
    <ChartFigure {...props} rows={geometry.rows} size={geometry}>
      <Bars geometry={geometry} label={props.label} format={props.format} />
    </ChartFigure>
  );
}

/** The programme's stages as centred bars narrowing from one stage to the next. */
export function FunnelChart(props: ChartProps & { geometry: BarGeometry }) {
  return <BarChart {...props} />;
}

/** A line over a sequence of keys (months) with the area under it. */
export function LineChart({
  geometry: g,
  tickLabel,
  ...props
}: ChartProps & {
  geometry: LineGeometry;
  /** the label of a key on the sequence's axis (shorter than `label`) */
  tickLabel?: (key: string) => string;
}) {
  const { plot } = g;
  return (
    <ChartFigure {...props} rows={g.points} size={g}>
      {g.yTicks.map((tick) => (
        <g key={tick.value}>
          <line x1={plot.left} x2={plot.right} y1={tick.pos} y2={tick.pos} stroke={GRID} />
          <text
            x={plot.left - 6}
            y={tick.pos}
            dy="0.32em"
            fontSize={12}
            fill={MUTED}
            textAnchor="end"
          >
            {props.format(tick.value)}
          </text>
        </g>
      ))}
      <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} stroke={MUTED} />
      <path d={g.area} fill={AREA} />
      <path d={g.line} fill="none" stroke={LINE} strokeWidth={2} />
      {g.points.map((p) => (
        <circle key={p.key} cx={p.x} cy={p.y} r={3} fill={LINE} data-value={p.value} />
      ))}
      {g.xTicks.map((tick) => (
        <text
          key={tick.key}
          x={tick.pos}
          y={plot.bottom + 20}
          fontSize={12}
          fill={MUTED}
          textAnchor="middle"
        >
          {(tickLabel ?? props.label)(tick.key)}
        </text>
      ))}
    </ChartFigure>
  );
}
