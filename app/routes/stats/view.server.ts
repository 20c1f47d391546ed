// What /stats shows for the period its URL names: the nine figures, the charts' numbers and
// geometry (drawn by the page without any chart library), and the years the selector offers.
import type { Db } from '~/lib/db.server';
import { payoutAlertDays } from '~/services/operations/metrics.server';
import {
  type PayoutClockFigures,
  periodPayoutClock,
} from '~/services/programme/payout-clock.server';
import {
  periodProgramme,
  type PeriodProgramme,
  type PeriodUnread,
} from '~/services/programme/period-view.server';

export type StatsView =
  | (PeriodProgramme & {
      /** days from milestone acceptance to payment, and the bureau's limit */
      payoutClock: PayoutClockFigures & { limitDays: number };
    })
  | PeriodUnread;

export async function statsView(db: Db, url: URL): Promise<StatsView> {
  const view = await periodProgramme(db, url, (period) => periodPayoutClock(db, period));
  if (!view.ok) return view;
  const { extra: clock, ...programme } = view;
  return { ...programme, payoutClock: { ...clock, limitDays: payoutAlertDays() } };
}
