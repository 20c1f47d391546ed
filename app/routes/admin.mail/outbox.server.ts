// The outbox page: every mail the platform wrote, newest first, with single-use links hidden.
import { mailState } from '~/domain/mail-state';
import { db } from '~/lib/db.server';
import { MAX_ATTEMPTS } from '~/lib/mail.server';
import { pageNumber } from '~/services/accounts/directory.server';

const PAGE_SIZE = 50;

// Reset and invitation mails carry single-use tokens that sign a person in or create an
// account; an admin reading the outbox must not be able to use them, so they never leave
// the server.
const TOKEN_LINK = /(\/(?:password\/reset|invite)\/)[A-Za-z0-9_-]{16,}/g;
const redact = (text: string) => text.replace(TOKEN_LINK, '$1…');

export async function outboxPage(request: Request) {
  const page = pageNumber(new URL(request.url).searchParams.get('page'));
  const [rows, total] = await Promise.all([
    db.mailMessage.findMany({
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        to: true,
        subject: true,
        text: true,
        sentAt: true,
        error: true,
        attempts: true,
        nextAttemptAt: true,
        createdAt: true,
      },
    }),
    db.mailMessage.count(),
  ]);
  return {
    smtp: Boolean(process.env.SMTP_URL),
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
    messages: rows.map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      text: redact(m.text),
      error: m.error,
      state: mailState(m, MAX_ATTEMPTS),
      nextAttemptAt: m.nextAttemptAt?.toISOString() ?? null,
      sentAt: m.sentAt?.toISOString() ?? null,
      createdAt: m.createdAt.toISOString(),
    })),
  };
}
