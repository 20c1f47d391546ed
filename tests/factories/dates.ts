// Calendar dates as the programme's forms take them: YYYY-MM-DD in Asia/Shanghai. No database
// here: the end-to-end specs use these too.
import { shanghaiDateString } from '~/domain/shanghai-date';

export const DAY_MS = 86_400_000;

/** The Shanghai date `n` days from now (before now when negative). */
export const inDays = (n: number) => shanghaiDateString(new Date(Date.now() + n * DAY_MS));

/** Today's Shanghai date. */
export const today = () => inDays(0);
