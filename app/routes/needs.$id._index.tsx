import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { Card, FormError } from '~/components/form';
import { AttachmentsCard, NeedBackground, ReviewTrail } from '~/components/record-parts';
import {
  BackLink,
  TitleRow,
  DateText,
  Facts,
  FieldName,
  StatusBadge,
  Wan,
  LinkButton,
} from '~/components/ui';
import { allowedNeedActions, effectiveNeedStatus, type NeedStatus } from '~/domain/need';
import { tKey, useI18n } from '~/i18n/i18n';
import { notFound, requestOrigin, requireEnterprise } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { toFenOrNull } from '~/lib/fen';
import { pageMeta } from '~/lib/meta';
import { uploadRecordFile } from '~/services/attachments/upload-form.server';
import { actorOf } from '~/services/kernel/actor';
import {
  addNeedAttachment,
  EDITABLE,
  findOwnNeed,
  getOwnNeed,
  removeNeedAttachment,
} from '~/services/needs/intake.server';
import { transition } from '~/services/needs/needs.server';
import { DoneNotice } from '~/components/done-notice';
import { doneUrl } from '~/lib/done';
import { text } from '~/forms/common';
import { readFormData } from '~/lib/form.server';
import { DuplicateOfNote, SimilarNeeds } from '~/components/similar-needs';
import { duplicateOf, similarNeeds } from '~/services/needs/duplicates.server';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(matches, data ? data.need.title : 'needs.title', Boolean(data));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireEnterprise(request);
  const need = await getOwnNeed(db, actorOf(user), params.id ?? '');
  if (!need) throw notFound();
  const status = need.status as NeedStatus;
  const viewer = { kind: 'enterprise', organizationId: user.organizationId ?? '' } as const;
  // similar earlier needs while it is being written and vetted (docs/decisions/035)
  const [similar, duplicate] = await Promise.all([
    BEFORE_PUBLICATION.includes(status) ? similarNeeds(db, need.id, viewer) : null,
    duplicateOf(db, need.id, viewer),
  ]);
  return {
    similar,
    duplicate,
    need: {
      ...need,
      status: effectiveNeedStatus(status, need.applicationDeadline, new Date()),
      bountyFen: toFenOrNull(need.bountyFen),
      applicationDeadline: need.applicationDeadline.toISOString(),
      updatedAt: need.updatedAt.toISOString(),
      reviews: need.reviews.map((r) => ({ ...r, at: r.at.toISOString() })),
    },
    actions: allowedNeedActions(status, 'ENTERPRISE'),
    editable: EDITABLE.includes(status),
  };
}

const BEFORE_PUBLICATION: readonly NeedStatus[] = ['DRAFT', 'SUBMITTED', 'RETURNED'];

const intentSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.enum(['submit', 'resubmit', 'withdraw']) }),
  z.object({ intent: z.literal('remove'), attachmentId: text(100) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireEnterprise(request);
  const actor = actorOf(user);
  const id = params.id ?? '';
  // another organisation's need does not exist for this user, whatever the request holds
  if (!(await findOwnNeed(db, actor, id))) throw notFound();
  const uploaded = await uploadRecordFile(request, {
    errors: 'needs.errors',
    save: (file) => addNeedAttachment(db, actor, id, file),
    done: `/needs/${id}`,
  });
  if (uploaded) return uploaded;
  const parsed = intentSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) return { error: 'needs.errors.invalidAction' };
  const result =
    parsed.data.intent === 'remove'
      ? await removeNeedAttachment(db, actor, id, parsed.data.attachmentId)
      : await transition(db, actor, id, parsed.data.intent, { origin: requestOrigin(request) });
  if (!result.ok && result.error === 'notFound') throw notFound();
  if (!result.ok) return { error: result.key };
  return redirect(
    parsed.data.intent === 'remove'
      ? `/needs/${id}`
      : doneUrl('need', `/needs/${id}`, parsed.data.intent),
  );
}

export default function NeedDetail() {
  const { need, actions, editable, similar, duplicate } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const { t } = useI18n();
  const lastComment = [...need.reviews]
    .reverse()
    .find((r) => (r.action === 'return' || r.action === 'reject') && r.comment);
  return (
    <div className="space-y-6">
      <BackLink to="/needs">{t('needs.title')}</BackLink>
      <TitleRow title={need.title}>
        <StatusBadge status={need.status} />
      </TitleRow>
      <DoneNotice page="need" />
      {outcome?.error && (!editable || !outcome.error.startsWith('needs.errors.upload_')) ? (
        <FormError errors={[outcome.error]} />
      ) : null}
      {lastComment && (need.status === 'RETURNED' || need.status === 'REJECTED') ? (
        <Card title={t('needs.bureauComment')}>
          <p className="whitespace-pre-line" data-testid="bureau-comment">
            {lastComment.comment}
          </p>
          {need.status === 'RETURNED' ? <DuplicateOfNote duplicate={duplicate} /> : null}
        </Card>
      ) : null}
      <div className="flex flex-wrap gap-3">
        {editable ? (
          <LinkButton to={`/needs/${need.id}/edit`} tone="secondary">
            {t('needs.edit')}
          </LinkButton>
        ) : null}
        {actions
          .filter((a) => a === 'submit' || a === 'resubmit' || a === 'withdraw')
          .map((a) => (
            <Form method="post" key={a}>
              <input type="hidden" name="intent" value={a} />
              <button
                type="submit"
                className={
                  a === 'withdraw'
                    ? 'rounded border border-red-300 px-4 py-2 text-red-800'
                    : 'rounded bg-brand-700 px-4 py-2 font-medium text-white'
                }
                title={a === 'withdraw' ? t('needs.actions.withdrawConfirm') : undefined}
              >
                {tKey(t, `needs.actions.${a}`)}
              </button>
            </Form>
          ))}
        {need.code ? <Link to={`/challenges/${need.code}`}>{t('needs.publicPage')}</Link> : null}
        {need.code ? (
          <Link to={`/needs/${need.id}/applications`}>{t('applications.received.title')}</Link>
        ) : null}
      </div>
      <Facts
        rows={[
          [t('needs.ref'), <span className="font-mono">{need.code ?? need.ref}</span>],
          [t('needs.form.field'), <FieldName field={need.field} />],
          [t('challenges.bounty'), <Wan fen={need.bountyFen} />],
          [t('needs.form.deadline'), <DateText value={need.applicationDeadline} />],
          [t('needs.form.months'), String(need.implementationMonths)],
          [t('needs.form.contactName'), `${need.contactName} ${need.contactPhone}`],
        ]}
      />
      <NeedBackground need={need} />
      {similar ? <SimilarNeeds needs={similar} audience="enterprise" /> : null}
      <AttachmentsCard
        ns="needs"
        attachments={need.attachments}
        editable={editable}
        uploadError={outcome?.error?.startsWith('needs.errors.upload_') ? outcome.error : null}
      />
      <ReviewTrail reviews={need.reviews} />
    </div>
  );
}
