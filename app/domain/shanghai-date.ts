/*
 * Calendar days in the bureau's time zone. Dates that mean "a day" (deadlines, stage gates)
 * are stored as the instant that day starts in Asia/Shanghai, e.g. 2021-08-31 is
 * 2021-08-31T00:00+08:00. Asia/Shanghai has been UTC+08:00 all year since 1991 (no DST), so
 * a fixed offset is exact for every date this programme handles and does not depend on the
 * runtime's ICU data.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export function assertValidDate(date: Date, name: string): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RangeError(`${name} is not a valid date`);
  }
}

function shanghaiDayIndex(date: Date): number {
  assertValidDate(date, 'date');
  return Math.floor((date.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** 00:00 Asia/Shanghai of the day containing `date`. */
export function startOfShanghaiDay(date: Date): Date {
  return new Date(shanghaiDayIndex(date) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** 00:00 Asia/Shanghai of the day after the one containing `date`, i.e. the end of that day. */
export function startOfNextShanghaiDay(date: Date): Date {
  return new Date((shanghaiDayIndex(date) + 1) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** The Shanghai calendar date of an instant as YYYY-MM-DD, for display and form round-trips. */
export function shanghaiDateString(date: Date): string {
  return new Date(shanghaiDayIndex(date) * DAY_MS).toISOString().slice(0, 10);
}

/** Parses YYYY-MM-DD (a form's date input) as the start of that day in Shanghai. */
export function parseShanghaiDate(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [, y, m, d] = match;
  const utcMidnight = Date.UTC(Number(y), Number(m) - 1, Number(d));
  const date = new Date(utcMidnight - SHANGHAI_OFFSET_MS);
  // Date.UTC rolls 2021-02-30 over to March; only a real calendar day may round-trip.
  return shanghaiDateString(date) === `${y}-${m}-${d}` ? date : null;
}
