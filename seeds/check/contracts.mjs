// contracts.json: contracts of the awarded challenges, milestones, payments and the programme sums.
import {
  needs,
  contracts,
  WAN,
  ok,
  figure,
  wan,
  isDate,
  is2021,
  isInt,
  nonEmpty,
  sentences,
  unique,
} from './common.mjs';

export function checkContracts({ teamByKey, hasRole, byCode, matchedPairs }) {
  console.log('── contracts.json');
  figure('contracts signed', contracts.length, 11);
  unique(
    contracts.map((c) => c.code),
    'contract code',
  );
  unique(
    contracts.map((c) => c.challenge),
    'contract challenge',
  );
  const awarded = needs
    .filter((n) => n.status === 'AWARDED')
    .map((n) => n.code)
    .sort();
  ok(
    JSON.stringify(contracts.map((c) => c.challenge).sort()) === JSON.stringify(awarded),
    'exactly one contract per AWARDED challenge',
  );
  const RANK = { ACCEPTED: 0, DELIVERED: 1, PENDING: 2 };
  const bankRefs = [];
  let paidTotal = 0,
    rdTotal = 0,
    rewardTotal = 0;
  for (const c of contracts) {
    const where = `contract ${c.code}`;
    ok(/^HT-2021-\d{3}$/.test(c.code), `${where}: code format`);
    const n = byCode[c.challenge];
    if (!ok(n && n.status === 'AWARDED', `${where}: challenge ${c.challenge} must be AWARDED`))
      continue;
    ok(c.team in teamByKey, `${where}: team ${c.team} unknown`);
    ok(
      matchedPairs.has(`${c.challenge}|${c.team}`),
      `${where}: winning team ${c.team} was not matched with ${c.challenge} at an event`,
    );
    // application
    const a = c.application;
    ok(
      nonEmpty(a?.approach) && sentences(a.approach) >= 3 && sentences(a.approach) <= 5,
      `${where}: approach must be 3–5 sentences`,
    );
    ok(nonEmpty(a.schedule), `${where}: schedule`);
    ok(isInt(a.budgetFen) && a.budgetFen > 0, `${where}: budgetFen`);
    ok(
      n.bountyFen === null ? isInt(a.requestedFen) && a.requestedFen > 0 : a.requestedFen === null,
      `${where}: requestedFen (null for fixed bounties)`,
    );
    ok(
      is2021(a.submittedAt) &&
        a.submittedAt >= n.publishedAt &&
        a.submittedAt <= n.applicationDeadline,
      `${where}: application date outside publication window`,
    );
    ok(
      Array.isArray(a.members) &&
        a.members.length > 0 &&
        a.members.every((m) => nonEmpty(m.name) && nonEmpty(m.role)),
      `${where}: application members`,
    );
    // other applicants
    ok(
      Array.isArray(c.otherApplicants) && c.otherApplicants.length <= 3,
      `${where}: 0–3 other applicants`,
    );
    unique(
      c.otherApplicants.map((o) => o.team),
      `${where} other applicant`,
    );
    for (const o of c.otherApplicants) {
      ok(o.team in teamByKey && o.team !== c.team, `${where}: other applicant ${o.team}`);
      ok(nonEmpty(o.approach), `${where}: other applicant approach`);
      ok(
        is2021(o.submittedAt) &&
          o.submittedAt >= n.publishedAt &&
          o.submittedAt <= n.applicationDeadline,
        `${where}: other applicant date ${o.submittedAt}`,
      );
    }
    // reward and offers
    ok(isInt(c.rewardFen) && c.rewardFen > 0, `${where}: rewardFen`);
    if (n.bountyFen !== null) {
      ok(c.rewardFen === n.bountyFen, `${where}: rewardFen must equal the fixed bounty`);
      ok(
        Array.isArray(c.offers) && c.offers.length === 0,
        `${where}: offers must be empty for a fixed bounty`,
      );
    } else {
      const of = c.offers;
      if (
        ok(
          Array.isArray(of) && of.length >= 2 && of.length <= 4,
          `${where}: open bounty needs a 2–4 step offer trail`,
        )
      ) {
        of.forEach((o, i) => {
          ok(['TEAM', 'ENTERPRISE'].includes(o.by), `${where}: offer by ${o.by}`);
          ok(isInt(o.amountFen) && o.amountFen > 0, `${where}: offer amount`);
          ok(
            is2021(o.at) && o.at > n.applicationDeadline && o.at < c.signedAt,
            `${where}: offer date ${o.at}`,
          );
          ok(
            i === 0 || (o.at > of[i - 1].at && o.by !== of[i - 1].by),
            `${where}: offers must alternate and ascend`,
          );
          ok(o.accepted === (i === of.length - 1), `${where}: only the last offer is accepted`);
        });
        ok(
          c.rewardFen === of[of.length - 1].amountFen,
          `${where}: rewardFen must equal the accepted offer`,
        );
      }
    }
    // award four-eyes and dates
    const aw = c.award;
    if (ok(aw, `${where}: award record`)) {
      ok(
        hasRole(aw.proposedBy, 'REVIEWER') &&
          hasRole(aw.approvedBy, 'ADMIN') &&
          aw.proposedBy !== aw.approvedBy,
        `${where}: award must be proposed by a reviewer and approved by a different admin`,
      );
      ok(
        is2021(aw.proposedAt) &&
          aw.proposedAt > n.applicationDeadline &&
          aw.approvedAt >= aw.proposedAt &&
          aw.approvedAt <= c.signedAt,
        `${where}: award dates`,
      );
    }
    ok(
      is2021(c.signedAt) && c.signedAt > n.applicationDeadline,
      `${where}: signedAt must be after the deadline, in 2021`,
    );
    ok(
      isInt(c.rdInvestmentFen) && c.rdInvestmentFen >= c.rewardFen,
      `${where}: rdInvestmentFen must be ≥ rewardFen`,
    );
    ok(
      c.rdInvestmentFen >= 100 * WAN && c.rdInvestmentFen <= 5000 * WAN,
      `${where}: rdInvestmentFen not realistic`,
    );
    rdTotal += c.rdInvestmentFen;
    rewardTotal += c.rewardFen;
    // milestones
    const ms = c.milestones;
    if (!ok(Array.isArray(ms) && ms.length >= 2 && ms.length <= 4, `${where}: 2–4 milestones`))
      continue;
    ok(
      ms.reduce((s, m) => s + m.shareBasisPoints, 0) === 10000,
      `${where}: milestone shares must sum to 10000`,
    );
    let paid = 0;
    ms.forEach((m, i) => {
      const mw = `${where} milestone ${i + 1}`;
      ok(nonEmpty(m.title) && nonEmpty(m.deliverables), `${mw}: title/deliverables`);
      ok(isInt(m.shareBasisPoints) && m.shareBasisPoints > 0, `${mw}: share`);
      ok(
        (c.rewardFen * m.shareBasisPoints) % 10000 === 0,
        `${mw}: amount is not a whole number of fen`,
      );
      const amount = (c.rewardFen * m.shareBasisPoints) / 10000;
      ok(m.status in RANK, `${mw}: status ${m.status}`);
      ok(
        i === 0 || RANK[ms[i - 1].status] <= RANK[m.status],
        `${mw}: ACCEPTED milestones first, then DELIVERED, then PENDING`,
      );
      ok(
        isDate(m.dueDate) && m.dueDate > c.signedAt && (i === 0 || m.dueDate > ms[i - 1].dueDate),
        `${mw}: dueDate must ascend after signing`,
      );
      if (m.status === 'PENDING')
        ok(
          m.deliveredAt === null && m.acceptedAt === null,
          `${mw}: pending milestone has delivery dates`,
        );
      else ok(is2021(m.deliveredAt) && m.deliveredAt >= c.signedAt, `${mw}: deliveredAt`);
      if (m.status === 'DELIVERED')
        ok(m.acceptedAt === null, `${mw}: delivered milestone has acceptedAt`);
      if (m.status === 'ACCEPTED')
        ok(is2021(m.acceptedAt) && m.acceptedAt >= m.deliveredAt, `${mw}: acceptedAt`);
      const d = m.disbursement;
      if (m.status !== 'ACCEPTED') {
        ok(d === null, `${mw}: disbursement only for ACCEPTED milestones`);
        return;
      }
      if (!ok(d, `${mw}: accepted milestone without disbursement`)) return;
      ok(d.status === 'PAID', `${mw}: disbursement status ${d.status}`);
      ok(d.amountFen === amount, `${mw}: disbursement ${d.amountFen} ≠ milestone amount ${amount}`);
      ok(
        is2021(d.requestedAt) &&
          d.requestedAt >= m.acceptedAt &&
          d.approvedAt >= d.requestedAt &&
          is2021(d.paidAt) &&
          d.paidAt >= d.approvedAt,
        `${mw}: disbursement dates`,
      );
      ok(
        hasRole(d.requestedBy, 'REVIEWER') &&
          hasRole(d.approvedBy, 'ADMIN') &&
          d.requestedBy !== d.approvedBy,
        `${mw}: disbursement four-eyes`,
      );
      ok(nonEmpty(d.bankReference), `${mw}: bankReference`);
      bankRefs.push(d.bankReference);
      paid += d.amountFen;
    });
    ok(paid <= c.rewardFen, `${where}: paid ${paid} exceeds reward ${c.rewardFen}`);
    paidTotal += paid;
    const expected = ms.every((m) => m.status === 'ACCEPTED')
      ? 'ACCEPTED'
      : ms.some((m) => m.status !== 'PENDING')
        ? 'IN_PROGRESS'
        : 'SIGNED';
    ok(c.status === expected, `${where}: status ${c.status}, milestones imply ${expected}`);
    console.log(
      `  ${c.code} ${c.challenge} ${c.team.padEnd(8)} reward ${wan(c.rewardFen).padStart(9)}  paid ${wan(paid).padStart(9)}  R&D ${wan(c.rdInvestmentFen).padStart(10)}  ${c.status}`,
    );
  }
  unique(bankRefs, 'bank reference');
  figure(
    'contracted challenges with open bounty',
    contracts.filter((c) => byCode[c.challenge]?.bountyFen === null).length,
    (n) => n >= 2,
  );
  figure('contract rewards total', wan(rewardTotal));
  figure('reward disbursed (兑付人才奖励资金, PAID)', wan(paidTotal), wan(912 * WAN));
  figure('R&D investment driven (带动研发投入)', wan(rdTotal), wan(16607 * WAN));
}
