// The shapes of the charts as the server computes them (app/services/programme/charts.server.ts)
// and the page draws them (app/components/charts.tsx): plain numbers and path strings in the
// SVG's own units, so that nothing the browser loads needs a chart library. Keys name the
// categories; the page turns them into words and numbers in the reader's language.

/** A tick of an axis: its value in the data's unit and where it stands on the axis. */
export type Tick = { value: number; pos: number };

/** The SVG's coordinate space; it is drawn at the width of its box, keeping its proportions. */
export type Frame = { width: number; height: number };

/**
 * Rows of horizontal bars, each under its label line (label at the left, value at the right),
 * so that long labels in any language never crowd the bars. A funnel centres its bars.
 */
export type BarGeometry = Frame & {
  align: 'start' | 'center';
  rows: {
    key: string;
    value: number;
    /** baseline of the label line */
    labelY: number;
    x: number;
    y: number;
    width: number;
    height: number;
  }[];
  /** the value axis under the bars (none for a funnel, or when every value is 0) */
  ticks: Tick[];
  /** where the tick labels' baseline is, and the plot's left and right */
  axisY: number;
  left: number;
  right: number;
};

/** A line over a sequence (months), with its points, axes and the area under it. */
export type LineGeometry = Frame & {
  /** SVG path data of the line and of the area under it ('' when there are no points) */
  line: string;
  area: string;
  points: { key: string; value: number; x: number; y: number }[];
  /** value axis (left) and the keys labelled on the sequence's axis (thinned to fit) */
  yTicks: Tick[];
  xTicks: { key: string; pos: number }[];
  plot: { left: number; right: number; top: number; bottom: number };
};
