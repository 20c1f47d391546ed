// Mail delivery across instances (ADR 024), on SQLite and PostgreSQL, through a real SMTP
// conversation with a sink on a local port: each due message is sent exactly once whichever
// sender claims it, a failed send is tried again after its wait and not before, a crashed
// sender's lease holds the message until it runs out, and mail of a rolled-back transaction is
// never sent. Time is driven by the `now` the senders are given, never by waiting.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { db } from '~/lib/db.server';
import {
  claimMail,
  deliver,
  LEASE_MS,
  MAX_ATTEMPTS,
  queueMail,
  RETRY_AFTER_MS,
  SEND_WITHIN_MS,
  sweepMail,
  type SweepSummary,
} from '~/lib/mail.server';
import { command } from '~/services/kernel/command.server';
import { Refused } from '~/services/kernel/refusal';
import { uid } from './factories/unique';
import { raceAcrossProcesses, RACE_TIMEOUT } from './race';

/**
 * A tiny SMTP server: records every message it accepts (one entry per recipient) and answers
 * 451 at the end of DATA for the next `failNext(n)` messages.
 */
async function startSink() {
  const received: { to: string; data: string }[] = [];
  const sockets = new Set<net.Socket>();
  let failures = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buffer = '';
    let inData = false;
    let recipients: string[] = [];
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const data = buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          if (failures > 0) {
            failures--;
            reply('451 4.3.0 sink: try again later');
          } else {
            for (const to of recipients) received.push({ to, data });
            reply('250 2.0.0 queued');
          }
          recipients = [];
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'RCPT') recipients.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
        if (verb === 'MAIL' || verb === 'RSET') recipients = [];
        if (verb === 'DATA') {
          inData = true;
          reply('354 end with <CRLF>.<CRLF>');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
          return;
        } else reply('250 ok');
      }
    });
    reply('220 sink ESMTP');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    /** how many copies of a message reached this recipient */
    count: (to: string) => received.filter((r) => r.to === to).length,
    failNext(n: number) {
      failures = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let sink: Awaited<ReturnType<typeof startSink>>;
const spec = { errors: 'mailTest.errors' };
const later = (t: Date, ms: number) => new Date(t.getTime() + ms);

beforeAll(async () => {
  sink = await startSink();
  vi.stubEnv('SMTP_URL', sink.url);
  // earlier test files' mail is not this file's to send: a sweep at a later `now` would send it
  await db.mailMessage.updateMany({
    where: { sentAt: null, nextAttemptAt: { not: null } },
    data: { nextAttemptAt: null },
  });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await sink.close();
  await db.$disconnect();
});

/** Mail committed by a process that died before sending it: queued, never delivered. */
async function queuedUndelivered(tag: string, n = 1) {
  const to = Array.from({ length: n }, (_, i) => `${tag}-${i}-${uid()}@sink.test`);
  const ids = await db.$transaction(async (tx) => {
    const out: string[] = [];
    for (const address of to)
      out.push(await queueMail(tx, { to: address, subject: tag, text: tag }));
    return out;
  });
  return { to, ids };
}

const row = (id: string) => db.mailMessage.findUniqueOrThrow({ where: { id } });

describe(`mail delivery (${inject('databaseKind')})`, () => {
  it.each(['one process', 'five processes'] as const)(
    'sends each of 30 due messages exactly once when five senders sweep at the same time (%s)',
    async (mode) => {
      const { to, ids } = await queuedUndelivered('parallel', 30);
      const now = new Date();
      const summaries: SweepSummary[] =
        mode === 'one process'
          ? await Promise.all(Array.from({ length: 5 }, () => sweepMail(db, { now })))
          : ((await raceAcrossProcesses(
              'tests/mail-sweep.worker.ts',
              Array.from({ length: 5 }, () => ({ now: now.toISOString(), smtpUrl: sink.url })),
              5,
            )) as unknown as SweepSummary[]);
      expect(to.map((address) => sink.count(address))).toEqual(to.map(() => 1));
      expect(summaries.reduce((sum, s) => sum + s.sent, 0)).toBe(30);
      expect(summaries.every((s) => s.retry + s.failed + s.leaseLost === 0)).toBe(true);
      const rows = await db.mailMessage.findMany({ where: { id: { in: ids } } });
      expect(rows.map((r) => [r.attempts, r.sentAt !== null, r.claimedUntil])).toEqual(
        rows.map(() => [1, true, null]),
      );
      // nothing is sent twice by a later sweep
      await sweepMail(db, { now: later(now, 60 * 60_000) });
      expect(to.map((address) => sink.count(address))).toEqual(to.map(() => 1));
    },
    RACE_TIMEOUT,
  );

  it('sends right after the commit, and retries a refused send after its wait, not before', async () => {
    const to = `retry-${uid()}@sink.test`;
    sink.failNext(1);
    const before = new Date();
    const result = await command(db, spec, async (ctx) => {
      await ctx.mail({ to, subject: 'retry', text: 'retry' });
      return {};
    });
    const after = new Date();
    expect(result.ok).toBe(true);
    const failed = await db.mailMessage.findFirstOrThrow({ where: { to } });
    expect(failed).toMatchObject({ sentAt: null, attempts: 1, claimedUntil: null });
    expect(failed.error).toMatch(/^attempt 1: .*451/);
    const next = failed.nextAttemptAt!;
    expect(next.getTime()).toBeGreaterThanOrEqual(before.getTime() + RETRY_AFTER_MS[0]);
    expect(next.getTime()).toBeLessThanOrEqual(after.getTime() + RETRY_AFTER_MS[0]);
    expect(sink.count(to)).toBe(0);

    await sweepMail(db, { now: later(next, -1) });
    expect(sink.count(to)).toBe(0);
    expect((await row(failed.id)).attempts).toBe(1);

    await sweepMail(db, { now: next });
    expect(sink.count(to)).toBe(1);
    expect(await row(failed.id)).toMatchObject({ attempts: 2, error: null, nextAttemptAt: null });
  });

  it(`backs off 1 min, 5 min, 30 min, 2 h, 2 h, then leaves the message failed after ${MAX_ATTEMPTS} attempts`, async () => {
    const { to, ids } = await queuedUndelivered('give-up');
    const [id] = ids;
    sink.failNext(MAX_ATTEMPTS);
    let now = new Date();
    await deliver(db, ids, { now });
    const gaps: number[] = [];
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      const next = (await row(id)).nextAttemptAt!;
      gaps.push(next.getTime() - now.getTime());
      await sweepMail(db, { now: later(next, -1) });
      expect((await row(id)).attempts).toBe(attempt);
      now = next;
      await sweepMail(db, { now });
      expect((await row(id)).attempts).toBe(attempt + 1);
    }
    expect(gaps.map((ms) => ms / 60_000)).toEqual([1, 5, 30, 120, 120]);
    const given = await row(id);
    expect(given).toMatchObject({ sentAt: null, nextAttemptAt: null, attempts: MAX_ATTEMPTS });
    expect(given.error).toMatch(new RegExp(`^attempt ${MAX_ATTEMPTS}: .*451`));
    await sweepMail(db, { now: later(now, 60 * 60_000) });
    expect(sink.count(to[0])).toBe(0);
    expect((await row(id)).attempts).toBe(MAX_ATTEMPTS);
  });

  it("leaves a crashed sender's message alone while its lease lives, then sends it exactly once", async () => {
    const { to, ids } = await queuedUndelivered('crash');
    const [id] = ids;
    const t0 = new Date();
    // the sender claims the message and dies before sending it
    expect(await claimMail(db, await row(id), t0)).toBe(1);

    await deliver(db, ids, { now: later(t0, 1) });
    await sweepMail(db, { now: later(t0, 60_000) });
    await sweepMail(db, { now: later(t0, LEASE_MS) });
    expect(sink.count(to[0])).toBe(0);
    expect((await row(id)).attempts).toBe(1);

    const expired = later(t0, LEASE_MS + 1);
    await Promise.all(Array.from({ length: 3 }, () => sweepMail(db, { now: expired })));
    expect(sink.count(to[0])).toBe(1);
    expect(await row(id)).toMatchObject({ attempts: 2, claimedUntil: null, error: null });
  });

  it('never sends the mail of a refused command or a rolled-back transaction', async () => {
    const refusedTo = `refused-${uid()}@sink.test`;
    const result = await command(db, spec, async (ctx) => {
      await ctx.mail({ to: refusedTo, subject: 'never', text: 'never' });
      throw new Refused('tooLate');
    });
    expect(result.ok).toBe(false);
    const rolledBackTo = `rolled-back-${uid()}@sink.test`;
    await expect(
      db.$transaction(async (tx) => {
        await queueMail(tx, { to: rolledBackTo, subject: 'never', text: 'never' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');

    await sweepMail(db, { now: later(new Date(), 60 * 60_000) });
    for (const to of [refusedTo, rolledBackTo]) {
      expect(sink.count(to)).toBe(0);
      expect(await db.mailMessage.count({ where: { to } })).toBe(0);
    }
  });

  it('does not send mail kept from before delivery was claimed, nor mail older than a day', async () => {
    const oldTo = `before-${uid()}@sink.test`;
    // a row as the migration left it: no nextAttemptAt
    await db.mailMessage.create({ data: { to: oldTo, subject: 'old', text: 'old' } });
    const { to, ids } = await queuedUndelivered('stale');
    const created = (await row(ids[0])).createdAt;

    await sweepMail(db, { now: later(created, SEND_WITHIN_MS + 1) });
    expect(sink.count(oldTo)).toBe(0);
    expect(sink.count(to[0])).toBe(0);
    expect((await row(ids[0])).attempts).toBe(0);
  });
});
