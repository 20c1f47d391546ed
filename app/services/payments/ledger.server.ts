// The reward ledger's storage: journals posted inside the transaction of the change they record,
// append-only (the database refuses updates and deletes of LedgerEntry, see the migrations),
// and a check that rebuilds every balance from the entries and compares it with the records.
// The accounts, the journals of each event and the expected balances are in app/domain/ledger.ts.
import {
  balanceDrift,
  contractJournalId,
  contractSignedJournal,
  expectedContractBalances,
  expectedFundingBalances,
  FUNDING_JOURNAL_PREFIX,
  fundingJournalId,
  journal,
  parseAccount,
  SECURED_PREFIX,
  securedAccount,
  SPONSORS_ACCOUNT,
  type Posting,
} from '~/domain/ledger';
import { needsFunding, rewardWithinCommitment } from '~/domain/funding';
import type { Db, Tx } from '~/lib/db.server';
import { toFen } from '~/lib/fen';
import { normaliseBankReference } from '~/lib/payment-rail.server';

export type JournalInput = {
  journalId: string;
  postings: readonly Posting[];
  /** null for a bounty's funding journals (sponsors → secured), which belong to no contract */
  contractId: string | null;
  disbursementId?: string | null;
  memo?: string | null;
  at?: Date;
};

/** Writes one journal; refuses (before any write) one that does not balance. */
export async function postJournal(tx: Tx, j: JournalInput): Promise<void> {
  const postings = journal(j.postings);
  await tx.ledgerEntry.createMany({
    data: postings.map((p) => ({
      journalId: j.journalId,
      account: p.account,
      amountFen: BigInt(p.amountFen),
      contractId: j.contractId,
      disbursementId: j.disbursementId ?? null,
      memo: j.memo ?? null,
      ...(j.at ? { createdAt: j.at } : {}),
    })),
  });
}

/** Whether the contract's "signed" journal (fund → commitment) is in the ledger. */
export async function isContractInLedger(tx: Tx | Db, contractId: string): Promise<boolean> {
  const entry = await tx.ledgerEntry.findFirst({
    where: { journalId: contractJournalId(contractId) },
    select: { id: true },
  });
  return entry !== null;
}

/**
 * Posts the contract's commitment (fund → commitment, the whole reward) unless it is there.
 * Contract registration should call this in its own transaction; the disbursement service
 * calls it too, with the contract locked (kernel/locks.server.ts), so no contract is paid from
 * without it.
 */
export async function ensureContractInLedger(
  tx: Tx,
  c: { id: string; rewardFen: bigint | number; signedAt?: Date },
): Promise<boolean> {
  if (await isContractInLedger(tx, c.id)) return false;
  await postJournal(tx, {
    journalId: contractJournalId(c.id),
    postings: contractSignedJournal({ contractId: c.id, rewardFen: toFen(c.rewardFen) }),
    contractId: c.id,
    memo: 'contract signed: reward committed',
    at: c.signedAt,
  });
  return true;
}

export type LedgerFigures = {
  journals: number;
  entries: number;
  contracts: number;
  contractsInLedger: number;
  /** fund, the sum of all commitment:*, the sum of all payable:*, paid */
  balances: { fund: number; commitment: number; payable: number; paid: number };
  records: {
    /** Σ reward of the contracts in the ledger: −fund should equal it */
    committedRewardFen: number;
    /** Σ amount of APPROVED disbursements: payable should equal it */
    approvedFen: number;
    /** Σ amount of PAID disbursements: paid should equal it */
    paidFen: number;
  };
  /** 榜额到位 (ADR 032): funds held for fixed bounties; null when the check left them out */
  funding: {
    /** the sponsors account: minus the funds held */
    sponsors: number;
    /** Σ of all secured:<challenge> */
    secured: number;
    /** Σ amount of HELD funding confirmations: secured should equal it */
    heldFen: number;
    confirmations: number;
  } | null;
};

export type LedgerReport = { ok: boolean; problems: string[]; figures: LedgerFigures };

/**
 * Rebuilds every balance from the entries and compares it with the records:
 * - every journal sums to zero, names only known accounts, and posts to an account once;
 * - every entry belongs to an existing contract;
 * - per contract in the ledger: fund = −reward, commitment = reward − approved − paid,
 *   payable:<team> = approved, paid = paid (sums of its disbursements by status);
 * - a contract with disbursements is in the ledger (a contract without any may not be yet:
 *   counted in the figures, not a problem);
 * - overall, paid = Σ PAID disbursements, payable = Σ APPROVED, −fund = Σ committed rewards;
 * - a bank reference pays at most one instalment (duplicateReferences);
 * - 榜额到位: secured:<challenge> = Σ its HELD funding confirmations, sponsors = −Σ HELD, each
 *   confirmation has its journal (and a released one its release), and no contract's reward on
 *   a fixed-bounty challenge exceeds the funds held for it (checkFunding).
 * With `contractIds`, only those contracts' entries and records are checked (tests share a
 * database with others' fixtures), and the funding only with `challengeIds` (those challenges').
 */
export async function checkLedger(
  db: Db | Tx,
  opts: { contractIds?: readonly string[]; challengeIds?: readonly string[] } = {},
): Promise<LedgerReport> {
  const scope = opts.contractIds ? { contractId: { in: [...opts.contractIds] } } : {};
  const problems: string[] = [];

  const [byJournal, byJournalAccount, byContractAccount, contracts] = await Promise.all([
    db.ledgerEntry.groupBy({
      by: ['journalId'],
      where: scope,
      _sum: { amountFen: true },
      _count: { _all: true },
    }),
    db.ledgerEntry.groupBy({
      by: ['journalId', 'account'],
      where: scope,
      _count: { _all: true },
    }),
    db.ledgerEntry.groupBy({
      by: ['contractId', 'account'],
      where: scope,
      _sum: { amountFen: true },
    }),
    db.contract.findMany({
      where: opts.contractIds ? { id: { in: [...opts.contractIds] } } : {},
      select: {
        id: true,
        code: true,
        teamId: true,
        rewardFen: true,
        disbursements: { select: { status: true, amountFen: true } },
      },
    }),
  ]);

  let entries = 0;
  for (const j of byJournal) {
    entries += j._count._all;
    const sum = toFen(j._sum.amountFen ?? 0n);
    if (sum !== 0) problems.push(`journal ${j.journalId} does not balance: sums to ${sum} fen`);
    if (j._count._all < 2) problems.push(`journal ${j.journalId} has a single entry`);
  }
  for (const g of byJournalAccount) {
    if (g._count._all > 1)
      problems.push(`journal ${g.journalId} posts to ${g.account} ${g._count._all} times`);
  }

  const actual = new Map<string, Map<string, number>>();
  const totals = { fund: 0, commitment: 0, payable: 0, paid: 0 };
  for (const g of byContractAccount) {
    const sum = toFen(g._sum.amountFen ?? 0n);
    const kind = parseAccount(g.account)?.kind;
    if (kind === 'sponsors' || kind === 'secured') {
      // a bounty's funding, checked against its confirmations by checkFunding
      if (g.contractId !== null)
        problems.push(`funding entries of ${g.account} name a contract ${g.contractId}`);
      continue;
    }
    if (!kind) problems.push(`unknown account ${g.account}`);
    else totals[kind] += sum;
    if (g.contractId === null) {
      problems.push(`entries of ${g.account} belong to no contract (${sum} fen)`);
      continue;
    }
    const m = actual.get(g.contractId) ?? new Map<string, number>();
    m.set(g.account, sum);
    actual.set(g.contractId, m);
  }

  const records = { committedRewardFen: 0, approvedFen: 0, paidFen: 0 };
  let inLedger = 0;
  for (const c of contracts) {
    const record = {
      contractId: c.id,
      teamId: c.teamId,
      rewardFen: toFen(c.rewardFen),
      disbursements: c.disbursements.map((d) => ({
        status: d.status,
        amountFen: toFen(d.amountFen),
      })),
    };
    for (const d of record.disbursements) {
      if (d.status === 'PAID') records.paidFen += d.amountFen;
      if (d.status === 'APPROVED') records.approvedFen += d.amountFen;
    }
    const own = actual.get(c.id);
    actual.delete(c.id);
    if (!own) {
      if (record.disbursements.length > 0)
        problems.push(
          `contract ${c.code} has ${record.disbursements.length} disbursement(s) but no ledger entries`,
        );
      continue;
    }
    inLedger++;
    records.committedRewardFen += record.rewardFen;
    for (const d of balanceDrift(own, expectedContractBalances(record))) {
      problems.push(
        `contract ${c.code}: ${d.account} is ${d.actualFen} fen, its records call for ${d.expectedFen}`,
      );
    }
  }
  for (const [contractId] of actual)
    problems.push(`entries name an unknown contract ${contractId}`);

  problems.push(...(await duplicateReferences(db, opts.contractIds)));
  const funding =
    !opts.contractIds || opts.challengeIds ? await checkFunding(db, opts.challengeIds) : null;
  if (funding) problems.push(...funding.problems);

  if (totals.paid !== records.paidFen)
    problems.push(`paid is ${totals.paid} fen, PAID disbursements sum to ${records.paidFen}`);
  if (totals.payable !== records.approvedFen)
    problems.push(
      `payable is ${totals.payable} fen, APPROVED disbursements sum to ${records.approvedFen}`,
    );
  if (-totals.fund !== records.committedRewardFen)
    problems.push(
      `fund is ${totals.fund} fen, the rewards of the contracts in the ledger sum to ${records.committedRewardFen}`,
    );

  return {
    ok: problems.length === 0,
    problems,
    figures: {
      journals: byJournal.length,
      entries,
      contracts: contracts.length,
      contractsInLedger: inLedger,
      balances: totals,
      records,
      funding: funding?.figures ?? null,
    },
  };
}

/**
 * 榜额到位: rebuilds the funding accounts from their entries and compares them with the
 * FundingConfirmation records (all, or those of `challengeIds`): secured:<challenge> = Σ HELD,
 * sponsors = −Σ HELD (whole ledger only); every confirmation's journal is there once (and its
 * release's when released); a contract on a fixed-bounty challenge rewards no more than the
 * funds held for it.
 */
export async function checkFunding(db: Db | Tx, challengeIds?: readonly string[]) {
  const problems: string[] = [];
  const scoped = challengeIds !== undefined;
  const [confirmations, byAccount, journals, contracts] = await Promise.all([
    db.fundingConfirmation.findMany({
      where: scoped ? { challengeId: { in: [...challengeIds] } } : {},
      select: { id: true, challengeId: true, amountFen: true, status: true },
    }),
    db.ledgerEntry.groupBy({
      by: ['account'],
      where: scoped
        ? { account: { in: challengeIds.map(securedAccount) } }
        : { OR: [{ account: SPONSORS_ACCOUNT }, { account: { startsWith: SECURED_PREFIX } }] },
      _sum: { amountFen: true },
    }),
    db.ledgerEntry.findMany({
      where: { journalId: { startsWith: FUNDING_JOURNAL_PREFIX } },
      distinct: ['journalId'],
      select: { journalId: true },
    }),
    db.contract.findMany({
      where: scoped ? { challengeId: { in: [...challengeIds] } } : {},
      select: {
        code: true,
        rewardFen: true,
        challenge: {
          select: {
            id: true,
            code: true,
            bountyType: true,
            bountyFen: true,
            fundings: { where: { status: 'HELD' }, select: { amountFen: true } },
          },
        },
      },
    }),
  ]);
  const records = confirmations.map((c) => ({
    challengeId: c.challengeId,
    amountFen: toFen(c.amountFen),
    status: c.status,
  }));
  const expected = expectedFundingBalances(records);
  const actual = new Map(byAccount.map((g) => [g.account, toFen(g._sum.amountFen ?? 0n)]));
  if (scoped) expected.delete(SPONSORS_ACCOUNT);
  for (const d of balanceDrift(actual, expected))
    problems.push(
      `${d.account} is ${d.actualFen} fen, its funding confirmations call for ${d.expectedFen}`,
    );
  const posted = new Set(journals.map((j) => j.journalId));
  for (const c of confirmations) {
    if (!posted.has(fundingJournalId(c.id, 'held')))
      problems.push(`funding confirmation ${c.id} has no ledger journal`);
    if (c.status === 'RELEASED' && !posted.has(fundingJournalId(c.id, 'released')))
      problems.push(`funding confirmation ${c.id} was released without a ledger journal`);
  }
  for (const k of contracts) {
    const bounty = {
      bountyType: k.challenge.bountyType,
      bountyFen: toFen(k.challenge.bountyFen ?? 0n),
    };
    const held = k.challenge.fundings.reduce((sum, f) => sum + toFen(f.amountFen), 0);
    if (needsFunding(bounty) && !rewardWithinCommitment(bounty, toFen(k.rewardFen), held))
      problems.push(
        `contract ${k.code}: reward ${toFen(k.rewardFen)} fen exceeds the ${held} fen held for ${k.challenge.code ?? k.challenge.id}`,
      );
  }
  const secured = [...actual].reduce(
    (sum, [account, fen]) => (account === SPONSORS_ACCOUNT ? sum : sum + fen),
    0,
  );
  return {
    problems,
    figures: {
      sponsors: actual.get(SPONSORS_ACCOUNT) ?? 0,
      secured,
      heldFen: records.reduce((sum, r) => sum + (r.status === 'HELD' ? r.amountFen : 0), 0),
      confirmations: confirmations.length,
    },
  };
}

/** Balances of a contract's own entries, by account (for views and tests). */
export async function contractBalances(db: Db | Tx, contractId: string) {
  const groups = await db.ledgerEntry.groupBy({
    by: ['account'],
    where: { contractId },
    _sum: { amountFen: true },
  });
  return new Map(groups.map((g) => [g.account, toFen(g._sum.amountFen ?? 0n)]));
}

/**
 * Bank references recorded for more than one disbursement. The unique (rail, bankReference)
 * index refuses exact duplicates; this also finds spellings of one reference that the index
 * cannot tell apart (case, spaces, full-width characters: rows written around the service,
 * which stores the normalised form) and rows from before the index. With `contractIds`, only
 * duplicates that involve one of those contracts.
 */
export async function duplicateReferences(
  db: Db | Tx,
  contractIds?: readonly string[],
): Promise<string[]> {
  const rows = await db.disbursement.findMany({
    where: { bankReference: { not: null } },
    select: {
      id: true,
      contractId: true,
      status: true,
      bankReference: true,
      contract: { select: { code: true } },
      milestone: { select: { seq: true } },
    },
    orderBy: { id: 'asc' },
  });
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    const raw = r.bankReference!;
    const key =
      normaliseBankReference(raw) ?? raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const scope = contractIds ? new Set(contractIds) : null;
  const problems: string[] = [];
  for (const [key, group] of groups) {
    if (group.length < 2) continue;
    if (scope && !group.some((r) => scope.has(r.contractId))) continue;
    const where = group
      .map((r) => `${r.contract.code} #${r.milestone.seq} (${r.status}, "${r.bankReference}")`)
      .join(', ');
    problems.push(`bank reference ${key} is recorded for ${group.length} instalments: ${where}`);
  }
  return problems;
}
