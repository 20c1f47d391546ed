// Applying (揭榜): what the application form of a challenge needs, and the new application.
//
// A new application is saved as a DRAFT or submitted at once, as the team chooses on the form
// (intent 'save' or 'submit'): a draft lets the team add attachments before sending; it is the
// team's alone (the enterprise and the bureau see an application once it has been submitted).
// The enterprise is told when an application is submitted.
//
// One active application per team per challenge: the check here tells the team in plain words,
// the unique index over (challengeId, teamId, active) makes it hold under any concurrency
// (active is true while the application holds the place, NULL once withdrawn or declined).
import { transitionApplication, type ApplicationStatus } from '~/domain/application';
import { mayApply, parseMembers } from '~/domain/application-rules';
import { effectiveNeedStatus, PUBLIC_STATUSES } from '~/domain/need';
import type { ApplicationFormDefaults, ApplicationInput } from '~/forms/applications';
import { isUniqueViolation, type Db, type Tx } from '~/lib/db.server';
import { toFenOrNull } from '~/lib/fen';
import type { Actor } from '~/services/kernel/actor';
import { command } from '~/services/kernel/command.server';
import { lockChallenge } from '~/services/kernel/locks.server';
import { Refused, type Result } from '~/services/kernel/refusal';
import { challengeSummarySelect } from '~/services/needs/selects';
import { APPLICATION_ERRORS, appStatus, bountyTypeOf, needStatus, rowData } from './rows';

/** A public challenge by its code, with what applying needs; null when there is none. */
export async function findChallengeToApply(db: Db, code: string, now = new Date()) {
  const c = await db.challenge.findFirst({
    where: { code, status: { in: [...PUBLIC_STATUSES] } },
    select: challengeSummarySelect,
  });
  if (!c) return null;
  const status = needStatus(c.status);
  return {
    id: c.id,
    code: c.code ?? '',
    title: c.title,
    titleEn: c.titleEn,
    enterprise: c.enterprise,
    status: effectiveNeedStatus(status, c.applicationDeadline, now),
    open: mayApply({ status, applicationDeadline: c.applicationDeadline }, [], now).ok,
    applicationDeadline: c.applicationDeadline.toISOString(),
    bountyType: bountyTypeOf(c.bountyType),
    bountyFen: toFenOrNull(c.bountyFen),
  };
}

/** The team's active application to a challenge (its one place), or null. */
export function findActiveApplication(db: Db | Tx, teamId: string, challengeId: string) {
  return db.application.findFirst({
    where: { challengeId, teamId, active: true },
    select: { id: true, status: true },
  });
}

/** What the form starts with for a new application: the team's institution and roster. */
export async function newApplicationDefaults(
  db: Db,
  teamId: string,
): Promise<Partial<ApplicationFormDefaults>> {
  const team = await db.organization.findUnique({
    where: { id: teamId },
    select: { institution: true, membersJson: true },
  });
  const members = parseMembers(team?.membersJson).map((m) => ({
    name: m.name,
    role: m.role,
    title: m.title ?? '',
  }));
  return {
    institution: team?.institution ?? '',
    members: members.length ? members.slice(0, 20) : [{ name: '', role: '', title: '' }],
  };
}

export type ApplyError = 'notFound' | 'closed' | 'alreadyActive';

/**
 * A new application of the actor's team, as a draft or submitted (input.intent). Refused when
 * the challenge is not open (past its deadline counts, whether or not it has been closed yet)
 * or the team already holds an active application to it (the caller finds that one with
 * findActiveApplication). The challenge's lock makes a second request of the team wait and
 * then see the first one's application.
 */
export function createApplication(
  db: Db,
  actor: Actor,
  challengeId: string,
  input: ApplicationInput,
  opts: { now?: Date; origin?: string } = {},
): Promise<Result<{ id: string; status: ApplicationStatus }, ApplyError>> {
  const now = opts.now ?? new Date();
  const submit = input.intent === 'submit';
  const spec = {
    errors: APPLICATION_ERRORS,
    actor,
    lock: (tx: Tx) => lockChallenge(tx, challengeId),
  };
  return command(db, spec, async (ctx) => {
    const { tx } = ctx;
    const c = await tx.challenge.findUnique({
      where: { id: challengeId },
      select: { id: true, code: true, status: true, applicationDeadline: true, enterpriseId: true },
    });
    if (!c || !(PUBLIC_STATUSES as readonly string[]).includes(c.status))
      throw new Refused('notFound');
    const existing = await tx.application.findMany({
      where: { challengeId, teamId: actor.organizationId },
      select: { status: true },
    });
    const decision = mayApply(
      { status: needStatus(c.status), applicationDeadline: c.applicationDeadline },
      existing.map((a) => appStatus(a.status)),
      now,
    );
    if (!decision.ok) throw new Refused(decision.reason);
    const status: ApplicationStatus = submit
      ? transitionApplication('DRAFT', 'submit', 'TEAM')
      : 'DRAFT';
    const app = await tx.application
      .create({
        data: {
          ...rowData(input),
          challengeId,
          teamId: actor.organizationId,
          status,
          active: true,
          submittedAt: submit ? now : null,
          createdAt: now,
        },
        select: { id: true },
      })
      .catch((error: unknown) => {
        // the unique index, should a place have been taken without the challenge's lock
        throw isUniqueViolation(error) ? new Refused('alreadyActive') : error;
      });
    const entity = { entityType: 'Application', entityId: app.id, at: now };
    await ctx.audit({
      ...entity,
      action: 'application.created',
      data: { challengeId, code: c.code, status },
    });
    if (submit) {
      await ctx.audit({
        ...entity,
        action: 'application.submit',
        data: { from: 'DRAFT', to: status },
      });
      await ctx.notifyOrganization(c.enterpriseId, {
        kind: 'applicationReceived',
        params: { code: c.code ?? '' },
        link: `/applications/${app.id}`,
        origin: opts.origin,
      });
    }
    return { id: app.id, status };
  });
}
