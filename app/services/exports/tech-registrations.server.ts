// The technology contract registration sheet (技术合同登记表) of a period: the contracts the
// registration office registered in it, by registration date (the day the office registered,
// not the signing: a contract signed in one quarter and registered in the next is reported in
// the quarter it was registered, as the office's own statistics count it). The period is
// ?year= with an optional ?quarter= (app/domain/period.ts); one that cannot be read is answered
// 400 with a message saying which parameter and what it takes, never a sheet of another period.
import {
  MAX_PERIOD_YEAR,
  MIN_PERIOD_YEAR,
  parsePeriod,
  periodBounds,
  periodKey,
} from '~/domain/period';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { getT, tKey } from '~/i18n/i18n';
import { resolveLocale } from '~/i18n/locale.server';
import { PRIVATE_CACHE } from '~/lib/cache.server';
import type { Db } from '~/lib/db.server';
import { techRegistrationColumns, type TechRegistrationExportRow } from '~/lib/exports/columns';
import { toFen } from '~/lib/fen';
import { EXPORT_BATCH, keysetBatches, keysetPage, listExport } from './batches.server';

const select = {
  id: true,
  registrationNo: true,
  registeredOn: true,
  category: true,
  dealFen: true,
  transactionFen: true,
  contract: {
    select: {
      code: true,
      signedAt: true,
      challenge: { select: { code: true, title: true } },
      enterprise: { select: { name: true } },
      team: { select: { name: true } },
    },
  },
} as const;

/** The registrations of the period [from, to), batch by batch, by registration date. */
export function techRegistrationRows(
  db: Db,
  bounds: { from?: Date; to?: Date },
  size = EXPORT_BATCH,
) {
  const where = {
    status: 'REGISTERED',
    registeredOn: {
      not: null,
      ...(bounds.from ? { gte: bounds.from } : {}),
      ...(bounds.to ? { lt: bounds.to } : {}),
    },
  };
  const page = (last: { registeredOn: Date | null; id: string } | null, take: number) =>
    db.techRegistration.findMany({
      ...keysetPage(where, 'asc', 'registeredOn', 'id', last),
      take,
      select,
    });
  const toRow = (r: Awaited<ReturnType<typeof page>>[number]): TechRegistrationExportRow => ({
    registrationNo: r.registrationNo,
    registeredOn: r.registeredOn,
    category: r.category,
    contractCode: r.contract.code,
    challengeCode: r.contract.challenge.code,
    title: r.contract.challenge.title,
    enterprise: r.contract.enterprise.name,
    team: r.contract.team.name,
    dealFen: toFen(r.dealFen),
    transactionFen: toFen(r.transactionFen),
    signedAt: r.contract.signedAt,
  });
  return keysetBatches(page, (batch) => batch.map(toRow), size);
}

/** The sheet `request` asks for (CSV or Excel by its extension), or 400 for its period. */
export async function techRegistrationsExport(db: Db, request: Request): Promise<Response> {
  const parsed = parsePeriod(new URL(request.url).searchParams);
  if (!parsed.ok) {
    const t = getT(resolveLocale(request).locale);
    return new Response(tKey(t, `techRegistration.sheet.${parsed.field}400`), {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': PRIVATE_CACHE },
    });
  }
  const { period } = parsed;
  return listExport(request, {
    sheet: 'techRegistrations',
    file: `tech-registrations-${periodKey(period)}`,
    columns: techRegistrationColumns,
    rows: () => techRegistrationRows(db, periodBounds(period)),
  });
}

/**
 * The years the sheet's picker offers, newest first: from the first registration's year (this
 * year when there is none) to this year, in Shanghai.
 */
export async function techSheetYears(db: Db, now = new Date()): Promise<number[]> {
  const first = await db.techRegistration.aggregate({
    where: { status: 'REGISTERED', registeredOn: { not: null } },
    _min: { registeredOn: true },
  });
  const year = (d: Date) => Number(shanghaiDateString(d).slice(0, 4));
  const last = Math.min(year(now), MAX_PERIOD_YEAR);
  const from = Math.max(
    first._min.registeredOn ? year(first._min.registeredOn) : last,
    MIN_PERIOD_YEAR,
  );
  const years: number[] = [];
  for (let y = last; y >= from; y--) years.push(y);
  return years;
}
