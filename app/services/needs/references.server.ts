// The numbers people quote for a need: its reference from the first save (N-2026-001) and its
// challenge code from publication (ZB-2026-001), each the next of its year's series
// (docs/decisions/017), taken inside the transaction that uses it.
import { formatChallengeCode, parseChallengeCode } from '~/domain/need';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { nextInSeries } from '~/lib/counters.server';
import type { Tx } from '~/lib/db.server';

/** The year a moment falls in, in Shanghai: the year of a reference or code. */
export const shanghaiYear = (d: Date) => Number(shanghaiDateString(d).slice(0, 4));

const NEED_REF = /^N-(\d{4})-(\d{3,})$/;

/** The largest number `parse` finds among `values`: 0 when there is none. */
function highestOf(values: readonly (string | null)[], parse: (v: string) => number | null) {
  return values.reduce((max, v) => Math.max(max, (v && parse(v)) || 0), 0);
}

/** The year's next need reference, N-2026-001. */
export async function nextNeedRef(tx: Tx, year: number) {
  const prefix = `N-${year}-`;
  const seq = await nextInSeries(tx, `need-ref:${year}`, async () => {
    const rows = await tx.challenge.findMany({
      where: { ref: { startsWith: prefix } },
      select: { ref: true },
    });
    return highestOf(
      rows.map((r) => r.ref),
      (ref) => Number(NEED_REF.exec(ref)?.[2] ?? 0),
    );
  });
  return `${prefix}${String(seq).padStart(3, '0')}`;
}

/** The year's next challenge code, ZB-2026-001, taken at publication. */
export async function nextChallengeCode(tx: Tx, year: number) {
  const seq = await nextInSeries(tx, `challenge-code:${year}`, async () => {
    const rows = await tx.challenge.findMany({
      where: { code: { startsWith: `ZB-${year}-` } },
      select: { code: true },
    });
    return highestOf(
      rows.map((r) => r.code),
      (code) => parseChallengeCode(code)?.seq ?? null,
    );
  });
  return formatChallengeCode(year, seq);
}
