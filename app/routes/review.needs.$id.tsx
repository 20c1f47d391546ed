import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react';
import { PostForm } from '~/components/conform';
import { useDeskForm } from '~/components/desk/form';
import { Card, TextareaField } from '~/components/form';
import { AttachmentLinks } from '~/components/desk/attachments';
import { IntentButton } from '~/components/desk/intent';
import { NeedBackground, ReviewTrail } from '~/components/record-parts';
import { BackLink, DateText, Facts, FieldName, StatusBadge, Wan } from '~/components/ui';
import { needDecisionSchema } from '~/forms/needs';
import { tKey, useI18n } from '~/i18n/i18n';
import { notFound, requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { toFenOrNull } from '~/lib/fen';
import { pageMeta } from '~/lib/meta';
import { actorOf } from '~/services/kernel/actor';
import { needForReview } from '~/services/needs/needs.server';
import { DoneNotice } from '~/components/done-notice';
import { DuplicateOfNote, MarkDuplicateForm, SimilarNeeds } from '~/components/similar-needs';
import { duplicateOf, similarNeeds } from '~/services/needs/duplicates.server';
import { FundingCard } from '~/components/funding-card';
import { fundingForReview } from '~/services/funding/funding.server';
import { vettingAction } from './review.needs.$id.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(matches, data ? data.need.title : 'review.queue.title', Boolean(data));

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const need = await needForReview(db, params.id ?? '');
  if (!need) throw notFound();
  const [similar, duplicate] = await Promise.all([
    similarNeeds(db, need.id, { kind: 'staff' }),
    duplicateOf(db, need.id, { kind: 'staff' }),
  ]);
  const funding = await fundingForReview(db, need.id);
  return {
    similar,
    duplicate,
    funding,
    need: {
      ...need,
      bountyFen: toFenOrNull(need.bountyFen),
      applicationDeadline: need.applicationDeadline.toISOString(),
      submittedAt: need.submittedAt?.toISOString() ?? null,
      reviews: need.reviews.map((r) => ({ ...r, at: r.at.toISOString() })),
    },
  };
}

// the decisions, and the funding and duplicate cards' forms (with or without JavaScript)
export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireStaff(request);
  return vettingAction(request, actorOf(user), params.id ?? '');
}

/** The vetting decisions, each with its button's look. */
const DECISIONS = [
  ['publish', 'bg-green-700 text-white'],
  ['return', 'border border-amber-500 bg-white text-amber-900'],
  ['reject', 'border border-red-400 bg-white text-red-800'],
] as const;

export default function ReviewNeed() {
  const { need, similar, duplicate, funding } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // a card's answer (`target`) is that card's to show (funding-card.tsx, similar-needs.tsx)
  const lastResult = actionData && !('target' in actionData) ? actionData : undefined;
  const { t } = useI18n();
  // once funds are recorded (榜额到位), a refusal to publish shown before is stale: start afresh
  const [search] = useSearchParams();
  const [form, fields] = useDeskForm(needDecisionSchema, {
    id: search.get('done') === 'funded' ? 'need-decision-funded' : 'need-decision',
    lastResult,
  });
  const button = 'rounded px-4 py-2 font-medium';
  return (
    <div className="space-y-6">
      <BackLink to="/review/needs">{t('review.queue.title')}</BackLink>
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-2xl font-bold">{need.title}</h2>
        <StatusBadge status={need.status} />
      </div>
      <DoneNotice page="needDecision" values={['code']} />
      <Facts
        rows={[
          [t('needs.ref'), <span className="font-mono">{need.code ?? need.ref}</span>],
          [
            t('review.queue.enterprise'),
            `${need.enterprise.name} (${need.enterprise.creditCode ?? '—'})`,
          ],
          [t('needs.form.field'), <FieldName field={need.field} />],
          [t('challenges.bounty'), <Wan fen={need.bountyFen} />],
          [t('needs.form.deadline'), <DateText value={need.applicationDeadline} />],
          [t('needs.form.months'), String(need.implementationMonths)],
          [t('needs.form.contactName'), `${need.contactName} ${need.contactPhone}`],
          [t('review.queue.submitted'), <DateText value={need.submittedAt} />],
        ]}
      />
      <NeedBackground need={need} subtitle={need.titleEn}>
        <AttachmentLinks title={t('needs.attachments')} files={need.attachments} />
      </NeedBackground>
      <SimilarNeeds needs={similar} audience="staff">
        <DuplicateOfNote duplicate={duplicate} />
      </SimilarNeeds>
      {need.status === 'SUBMITTED' ? (
        <MarkDuplicateForm needId={need.id} suggestions={similar} />
      ) : null}
      {funding ? <FundingCard needId={need.id} funding={funding} /> : null}
      {need.status === 'SUBMITTED' ? (
        <Card title={t('review.decision.title')}>
          <PostForm form={form} className="space-y-4">
            <TextareaField meta={fields.comment} label={t('review.decision.comment')} />
            <div className="flex flex-wrap gap-3">
              {DECISIONS.map(([intent, tone]) => (
                <IntentButton key={intent} intent={intent} className={`${button} ${tone}`}>
                  {t(`review.decision.${intent}`)}
                </IntentButton>
              ))}
            </div>
          </PostForm>
        </Card>
      ) : (
        <p className="text-stone-600">
          {t('review.decision.decided', { status: tKey(t, `status.${need.status}`) })}
        </p>
      )}
      <ReviewTrail reviews={need.reviews} />
    </div>
  );
}
