import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { DateText, Facts, pick, StatusBadge, Wan, Section } from '~/components/ui';
import { contractProgress } from '~/domain/contract-progress';
import { formatSharePercent } from '~/domain/contract-rules';
import { useI18n } from '~/i18n/i18n';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { getContract } from '~/services/needs/catalogue.server';
import { ocdsPrefix } from '~/services/open-data/config.server';
import { releaseFilePath } from '~/services/open-data/releases.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(matches, data ? data.contract.code : 'contracts.notFound', Boolean(data));

export async function loader({ params }: LoaderFunctionArgs) {
  const contract = await getContract(db, params.code ?? '');
  if (!contract) throw new Response('Not found', { status: 404 });
  return {
    contract,
    progress: contractProgress(contract),
    openData: contract.challenge.code ? releaseFilePath(ocdsPrefix, contract.challenge.code) : null,
  };
}

export default function ContractDetail() {
  const { contract: c, progress: p, openData } = useLoaderData<typeof loader>();
  const { t, locale } = useI18n();
  return (
    <article className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">
          {t('contracts.code')} {c.code}
        </h1>
        <StatusBadge status={c.status} />
      </header>
      <Facts
        rows={[
          [
            t('contracts.challenge'),
            <Link to={`/challenges/${c.challenge.code}`}>
              {pick(locale, c.challenge.title, c.challenge.titleEn)}
            </Link>,
          ],
          [t('contracts.enterprise'), pick(locale, c.enterprise.name, c.enterprise.nameEn)],
          [
            t('contracts.team'),
            `${pick(locale, c.team.name, c.team.nameEn)} · ${pick(locale, c.team.institution ?? '', c.team.institutionEn)}`,
          ],
          [t('contracts.signedAt'), <DateText value={c.signedAt} />],
          [t('contracts.reward'), <Wan fen={c.rewardFen} />],
          [t('contracts.paid'), <Wan fen={c.paidFen} />],
          [t('contracts.rdInvestment'), <Wan fen={c.rdInvestmentFen} />],
        ]}
      />
      <Section title={t('openData.progress.title')}>
        <Facts
          rows={[
            [
              t('openData.progress.met'),
              t('openData.progress.metValue', { met: p.met, total: p.total }),
            ],
            [
              t('openData.progress.paidShare'),
              p.paidBp === null
                ? '—'
                : t('openData.progress.percent', { percent: formatSharePercent(p.paidBp) }),
            ],
            [t('openData.progress.lastMet'), <DateText value={p.lastMetAt} />],
            [t('openData.progress.lastPaid'), <DateText value={p.lastPaidAt} />],
          ]}
        />
      </Section>
      <Section title={t('contracts.milestones')}>
        <ol className="space-y-2">
          {c.milestones.map((m) => (
            <li
              key={m.seq}
              className="flex flex-wrap items-center gap-3 rounded border border-stone-200 bg-white p-3"
            >
              <span className="font-medium">
                {m.seq}. {m.title}
              </span>
              <span className="text-sm text-stone-600">
                <DateText value={m.dueDate} />
              </span>
              <span className="text-sm">
                <Wan fen={m.amountFen} /> ({m.shareBp / 100}%)
              </span>
              <StatusBadge status={m.paid ? 'PAID' : m.status} />
              {m.status === 'ACCEPTED' && m.acceptedAt ? (
                <span className="text-sm text-stone-600">
                  {t('openData.progress.metOn')} <DateText value={m.acceptedAt} />
                </span>
              ) : null}
              {m.paid && m.paidAt ? (
                <span className="text-sm text-stone-600">
                  {t('openData.progress.paidOn')} <DateText value={m.paidAt} />
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      </Section>
      {openData ? (
        <p className="text-sm">
          <a href={openData}>{t('openData.progress.openData')}</a>
        </p>
      ) : null}
    </article>
  );
}
