// Who may download an attachment: whoever may see the record it belongs to.
import { isPublicStatus, type NeedStatus } from '~/domain/need';
import { isStaffRole } from '~/domain/roles';
import type { Db } from '~/lib/db.server';
import type { AttachmentRecord } from './attachments.server';
import type { Auth } from './session.server';

export async function mayDownload(
  db: Db,
  auth: Auth | null,
  attachment: Pick<AttachmentRecord, 'ownerType' | 'ownerId'>,
): Promise<boolean> {
  const staff = auth !== null && isStaffRole(auth.user.role) && auth.twoFactorVerified;
  if (attachment.ownerType === 'Challenge') {
    const need = await db.challenge.findUnique({
      where: { id: attachment.ownerId },
      select: { status: true, enterpriseId: true },
    });
    if (!need) return false;
    if (isPublicStatus(need.status as NeedStatus)) return true;
    // an unpublished need: its enterprise, and the bureau once it has been submitted
    if (auth?.user.organizationId === need.enterpriseId) return true;
    return staff && need.status !== 'DRAFT';
  }
  if (attachment.ownerType === 'Application') {
    const application = await db.application.findUnique({
      where: { id: attachment.ownerId },
      select: { teamId: true, challenge: { select: { enterpriseId: true } } },
    });
    if (!application || !auth) return false;
    return (
      staff ||
      auth.user.organizationId === application.teamId ||
      auth.user.organizationId === application.challenge.enterpriseId
    );
  }
  return false;
}
