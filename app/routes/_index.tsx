import type { MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { Wan, LinkButton } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { currentFigures } from '~/services/programme/stats.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'home.title');

export async function loader() {
  return { figures: await currentFigures(db) };
}

const STEPS = ['write', 'publish', 'apply', 'award', 'contract'] as const;

/** A part of the home page under its heading, which names it for screen readers. */
function HomeSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-4">
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default function Home() {
  const { figures } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const cards = [
    { label: t('stats.published'), value: String(figures.published), to: '/challenges' },
    { label: t('stats.contractsSigned'), value: String(figures.contractsSigned), to: '/contracts' },
    {
      label: t('stats.rewardDisbursed'),
      value: <Wan fen={figures.rewardDisbursedFen} />,
      to: '/stats',
    },
  ];
  return (
    <div className="space-y-10">
      <section className="space-y-4">
        <p className="text-sm font-medium text-brand-700">{t('app.fullName')}</p>
        <h1 className="text-3xl font-bold">{t('home.title')}</h1>
        <p className="max-w-3xl text-lg leading-relaxed text-stone-700">{t('home.lead')}</p>
        <LinkButton to="/challenges">{t('home.browse')}</LinkButton>
      </section>
      <HomeSection id="how" title={t('home.howTitle')}>
        <ol className="grid gap-4 md:grid-cols-5">
          {STEPS.map((step, i) => (
            <li key={step} className="rounded border border-stone-200 bg-white p-4">
              <p className="font-semibold">
                {i + 1}. {t(`home.steps.${step}.title`)}
              </p>
              <p className="mt-1 text-sm text-stone-600">{t(`home.steps.${step}.text`)}</p>
            </li>
          ))}
        </ol>
      </HomeSection>
      <HomeSection id="figures" title={t('home.figuresTitle')}>
        <ul className="grid gap-4 md:grid-cols-3">
          {cards.map((c) => (
            <li key={c.label} className="rounded border border-stone-200 bg-white p-4">
              <p className="text-sm text-stone-600">{c.label}</p>
              <p className="text-2xl font-bold">{c.value}</p>
            </li>
          ))}
        </ul>
        <Link to="/stats">{t('home.allFigures')}</Link>
      </HomeSection>
    </div>
  );
}
