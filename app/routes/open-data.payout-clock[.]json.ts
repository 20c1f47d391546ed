import type { LoaderFunctionArgs } from '@remix-run/node';
import { parsePeriod, periodKey } from '~/domain/period';
import { getT, tKey } from '~/i18n/i18n';
import { PRIVATE_CACHE } from '~/lib/cache.server';
import { db } from '~/lib/db.server';
import { payoutAlertDays } from '~/services/operations/metrics.server';
import { openDataResponse } from '~/services/open-data/responses.server';
import { periodPayoutClock, publishedPayoutClock } from '~/services/programme/payout-clock.server';

/** What the numbers mean, in the file itself (docs/decisions/036-payout-clock-public.md). */
const DEFINITION =
  'Days from the acceptance of a contract milestone to the payment of its reward instalment, ' +
  'in whole calendar days in Asia/Shanghai (accepted on the 8th and paid on the 27th is 19), ' +
  'over the instalments paid (and not reversed) in the period. medianDays and p90Days are the ' +
  '50th and 90th percentiles by the nearest-rank method: each is a number of days some payment ' +
  'took; both are null when no payment was made. limitDays is the bureau’s limit, past which ' +
  'an instalment counts as paid late. Enterprises are the challenge publishers, named by their ' +
  'party id in the OCDS releases (/open-data/ocds/releases.json).';

// The payout clock of the whole programme or of the period `?year=` (and `&quarter=`) names, for
// the programme and per enterprise. A period that cannot be read is a 400 naming the parameter.
export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parsePeriod(new URL(request.url).searchParams);
  if (!parsed.ok) {
    return Response.json(
      { error: 'invalid_period', field: parsed.field, message: tKey(getT('en'), parsed.key) },
      {
        status: 400,
        headers: { 'Cache-Control': PRIVATE_CACHE, 'Access-Control-Allow-Origin': '*' },
      },
    );
  }
  const clock = await periodPayoutClock(db, parsed.period);
  return openDataResponse(
    JSON.stringify({
      period: periodKey(parsed.period),
      definition: DEFINITION,
      ...publishedPayoutClock(clock, payoutAlertDays()),
    }),
  );
}
