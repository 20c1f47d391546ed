// npm run mail:run — one sweep of the mail of DATABASE_URL through SMTP_URL: sends every due
// message (one whose sender died before sending it, or a failed one whose wait has passed),
// records the outcomes, then exits. For operators (after an SMTP outage, or where no app server
// runs the sweeper); safe while app servers sweep too, since each message is claimed by one
// sender (docs/decisions/024-mail-delivery.md). Exits 1 when a message was given up.
import { db } from '../app/lib/db.server';
import { SEND_WITHIN_MS, sweepMail } from '../app/lib/mail.server';

if (!process.env.SMTP_URL) {
  console.error('mail: SMTP_URL is not set; there is nothing to send with');
  process.exit(2);
}

try {
  const summary = await sweepMail(db, { limit: 100_000 });
  const [unsent, givenUp] = await Promise.all([
    db.mailMessage.count({
      where: {
        sentAt: null,
        nextAttemptAt: { not: null },
        createdAt: { gte: new Date(Date.now() - SEND_WITHIN_MS) },
      },
    }),
    db.mailMessage.count({ where: { sentAt: null, nextAttemptAt: null, attempts: { gt: 0 } } }),
  ]);
  console.log(
    `mail: ${summary.sent} sent, ${summary.retry} to retry later, ${summary.failed} given up now; ${unsent} to send later, ${givenUp} given up in all`,
  );
  if (summary.failed > 0) process.exitCode = 1;
} finally {
  await db.$disconnect();
}
