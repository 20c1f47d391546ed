// A separate process that sweeps the mail, for tests/mail-delivery.db.test.ts (the race's
// protocol: tests/race-worker.ts). Jobs: { now, smtpUrl }; the result is the sweep's summary.
import { db } from '~/lib/db.server';
import { createMailTransport, sweepMail } from '~/lib/mail.server';
import { raceWorker } from './race-worker';

await raceWorker(async (j: { now: string; smtpUrl: string }) => ({
  ok: true,
  ...(await sweepMail(db, { now: new Date(j.now), transport: createMailTransport(j.smtpUrl) })),
}));
