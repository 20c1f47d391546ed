import { describe, expect, it } from 'vitest';
import { barGeometry, CHART_WIDTH, lineGeometry } from './charts.server';

const noBadNumbers = (geometry: unknown) =>
  expect(JSON.stringify(geometry)).not.toMatch(/NaN|Infinity|null/);

describe('bar geometry', () => {
  it('draws bars in proportion to their values, one row each', () => {
    const g = barGeometry([
      { key: 'a', value: 100 },
      { key: 'b', value: 50 },
      { key: 'c', value: 0 },
    ]);
    const [a, b, c] = g.rows;
    expect(a!.width).toBeGreaterThan(0);
    expect(b!.width / a!.width).toBeCloseTo(0.5, 2);
    expect(c!.width).toBe(0);
    expect(a!.width).toBeLessThanOrEqual(CHART_WIDTH);
    // rows do not overlap: each bar lies between its label and the next row's
    expect(a!.y).toBeGreaterThan(a!.labelY);
    expect(b!.labelY).toBeGreaterThan(a!.y + a!.height);
    noBadNumbers(g);
  });

  it('labels its axis with whole numbers only, the largest value within it', () => {
    const g = barGeometry([
      { key: 'a', value: 3 },
      { key: 'b', value: 1 },
    ]);
    expect(g.ticks.length).toBeGreaterThan(1);
    expect(g.ticks.every((t) => Number.isInteger(t.value))).toBe(true);
    expect(Math.max(...g.ticks.map((t) => t.value))).toBeGreaterThanOrEqual(3);
    expect(g.ticks.every((t) => t.pos >= g.left && t.pos <= g.right)).toBe(true);
  });

  it('centres a funnel, the widest stage spanning the chart', () => {
    const g = barGeometry(
      [
        { key: 'needs', value: 97 },
        { key: 'published', value: 55 },
      ],
      { align: 'center' },
    );
    expect(g.rows[0]).toMatchObject({ x: 0, width: CHART_WIDTH });
    const p = g.rows[1]!;
    expect(p.x + p.width / 2).toBeCloseTo(CHART_WIDTH / 2, 0);
    expect(g.ticks).toEqual([]);
  });

  it('draws nothing wrong for an empty chart or one of zeros', () => {
    const zeros = barGeometry([
      { key: 'a', value: 0 },
      { key: 'b', value: 0 },
    ]);
    expect(zeros.rows.map((r) => r.width)).toEqual([0, 0]);
    expect(zeros.ticks).toEqual([]);
    noBadNumbers(zeros);
    const empty = barGeometry([]);
    expect(empty.rows).toEqual([]);
    expect(empty.height).toBe(0);
    noBadNumbers(empty);
  });
});

describe('line geometry', () => {
  const months = Array.from({ length: 12 }, (_, i) => ({
    key: `2021-${String(i + 1).padStart(2, '0')}`,
    value: i === 9 ? 90_000_000 : i === 11 ? 700_000_000 : 0,
  }));

  it('puts each point at its value, higher values higher up', () => {
    const g = lineGeometry(months);
    const [jan, oct, dec] = [g.points[0]!, g.points[9]!, g.points[11]!];
    expect(jan.y).toBe(g.plot.bottom);
    expect(dec.y).toBeLessThan(oct.y);
    expect(oct.y).toBeLessThan(jan.y);
    expect(dec.y).toBeGreaterThanOrEqual(g.plot.top);
    expect(g.points.map((p) => p.x)).toEqual([...g.points.map((p) => p.x)].sort((a, b) => a - b));
    expect(g.line).toMatch(/^M[\d.]+,[\d.]+/);
    expect(g.area).toMatch(/Z$/);
    noBadNumbers(g);
  });

  it('labels at most six months, the first among them, so labels do not overlap', () => {
    const g = lineGeometry(months);
    expect(g.xTicks.length).toBeLessThanOrEqual(6);
    expect(g.xTicks[0]!.key).toBe('2021-01');
    const gaps = g.xTicks.slice(1).map((t, i) => t.pos - g.xTicks[i]!.pos);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(50);
    expect(g.yTicks.every((t) => Number.isInteger(t.value))).toBe(true);
  });

  it('draws nothing wrong for no months, one month or only zeros', () => {
    const none = lineGeometry([]);
    expect([none.line, none.area, none.points]).toEqual(['', '', []]);
    noBadNumbers(none);
    noBadNumbers(lineGeometry([{ key: '2021-10', value: 5 }]));
    const zeros = lineGeometry(months.map((m) => ({ ...m, value: 0 })));
    expect(zeros.yTicks).toEqual([]);
    noBadNumbers(zeros);
  });
});
