// In-app notifications, each mirrored by an e-mail through the mail layer. Called inside the
// transaction of the change it reports; the caller delivers the returned mail ids after commit.
import { getT, tKey } from '~/i18n/i18n';
import type { zh } from '~/i18n/zh';
import type { Tx } from '~/lib/db.server';
import { trustedOrigin } from '~/lib/env.server';
import { queueMail } from '~/lib/mail.server';

// A kind is a leaf of notifications.kinds: 'contractCreated', or a grouped one such as
// 'disbursement.paid' (the text at notifications.kinds.disbursement.paid).
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type NotificationKind = Leaves<typeof zh.notifications.kinds>;
export type NotificationParams = Record<string, string>;
/** What a notice says and where it leads. */
export type Notice = {
  kind: NotificationKind;
  params: NotificationParams;
  link: string;
  origin?: string;
};

export function notificationText(
  locale: 'zh' | 'en',
  kind: NotificationKind,
  params: NotificationParams,
) {
  return tKey(getT(locale), `notifications.kinds.${kind}`, params);
}

/** Notifies the given users; returns the ids of the queued e-mails. */
export async function notifyUsers(tx: Tx, userIds: string[], n: Notice): Promise<string[]> {
  const users = await tx.user.findMany({
    where: { id: { in: userIds }, disabledAt: null },
    select: { id: true, email: true },
  });
  const mailIds: string[] = [];
  for (const u of users) {
    await tx.notification.create({
      data: { userId: u.id, kind: n.kind, payload: JSON.stringify(n.params), link: n.link },
    });
    const zhText = notificationText('zh', n.kind, n.params);
    const enText = notificationText('en', n.kind, n.params);
    const url = `${n.origin ?? trustedOrigin()}${n.link}`;
    mailIds.push(
      await queueMail(tx, {
        to: u.email,
        subject: `揭榜挂帅平台 / Jiebang: ${zhText.slice(0, 60)}`,
        text: `${zhText}\n${getT('zh')('notifications.mailFooter')} ${url}\n\n${enText}\n${getT('en')('notifications.mailFooter')} ${url}`,
      }),
    );
  }
  return mailIds;
}

/** Notifies every active member of an organisation. */
export async function notifyOrganization(tx: Tx, organizationId: string, n: Notice) {
  const members = await tx.user.findMany({
    where: { organizationId, disabledAt: null },
    select: { id: true },
  });
  return notifyUsers(
    tx,
    members.map((m) => m.id),
    n,
  );
}
