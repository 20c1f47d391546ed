import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useChallengeFacts } from '~/components/contract-lists';
import { DoneNotice } from '~/components/done-notice';
import { Card, FormError } from '~/components/form';
import { PaymentSchedule, paymentFormTargets } from '~/components/payment-schedule';
import { BackLink, DateText, Facts, pick, StatusBadge, TitledSection, Wan } from '~/components/ui';
import { tKey, useI18n } from '~/i18n/i18n';
import { actorOf, notFound, requireUser } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { paymentSchedule } from '~/services/payments/schedule.server';
import { contractPageAction } from './actions.server';
import { contractForViewer } from './contract.server';
import { StartForm, TerminateForm } from './forms';
import { MilestoneCard } from './milestone-card';
import { TECH_TARGETS, TechRegistrationSection } from './tech-registration';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(matches, data ? data.contract.code : 'contracts.notFound', Boolean(data));

// The contract's two parties and the bureau; another organisation's contract answers 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const viewer = actorOf(user);
  const [contract, payments] = await Promise.all([
    contractForViewer(db, viewer, params.code ?? ''),
    paymentSchedule(db, viewer, params.code ?? ''),
  ]);
  if (!contract || !payments) throw notFound();
  return { contract, payments };
}

// One action for the page's forms, told apart by `intent` (actions.server.ts).
export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireUser(request);
  return contractPageAction(request, actorOf(user), params.code ?? '');
}

export default function ContractPage() {
  const { contract: c, payments } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const challengeFacts = useChallengeFacts('contract', c);
  const resultFor = (target: string) => (outcome?.target === target ? outcome.result : undefined);
  const shown = new Set([
    'start',
    'terminate',
    ...c.milestones.flatMap((m) => [`deliver:${m.id}`, `review:${m.id}`, `confirm:${m.id}`]),
    ...paymentFormTargets(payments),
    ...TECH_TARGETS,
  ]);
  const stray =
    outcome && !shown.has(outcome.target)
      ? Object.values(outcome.result.error ?? {}).flatMap((e) => e ?? [])
      : [];
  const staff = c.viewer.role === 'REVIEWER' || c.viewer.role === 'ADMIN';
  return (
    <div className="space-y-6">
      <BackLink to={staff ? '/review/contracts' : '/workspace/contracts'}>
        {staff ? t('contractsDesk.title') : t('contractsDesk.workspace.title')}
      </BackLink>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">
          {t('contracts.code')} {c.code}
        </h1>
        <span data-testid="contract-status">
          <StatusBadge status={c.status} />
        </span>
        <Link to={`/contracts/${c.code}`} className="text-sm">
          {t('contractsDesk.contract.publicPage')}
        </Link>
      </div>
      <DoneNotice page="contract" values={['code']} />
      <FormError errors={stray} />
      <Facts
        rows={[
          ...challengeFacts,
          [
            t('contractsDesk.contract.team'),
            `${pick(locale, c.team.name, c.team.nameEn)}${c.team.institution ? ` · ${pick(locale, c.team.institution, c.team.institutionEn)}` : ''}`,
          ],
          [t('contractsDesk.contract.signedAt'), <DateText value={c.signedAt} />],
          [t('contractsDesk.contract.reward'), <Wan fen={c.rewardFen} />],
          [t('contractsDesk.contract.rdInvestment'), <Wan fen={c.rdInvestmentFen} />],
          ...(c.acceptedAt
            ? ([[t('contractsDesk.contract.acceptedAt'), <DateText value={c.acceptedAt} />]] as [
                string,
                React.ReactNode,
              ][])
            : []),
          ...(c.terminatedAt
            ? ([
                [t('contractsDesk.contract.terminatedAt'), <DateText value={c.terminatedAt} />],
              ] as [string, React.ReactNode][])
            : []),
        ]}
      />
      {c.challenge.bountyType === 'OPEN' && c.awardId ? (
        <p className="text-sm">
          <Link to={`/negotiation/${c.awardId}`}>{t('contractsDesk.contract.negotiation')}</Link>
        </p>
      ) : null}

      <TitledSection id="milestones" title={t('contractsDesk.contract.milestones')}>
        <ol className="space-y-4">
          {c.milestones.map((m) => (
            <MilestoneCard
              key={m.id}
              m={m}
              contractOpen={c.status === 'SIGNED' || c.status === 'IN_PROGRESS'}
              role={c.viewer.role}
              resultFor={resultFor}
            />
          ))}
        </ol>
      </TitledSection>

      <PaymentSchedule schedule={payments} resultFor={resultFor} />

      <TechRegistrationSection r={c.techRegistration} staff={staff} resultFor={resultFor} />

      {c.viewer.contractActions.length > 0 ? (
        <Card title={t('contractsDesk.contract.manageTitle')}>
          {c.viewer.contractActions.includes('start') ? (
            <StartForm lastResult={resultFor('start')} />
          ) : null}
          {c.viewer.contractActions.includes('terminate') ? (
            <TerminateForm lastResult={resultFor('terminate')} />
          ) : null}
        </Card>
      ) : null}

      <Card title={t('contractsDesk.contract.trail')}>
        {c.trail.length === 0 ? (
          <p className="text-stone-600">{t('contractsDesk.contract.trailEmpty')}</p>
        ) : (
          <ol className="space-y-1 text-sm" data-testid="trail">
            {c.trail.map((e, i) => (
              <li key={i}>
                <DateText value={e.at} /> ·{' '}
                {e.seq !== null ? `${t('contractsDesk.contract.milestoneN', { n: e.seq })} · ` : ''}
                {tKey(t, `contractsDesk.trail.${e.action.replace('.', '_')}`, {
                  defaultValue: e.action,
                })}
                {e.reason ? <span className="text-stone-700"> — {e.reason}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </Card>
    </div>
  );
}
