// Applications (揭榜) made directly, for states a test starts from, and the fields of the
// application form as a browser posts them.
import type { Db } from '~/lib/db.server';
import { dueDayAfter } from '~/domain/review-due';
import type { ApplicationInput } from '~/forms/applications';
import { createApplication } from '~/services/applications/apply.server';
import { actorOf } from '~/services/kernel/actor';
import { makeUser } from './people';

export async function makeApplication(
  db: Db,
  opts: {
    challengeId: string;
    teamId: string;
    status?: string;
    submitted?: boolean;
    requestedFen?: number | null;
  },
) {
  const status = opts.status ?? 'SUBMITTED';
  const active = ['DRAFT', 'SUBMITTED', 'SHORTLISTED', 'AWARDED'].includes(status) ? true : null;
  const submitted = opts.submitted ?? status !== 'DRAFT';
  return db.application.create({
    data: {
      challengeId: opts.challengeId,
      teamId: opts.teamId,
      status,
      active,
      institution: '山东理工大学',
      approach: '测试方案',
      schedule: '测试进度',
      budgetFen: 1_000_000n,
      requestedFen: opts.requestedFen == null ? null : BigInt(opts.requestedFen),
      membersJson: JSON.stringify([{ name: '张三', role: '负责人' }]),
      submittedAt: submitted ? new Date() : null,
      decidedAt: status === 'AWARDED' || status === 'DECLINED' ? new Date() : null,
    },
  });
}

export function assignReviewer(
  db: Db,
  applicationId: string,
  reviewerId: string,
  dueAt: Date = dueDayAfter(new Date()),
) {
  return db.reviewAssignment.create({ data: { applicationId, reviewerId, dueAt } });
}

/** The application form's fields; `members` sets the roster (name, role) pairs. */
export function applicationForm(
  overrides: Record<string, string | undefined> = {},
  members: [string, string][] = [
    ['孟庆峰', '教授，项目负责人'],
    ['刘海涛', '副教授，控制系统'],
  ],
): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    intent: 'save',
    institution: '山东科技大学',
    approach: '采用双核冗余控制器与自研传感器，分三阶段完成样机、联调与井下试验。',
    schedule: '第1—6个月完成样机；第7—12个月完成联调；第13—18个月工业性试验。',
    budgetWan: '260.5',
    ...Object.fromEntries(
      members.flatMap(([name, role], i) => [
        [`members[${i}].name`, name],
        [`members[${i}].role`, role],
      ]),
    ),
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(fields).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

/** A draft's fields as the application service takes them (what the form parses into). */
export function applicationInput(): ApplicationInput {
  return {
    intent: 'save',
    institution: '测试院',
    approach: '方案',
    schedule: '进度',
    budgetFen: 100,
    requestedFen: null,
    members: [{ name: '张三', role: '负责人', title: null }],
  };
}

/** A new team's draft application to `challengeId`, made through the service as the team would. */
export async function draftApplicationTo(db: Db, challengeId: string) {
  const team = actorOf(await makeUser(db, { role: 'TEAM' }));
  const input = applicationInput();
  const made = await createApplication(db, team, challengeId, input);
  if (!made.ok) throw new Error(made.error);
  return { team, id: made.id, input };
}
