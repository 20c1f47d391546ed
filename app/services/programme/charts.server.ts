// The charts' geometry, computed on the server with d3's scales and shapes: the page only draws
// rectangles and paths from these numbers, so d3 never reaches the browser (docs/decisions/026).
import { scaleLinear, scalePoint } from 'd3-scale';
import { area, curveMonotoneX, line } from 'd3-shape';
import type { ChartData } from '~/domain/programme-charts';
import type { BarGeometry, LineGeometry, Tick } from '~/lib/chart-geometry';

/** The width of every chart in SVG units: about a phone's, so text stays legible there. */
export const CHART_WIDTH = 360;

const ROW_HEIGHT = 38;
const BAR_HEIGHT = 12;
/** from a row's top to its label's baseline, and to its bar */
const LABEL_BASELINE = 14;
const BAR_OFFSET = 20;
const AXIS_HEIGHT = 24;
/** at most this many labels on an axis: more would overlap at 360 units */
const MAX_TICKS = 5;
/** months labelled on a line: six of one year ("Sept"), four across years ("Sept 2021") */
const MAX_SEQUENCE_LABELS = 6;
const MAX_DATED_LABELS = 4;

/** One decimal is finer than a pixel at any size the page draws a chart. */
const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Whole-number ticks of a scale (counts and fen are integers; d3 would offer 0.5 of a
 * contract); none when every value is 0, where an axis would only say 0.
 */
function ticksOf(scale: ReturnType<typeof scaleLinear<number, number>>, max: number): Tick[] {
  if (max <= 0) return [];
  return scale
    .ticks(MAX_TICKS)
    .filter((v) => Number.isInteger(v))
    .map((value) => ({ value, pos: round(scale(value)) }));
}

export type BarInput = { key: string; value: number }[];

/** Horizontal bars, one row each; `center` makes a funnel of them. */
export function barGeometry(
  data: BarInput,
  { align = 'start', axis = true }: { align?: 'start' | 'center'; axis?: boolean } = {},
): BarGeometry {
  const left = 0;
  const right = CHART_WIDTH;
  const max = Math.max(0, ...data.map((d) => d.value));
  // a domain of [0, 0] has no scale: an empty chart draws bars of width 0
  const withAxis = axis && align === 'start';
  const x = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .range([0, right - left]);
  // round axis ends for an axis; a funnel's widest bar spans the chart
  if (withAxis) x.nice();
  const rows = data.map((d, i) => {
    const width = round(Math.max(0, x(Math.max(0, d.value))));
    const top = i * ROW_HEIGHT;
    return {
      key: d.key,
      value: d.value,
      labelY: top + LABEL_BASELINE,
      x: round(align === 'center' ? left + (right - left - width) / 2 : left),
      y: top + BAR_OFFSET,
      width,
      height: BAR_HEIGHT,
    };
  });
  const ticks = withAxis ? ticksOf(x, max) : [];
  const barsHeight = data.length * ROW_HEIGHT;
  return {
    width: CHART_WIDTH,
    height: barsHeight + (ticks.length > 0 ? AXIS_HEIGHT : 0),
    align,
    rows,
    ticks: ticks.map((t) => ({ value: t.value, pos: round(left + t.pos) })),
    axisY: barsHeight + 16,
    left,
    right,
  };
}

/** Every k-th key, k chosen so that at most `max` are labelled, the first always. */
function thinned(keys: string[], max: number): string[] {
  const step = Math.max(1, Math.ceil(keys.length / max));
  return keys.filter((_, i) => i % step === 0);
}

/** A line over a sequence of keyed values (months), with the area under it. */
export function lineGeometry(
  data: BarInput,
  { height = 220, maxLabels = MAX_SEQUENCE_LABELS }: { height?: number; maxLabels?: number } = {},
): LineGeometry {
  const plot = { left: 48, right: CHART_WIDTH - 12, top: 12, bottom: height - 28 };
  const max = Math.max(0, ...data.map((d) => d.value));
  const x = scalePoint<string>()
    .domain(data.map((d) => d.key))
    .range([plot.left, plot.right])
    .padding(0.5);
  const y = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .range([plot.bottom, plot.top])
    .nice();
  const points = data.map((d) => ({
    key: d.key,
    value: d.value,
    x: round(x(d.key) ?? plot.left),
    y: round(y(Math.max(0, d.value))),
  }));
  const px = (p: { x: number }) => p.x;
  const py = (p: { y: number }) => p.y;
  const path = line<{ x: number; y: number }>(px, py).curve(curveMonotoneX).digits(1);
  const under = area<{ x: number; y: number }>(px, plot.bottom, py).curve(curveMonotoneX).digits(1);
  return {
    width: CHART_WIDTH,
    height,
    line: points.length > 0 ? (path(points) ?? '') : '',
    area: points.length > 0 ? (under(points) ?? '') : '',
    points,
    yTicks: ticksOf(y, max),
    xTicks: thinned(
      data.map((d) => d.key),
      maxLabels,
    ).map((key) => ({ key, pos: round(x(key) ?? plot.left) })),
    plot,
  };
}

export type StatsChartGeometry = {
  funnel: BarGeometry;
  bountyByField: BarGeometry;
  disbursementsByMonth: LineGeometry;
  leadTimes: BarGeometry;
};

/** The four charts of /stats from a period's chart data. */
export function statsChartGeometry(data: ChartData): StatsChartGeometry {
  return {
    funnel: barGeometry(
      data.funnel.map((s) => ({ key: s.stage, value: s.count })),
      { align: 'center' },
    ),
    bountyByField: barGeometry(data.bountyByField.map((f) => ({ key: f.field, value: f.fen }))),
    disbursementsByMonth: lineGeometry(
      data.disbursementsByMonth.map((m) => ({ key: m.month, value: m.fen })),
      // more than a year of months: their labels carry the year and are longer
      { maxLabels: data.disbursementsByMonth.length > 12 ? MAX_DATED_LABELS : MAX_SEQUENCE_LABELS },
    ),
    leadTimes: barGeometry(data.leadTimes.buckets.map((b) => ({ key: b.id, value: b.count }))),
  };
}
