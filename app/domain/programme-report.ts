/**
 * The programme report's summary paragraph, written from the figures of a period in the form of
 * the bureau's 2021 work summary (section 六.3): "组织开展市级“揭榜挂帅·全球引才”活动，截至目前，
 * 已征集写榜需求97个，完成发榜55个，其中45个榜额明确为3785万元，10个以不限定榜额形式发榜。举办了
 * 高端装备、电子信息2场“揭榜”活动，……". Pure: the wording is the catalogue's (namespace
 * "report.summary"), handed in as `t`; which clauses are said, in what order, joined how, and
 * how the numbers are written is decided here.
 */
import type { Locale } from '~/i18n/i18n';
import { formatWan } from './money';
import type { Period } from './period';

/** What the paragraph says: the programme's figures (ProgrammeFigures in services/programme/stats). */
export type SummaryFigures = {
  needsCollected: number;
  published: number;
  fixedBounty: { count: number; totalFen: number };
  openBounty: number;
  eventsHeld: number;
  events: readonly { industry: string }[];
  teamsMatched: number;
  contractsSigned: number;
  rewardDisbursedFen: number;
  rdInvestmentFen: number;
};

/** A catalogue's t() with keys built at run time (tKey's shape). */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Key of the period's phrase under `base` (`…all`, `…year`, `…q1` … `…q4`). */
function periodKeyOf(base: string, period: Period): string {
  if (period.kind === 'all') return `${base}.all`;
  if (period.kind === 'year') return `${base}.year`;
  return `${base}.q${period.quarter}`;
}

/** The period as the paragraph says it: "截至目前" / "2021年" / "2021年第二季度". */
function periodPhrase(period: Period, t: Translate): string {
  return t(periodKeyOf('report.summary.period', period), {
    year: period.kind === 'all' ? '' : period.year,
  });
}

/**
 * An amount in 万元 as the paragraph writes it. Chinese prose writes "3785万元" and "16607万元"
 * without group separators (the work summary does); English groups them ("16,607").
 */
export function paragraphWan(fen: number, locale: Locale): string {
  const text = formatWan(fen, locale);
  return locale === 'zh' ? text.replaceAll(',', '') : text;
}

/** A clause with a count: English has a singular form ("1 contract signed"), Chinese does not. */
function counted(t: Translate, key: string, count: number, params: Record<string, unknown> = {}) {
  return t(`report.summary.${key}${count === 1 ? 'One' : ''}`, { ...params, count });
}

/** "a，b，c" in Chinese, "a, b and c" in English. */
function list(t: Translate, items: readonly string[]): string {
  if (items.length < 2) return items.join('');
  const sep = t('report.summary.listSep');
  return `${items.slice(0, -1).join(sep)}${t('report.summary.listLast')}${items.at(-1)}`;
}

/** Whether nothing at all happened in the period: the paragraph says so instead of listing 0s. */
export function isEmptyPeriod(f: SummaryFigures): boolean {
  return (
    f.needsCollected === 0 &&
    f.published === 0 &&
    f.eventsHeld === 0 &&
    f.teamsMatched === 0 &&
    f.contractsSigned === 0 &&
    f.rewardDisbursedFen === 0 &&
    f.rdInvestmentFen === 0
  );
}

/** The summary paragraph of a period's figures, in `locale` (whose catalogue `t` is). */
export function summaryParagraph(
  f: SummaryFigures,
  period: Period,
  locale: Locale,
  t: Translate,
): string {
  const when = periodPhrase(period, t);
  if (isEmptyPeriod(f)) return t('report.summary.empty', { period: when });

  // a challenge's bounty is fixed or open: the split says only the kinds there are
  const parts = [
    f.fixedBounty.count > 0 &&
      counted(t, 'fixed', f.fixedBounty.count, {
        total: paragraphWan(f.fixedBounty.totalFen, locale),
      }),
    f.openBounty > 0 && counted(t, 'open', f.openBounty),
  ].filter((p): p is string => typeof p === 'string');
  const collected =
    list(t, [counted(t, 'needs', f.needsCollected), counted(t, 'published', f.published)]) +
    (f.published > 0 && parts.length ? t('report.summary.split', { parts: list(t, parts) }) : '');

  // the events by their fields, as the summary names them ("高端装备、电子信息"), each field once
  const names = [...new Set(f.events.map((e) => e.industry))]
    .map((industry) => t(`fields.${industry}`, { defaultValue: industry }))
    .join(t('report.summary.namesSep'));
  const results = list(t, [
    f.eventsHeld > 0 ? counted(t, 'events', f.eventsHeld, { names }) : t('report.summary.noEvents'),
    counted(t, 'teams', f.teamsMatched),
    counted(t, 'contracts', f.contractsSigned),
    t('report.summary.disbursed', { amount: paragraphWan(f.rewardDisbursedFen, locale) }),
    t('report.summary.rd', { amount: paragraphWan(f.rdInvestmentFen, locale) }),
  ]);
  return t('report.summary.paragraph', { period: when, collected, results });
}
