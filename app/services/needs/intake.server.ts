// A need while its enterprise writes it: the draft, its edits and attachments while it is a
// draft or returned for revision, and what the enterprise reads of its own needs. Submitting
// and everything after it are the lifecycle's (needs.server.ts).
import type { NeedStatus } from '~/domain/need';
import { buildSearchText } from '~/domain/search';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { fenToWanInput } from '~/forms/applications';
import type { NeedInput } from '~/forms/needs';
import type { Db, Tx } from '~/lib/db.server';
import { toFenOrNull } from '~/lib/fen';
import {
  discardStoredBytes,
  listAttachments,
  saveAttachment,
  type AttachmentRefusal,
} from '~/services/attachments/attachments.server';
import type { Actor } from '~/services/kernel/actor';
import { command } from '~/services/kernel/command.server';
import { lockChallenge } from '~/services/kernel/locks.server';
import { Refused } from '~/services/kernel/refusal';
import { nextNeedRef, shanghaiYear } from './references.server';
import { needDetailSelect, ownChallengeSelect } from './selects';

/** The namespace of the refusals here, the messages the need pages show. */
const ERRORS = 'needs.errors';

/** Editable by its enterprise while a draft or returned for revision. */
export const EDITABLE: readonly NeedStatus[] = ['DRAFT', 'RETURNED'];

export type EditRefusal = 'notFound' | 'notEditable';
export type UploadRefusal = EditRefusal | AttachmentRefusal;

function needData(input: NeedInput, enterpriseName: string) {
  return {
    title: input.title,
    titleEn: input.titleEn,
    field: input.field,
    background: input.background,
    bountyType: input.bountyType,
    bountyFen: input.bountyFen === null ? null : BigInt(input.bountyFen),
    applicationDeadline: input.deadline,
    implementationMonths: input.implementationMonths,
    contactName: input.contactName,
    contactPhone: input.contactPhone,
    searchText: buildSearchText({ ...input, enterpriseName }),
  };
}

const enterpriseName = async (tx: Tx, actor: Actor) =>
  (
    await tx.organization.findUniqueOrThrow({
      where: { id: actor.organizationId },
      select: { name: true },
    })
  ).name;

export function createNeed(db: Db, actor: Actor, input: NeedInput, now = new Date()) {
  return command(db, { errors: ERRORS, actor }, async ({ tx, audit }) => {
    // the counter's update is the first statement: a write, so on SQLite the transaction
    // holds the write lock from its start (no read-to-write upgrade to fail)
    const ref = await nextNeedRef(tx, shanghaiYear(now));
    const need = await tx.challenge.create({
      data: {
        ...needData(input, await enterpriseName(tx, actor)),
        ref,
        enterpriseId: actor.organizationId,
        status: 'DRAFT',
        createdAt: now,
        targets: { create: input.targets.map((text, i) => ({ position: i + 1, text })) },
      },
      select: { id: true, ref: true },
    });
    await audit({
      action: 'need.created',
      entityType: 'Challenge',
      entityId: need.id,
      data: { ref: need.ref },
    });
    return need;
  });
}

/** The enterprise's own need, or null (another organisation's need is "not found"). */
export function findOwnNeed(db: Db | Tx, actor: Actor, id: string) {
  return db.challenge.findFirst({
    where: { id, enterpriseId: actor.organizationId },
    select: { id: true, status: true, ref: true, title: true },
  });
}

/** Inside a command holding the need's lock: refuses unless the actor's need is editable. */
async function editableNeed(tx: Tx, actor: Actor, id: string) {
  const need = await findOwnNeed(tx, actor, id);
  if (!need) throw new Refused('notFound');
  if (!EDITABLE.includes(need.status as NeedStatus)) throw new Refused('notEditable');
  return need;
}

export function updateNeed(db: Db, actor: Actor, id: string, input: NeedInput) {
  return command<object, EditRefusal>(
    db,
    { errors: ERRORS, actor, lock: (tx) => lockChallenge(tx, id) },
    async ({ tx, audit }) => {
      // under the lock, a submission either landed before (refused here) or waits for this edit
      await editableNeed(tx, actor, id);
      await tx.challenge.update({
        where: { id },
        data: needData(input, await enterpriseName(tx, actor)),
      });
      await tx.challengeTarget.deleteMany({ where: { challengeId: id } });
      await tx.challengeTarget.createMany({
        data: input.targets.map((text, i) => ({ challengeId: id, position: i + 1, text })),
      });
      await audit({ action: 'need.updated', entityType: 'Challenge', entityId: id });
      return {};
    },
  );
}

/** Attachments change with the need's text: only while it is editable. */
export function addNeedAttachment(
  db: Db,
  actor: Actor,
  id: string,
  file: FormDataEntryValue | null,
) {
  return command<{ attachmentId: string }, UploadRefusal>(
    db,
    { errors: ERRORS, actor, lock: (tx) => lockChallenge(tx, id) },
    async ({ tx, audit }) => {
      await editableNeed(tx, actor, id);
      const saved = await saveAttachment(tx, {
        ownerType: 'Challenge',
        ownerId: id,
        file,
        uploadedById: actor.id,
      });
      await audit({
        action: 'need.attachment_added',
        entityType: 'Challenge',
        entityId: id,
        data: { attachmentId: saved.attachment.id, name: saved.attachment.originalName },
      });
      return { attachmentId: saved.attachment.id };
    },
  );
}

export function removeNeedAttachment(db: Db, actor: Actor, id: string, attachmentId: string) {
  return command<object, EditRefusal>(
    db,
    { errors: ERRORS, actor, lock: (tx) => lockChallenge(tx, id) },
    async ({ tx, audit, afterCommit }) => {
      await editableNeed(tx, actor, id);
      const attachment = await tx.attachment.findFirst({
        where: { id: attachmentId, ownerType: 'Challenge', ownerId: id },
      });
      if (!attachment) throw new Refused('notFound');
      await tx.attachment.delete({ where: { id: attachment.id } });
      await audit({
        action: 'need.attachment_removed',
        entityType: 'Challenge',
        entityId: id,
        data: { attachmentId, name: attachment.originalName },
      });
      // the file goes only once the row is gone for good
      afterCommit(() => discardStoredBytes(attachment.storedName));
      return {};
    },
  );
}

/**
 * The new-need form starts with the signed-in person as contact. Users have no phone of their
 * own; the organisation's contact phone (given at sign-up by the person who registered it) is
 * the best known number, and an organisation without one leaves the field to the user.
 */
export async function newNeedContact(db: Db, user: { name: string; organizationId: string }) {
  const organization = await db.organization.findUnique({
    where: { id: user.organizationId },
    select: { contactPhone: true },
  });
  return { contactName: user.name, contactPhone: organization?.contactPhone ?? '' };
}

/** Everything the enterprise sees of its own need: the form's values, the trail, attachments. */
export async function getOwnNeed(db: Db, actor: Actor, id: string) {
  const need = await db.challenge.findFirst({
    where: { id, enterpriseId: actor.organizationId },
    select: { ...needDetailSelect, bountyType: true, updatedAt: true },
  });
  if (!need) return null;
  return { ...need, attachments: await listAttachments(db, 'Challenge', id) };
}

/** The edit form's values of a stored need. */
export function needFormDefaults(need: NonNullable<Awaited<ReturnType<typeof getOwnNeed>>>) {
  return {
    title: need.title,
    titleEn: need.titleEn ?? '',
    field: need.field,
    background: need.background,
    targets: need.targets.map((t) => t.text),
    bountyType: need.bountyType as 'FIXED' | 'OPEN',
    bountyWan: fenToWanInput(toFenOrNull(need.bountyFen)),
    applicationDeadline: shanghaiDateString(need.applicationDeadline),
    implementationMonths: String(need.implementationMonths),
    contactName: need.contactName,
    contactPhone: need.contactPhone,
  };
}

export function listOwnNeeds(db: Db, actor: Actor) {
  return db.challenge.findMany({
    where: { enterpriseId: actor.organizationId },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    select: { ...ownChallengeSelect, updatedAt: true },
  });
}
