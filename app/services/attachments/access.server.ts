// Who may download an attachment: whoever may see the record it belongs to.
import { isPublicStatus, type NeedStatus } from '~/domain/need';
import { isStaffRole } from '~/domain/roles';
import type { Db } from '~/lib/db.server';
import { getApplicationFor, viewerOf } from '~/services/applications/applications.server';
import type { AttachmentRecord } from '~/services/attachments/attachments.server';
import type { Auth } from '~/lib/session.server';

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
    // exactly who may see the application: its team, the enterprise once submitted, the
    // reviewers assigned to it, admins
    return (await getApplicationFor(db, viewerOf(auth), attachment.ownerId)) !== null;
  }
  if (attachment.ownerType === 'Milestone') {
    // milestone evidence: the contract's two parties and the bureau
    if (!auth) return false;
    const m = await db.milestone.findUnique({
      where: { id: attachment.ownerId },
      select: { contract: { select: { enterpriseId: true, teamId: true } } },
    });
    return (
      !!m &&
      (staff ||
        auth.user.organizationId === m.contract.enterpriseId ||
        auth.user.organizationId === m.contract.teamId)
    );
  }
  if (attachment.ownerType === 'FundingReceipt') {
    // 榜额到位: a bank receipt of a bounty's funding, kept by the bureau (owner: the challenge)
    return staff;
  }
  return false;
}
