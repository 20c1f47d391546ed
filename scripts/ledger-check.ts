// npm run ledger:check — rebuilds every balance of the reward ledger from its entries and
// compares it with the records (contracts and disbursements) of DATABASE_URL. Prints the
// figures; exits 1 on any drift, listing each problem.
import { formatWan } from '../app/domain/money';
import { createDb } from '../app/lib/db.server';
import { checkLedger } from '../app/services/payments/ledger.server';

const url = process.env.DATABASE_URL ?? 'file:./data/jiebang.db';
const db = createDb(url);

const wan = (fen: number) => `${fen < 0 ? '-' : ''}${formatWan(Math.abs(fen), 'zh')} 万元`;
const line = (label: string, fen: number, note = '') =>
  console.log(
    `  ${label.padEnd(34)} ${String(fen).padStart(16)} fen  ${wan(fen).padStart(14)}${note}`,
  );

try {
  const report = await checkLedger(db);
  const f = report.figures;
  console.log(
    `ledger: ${f.journals} journals, ${f.entries} entries; ${f.contractsInLedger} of ${f.contracts} contracts in the ledger`,
  );
  console.log('balances rebuilt from the entries:');
  line('fund', f.balances.fund);
  line('commitment (all contracts)', f.balances.commitment);
  line('payable (all teams)', f.balances.payable);
  line('paid', f.balances.paid);
  const total = f.balances.fund + f.balances.commitment + f.balances.payable + f.balances.paid;
  line('sum of all balances', total, total === 0 ? '' : '  ← must be 0');
  console.log('the records:');
  line('rewards of contracts in the ledger', f.records.committedRewardFen, '  (= −fund)');
  line('APPROVED disbursements', f.records.approvedFen, '  (= payable)');
  line('PAID disbursements', f.records.paidFen, '  (= paid)');
  if (f.funding) {
    console.log(`funding secured for fixed bounties (${f.funding.confirmations} confirmations):`);
    line('sponsors', f.funding.sponsors);
    line('secured (all challenges)', f.funding.secured);
    line('HELD funding confirmations', f.funding.heldFen, '  (= secured = −sponsors)');
  }
  if (f.contracts > f.contractsInLedger)
    console.log(
      `note: ${f.contracts - f.contractsInLedger} contract(s) without disbursements are not in the ledger yet`,
    );
  if (report.ok) {
    console.log('ledger: OK, no drift');
  } else {
    console.error(`ledger: ${report.problems.length} problem(s):`);
    for (const p of report.problems) console.error(`  - ${p}`);
    process.exitCode = 1;
  }
} finally {
  await db.$disconnect();
}
