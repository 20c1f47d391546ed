// Contracts whose milestones are ready to pay, for the disbursement tests. Milestone amounts
// are given directly (they need not sum to the reward, so that the reward check can be put to
// work).
import type { Db, Tx } from '~/lib/db.server';
import { makeChallenge } from './needs';
import { makeTeam } from './people';
import { uid } from './unique';

export type MilestoneSpec = {
  amountFen: number;
  /** default ACCEPTED */
  status?: 'PENDING' | 'DELIVERED' | 'ACCEPTED' | 'REJECTED';
  /** bureau confirmation of an accepted milestone; default true */
  confirmed?: boolean;
};

/** The parts a contract hangs on, made once and shared by many contracts. */
export async function makeContractParties(db: Db) {
  const challenge = await makeChallenge(db, { status: 'AWARDED' });
  const team = await makeTeam(db);
  return { challengeId: challenge.id, enterpriseId: challenge.enterpriseId, teamId: team.id };
}

export async function makePayableContract(
  db: Db | Tx,
  opts: {
    rewardFen: number;
    milestones: MilestoneSpec[];
    status?: string;
    parties: Awaited<ReturnType<typeof makeContractParties>>;
  },
) {
  const now = new Date();
  return db.contract.create({
    data: {
      code: `HT-D-${uid()}`,
      challengeId: opts.parties.challengeId,
      enterpriseId: opts.parties.enterpriseId,
      teamId: opts.parties.teamId,
      rewardFen: BigInt(opts.rewardFen),
      rdInvestmentFen: BigInt(opts.rewardFen),
      status: opts.status ?? 'IN_PROGRESS',
      signedAt: now,
      milestones: {
        create: opts.milestones.map((m, i) => {
          const status = m.status ?? 'ACCEPTED';
          const accepted = status === 'ACCEPTED';
          return {
            seq: i + 1,
            title: `节点${i + 1}`,
            dueDate: now,
            deliverables: '报告',
            shareBp: 1,
            amountFen: BigInt(m.amountFen),
            status,
            acceptedAt: accepted ? now : null,
            confirmedAt: accepted && (m.confirmed ?? true) ? now : null,
          };
        }),
      },
    },
    select: {
      id: true,
      code: true,
      teamId: true,
      milestones: { select: { id: true, seq: true }, orderBy: { seq: 'asc' } },
    },
  });
}
