import { type SubmissionResult } from '@conform-to/react';
import { redirect } from '@remix-run/node';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useDeskForm } from '~/components/desk/form';
import { DeskHeading } from '~/components/desk/heading';
import { ApproveOrReject } from '~/components/desk/approve-or-reject';
import {
  ChallengeLine,
  ItemFact,
  ItemFacts,
  ListCard,
  ListItem,
  TeamName,
} from '~/components/desk/list-card';
import { rowTarget, targeted } from '~/components/desk/results';
import { DataTable } from '~/components/data-table';
import { Card, FormError } from '~/components/form';
import { DateText, pick } from '~/components/ui';
import { awardDecisionSchema } from '~/forms/evaluation';
import { tKey, useI18n } from '~/i18n/i18n';
import { actorOf, requestOrigin, requireAdmin } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { decideAward } from '~/services/evaluation/awards.server';
import { parseForm } from '~/lib/form.server';
import { DoneNotice } from '~/components/done-notice';
import { doneUrl } from '~/lib/done';
import { awardDesk } from './desk.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'evaluation.awardsDesk.title');

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireAdmin(request);
  return awardDesk(db, actorOf(user));
}

type ActionResult = { target: string; result: SubmissionResult<string[]> };

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireAdmin(request);
  const submission = await parseForm(request, { schema: awardDecisionSchema });
  const target = rowTarget(submission.payload, 'awardId', 'award-');
  if (submission.status !== 'success')
    return { target, result: submission.reply() } satisfies ActionResult;
  const v = submission.value;
  const result = await decideAward(db, actorOf(user), v.awardId, v.intent, v.reason || null, {
    origin: requestOrigin(request),
  });
  if (!result.ok)
    return {
      target,
      result: submission.reply({ formErrors: [result.key] }),
    } satisfies ActionResult;
  // the decided proposal leaves the list: its result is shown at the top of the page
  if (result.slotNo === null)
    return redirect(doneUrl('awardDecision', '/review/awards', 'rejected'));
  const done = result.challengeAwarded ? 'approvedAwarded' : 'approved';
  return redirect(doneUrl('awardDecision', '/review/awards', done, { slot: result.slotNo }));
}

type Desk = ReturnType<typeof useLoaderData<typeof loader>>;

export default function AwardDesk() {
  const desk = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const { resultFor, stray } = targeted(
    actionData,
    desk.pending.map((p) => `award-${p.id}`),
  );
  return (
    <div className="space-y-6">
      <DeskHeading
        title={t('evaluation.awardsDesk.title')}
        lead={t('evaluation.awardsDesk.lead')}
      />
      <DoneNotice page="awardDecision" values={['slot']} />
      <FormError errors={stray} />

      <ListCard
        title={t('evaluation.awardsDesk.pending')}
        items={desk.pending}
        emptyText={t('evaluation.awardsDesk.empty')}
      >
        {(p) => <Proposal key={p.id} proposal={p} lastResult={resultFor(`award-${p.id}`)} />}
      </ListCard>

      <Card title={t('evaluation.awardsDesk.gates')}>
        {desk.stageGates.length === 0 ? (
          <p className="text-stone-600">{t('evaluation.awardsDesk.gatesEmpty')}</p>
        ) : (
          <ul className="space-y-1 text-sm">
            {desk.stageGates.map((g) => (
              <li key={g.id}>
                <span className="font-mono">{g.code}</span> {pick(locale, g.title, g.titleEn)} ·{' '}
                {pick(locale, g.team, g.teamEn)} · {t('evaluation.awardsDesk.gateDate')}{' '}
                <DateText value={g.stageGateDate} /> ·{' '}
                <Link to={`/review/challenges/${g.code}`}>
                  {t('evaluation.awardsDesk.gateOpen')}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Card>

      {desk.recent.length ? (
        <Card title={t('evaluation.awardsDesk.recent')}>
          <DataTable
            look="card"
            rows={desk.recent}
            columns={[
              {
                head: t('evaluation.awardsDesk.challenge'),
                cell: (r) => (
                  <Link to={`/review/challenges/${r.code}`} className="font-mono">
                    {r.code}
                  </Link>
                ),
              },
              {
                head: t('evaluation.awardsDesk.team'),
                cell: (r) => pick(locale, r.team, r.teamEn),
              },
              {
                head: t('evaluation.awardsDesk.status'),
                cell: (r) => (
                  <>
                    {tKey(t, `evaluation.awardStatus.${r.status}`)}
                    {r.slotNo ? ` · ${t('evaluation.desk.awards.slotValue', { n: r.slotNo })}` : ''}
                    {r.reason ? <span className="block text-stone-600">{r.reason}</span> : null}
                  </>
                ),
              },
              { head: t('evaluation.awardsDesk.proposedBy'), cell: (r) => r.proposedBy },
              { head: t('evaluation.awardsDesk.decidedBy'), cell: (r) => r.decidedBy ?? '—' },
              {
                head: t('evaluation.awardsDesk.decidedAt'),
                cell: (r) => <DateText value={r.decidedAt} />,
              },
            ]}
          />
        </Card>
      ) : null}
    </div>
  );
}

function Proposal({
  proposal: p,
  lastResult,
}: {
  proposal: Desk['pending'][number];
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const [form] = useDeskForm(awardDecisionSchema, {
    id: `award-${p.id}`,
    lastResult,
  });
  return (
    <ListItem testId="proposal">
      <ChallengeLine code={p.code} title={p.title} titleEn={p.titleEn} />
      <ItemFacts>
        <ItemFact label={t('evaluation.awardsDesk.team')}>
          <TeamName team={p} />
        </ItemFact>
        <ItemFact label={t('evaluation.awardsDesk.score')}>
          {p.weighted === null || p.rank === null
            ? t('evaluation.awardsDesk.noScore')
            : t('evaluation.awardsDesk.scoreValue', {
                score: p.weighted.toFixed(2),
                rank: p.rank,
              })}
        </ItemFact>
        <ItemFact label={t('evaluation.awardsDesk.slots')}>
          {t('evaluation.awardsDesk.slotsValue', { count: p.approvedCount, slots: p.awardSlots })}
        </ItemFact>
        <ItemFact label={t('evaluation.awardsDesk.proposedBy')}>
          {p.proposedBy} · <DateText value={p.proposedAt} />
        </ItemFact>
      </ItemFacts>
      <ApproveOrReject
        ns="evaluation.awardsDesk"
        form={form}
        label={t('evaluation.awardsDesk.reason')}
        id={{ name: 'awardId', value: p.id }}
        mine={p.mine}
        conflict={p.conflict !== null}
      />
    </ListItem>
  );
}
