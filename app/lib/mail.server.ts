// Every message is kept in the MailMessage table (the local outbox a developer and the tests
// read); with SMTP_URL set it is also sent, after the caller's transaction has committed.
import nodemailer from 'nodemailer';
import type { Db, Tx } from '~/lib/db.server';

export type Mail = { to: string; subject: string; text: string };

/** Records the message inside the caller's transaction; returns its id for `deliver`. */
export async function queueMail(tx: Tx, mail: Mail): Promise<string> {
  const row = await tx.mailMessage.create({ data: mail, select: { id: true } });
  return row.id;
}

let transport: nodemailer.Transporter | null | undefined;
function smtp() {
  if (transport === undefined) {
    transport = process.env.SMTP_URL ? nodemailer.createTransport(process.env.SMTP_URL) : null;
  }
  return transport;
}

/** Sends queued messages through SMTP when configured; failures are recorded, never thrown. */
export async function deliver(db: Db, ids: string[]) {
  const t = smtp();
  if (!t) return;
  const from = process.env.MAIL_FROM ?? 'Jiebang <no-reply@jiebang.example>';
  for (const id of ids) {
    const m = await db.mailMessage.findUnique({ where: { id } });
    if (!m || m.sentAt) continue;
    try {
      await t.sendMail({ from, to: m.to, subject: m.subject, text: m.text });
      await db.mailMessage.update({ where: { id }, data: { sentAt: new Date(), error: null } });
    } catch (error) {
      await db.mailMessage.update({ where: { id }, data: { error: String(error).slice(0, 500) } });
    }
  }
}

export function latestMailTo(db: Db, to: string) {
  return db.mailMessage.findFirst({ where: { to }, orderBy: { createdAt: 'desc' } });
}

/**
 * Runs `work`, which queues the ids of the mail it wrote inside its transaction, and sends that
 * mail once the work succeeded, i.e. after the transaction committed: a refusal or a rollback
 * sends nothing.
 */
export async function thenDeliver<R extends { ok: boolean }>(
  db: Db,
  work: (queue: (ids: readonly string[]) => void) => Promise<R>,
): Promise<R> {
  const ids: string[] = [];
  const result = await work((more) => {
    ids.push(...more);
  });
  if (result.ok) await deliver(db, ids);
  return result;
}
