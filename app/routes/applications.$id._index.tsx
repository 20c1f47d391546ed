import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { ApplicationStatusBadge, MemberTable } from '~/components/application-ui';
import { Card, FormError } from '~/components/form';
import { AttachmentsCard } from '~/components/record-parts';
import { BackLink, TitleRow, DateText, Facts, pick, Wan, LinkButton } from '~/components/ui';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { applicationIntentSchema } from '~/forms/applications';
import { useI18n } from '~/i18n/i18n';
import { notFound, requestOrigin, requireUser } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { getApplicationFor, viewerOf } from '~/services/applications/applications.server';
import {
  addApplicationAttachment,
  moveApplication,
  requireOwnApplication,
  removeApplicationAttachment,
} from '~/services/applications/changes.server';
import { uploadRecordFile } from '~/services/attachments/upload-form.server';
import { declinableAward } from '~/services/evaluation/vacancies.server';
import { DeclineAwardLink } from '~/components/vacancies';
import { DoneNotice } from '~/components/done-notice';
import { doneUrl } from '~/lib/done';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  pageMeta(matches, data ? data.application.challenge.title : 'applications.title', Boolean(data));

// One application, for its team, the challenge's enterprise, a reviewer assigned to it and the
// bureau's admins; anyone else gets 404 as if it did not exist.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requireUser(request);
  const application = await getApplicationFor(db, viewerOf(auth), params.id ?? '');
  if (!application) throw notFound();
  // the team may decline an approved award it has not signed (docs/decisions/033)
  const declinable =
    application.own && application.status === 'AWARDED'
      ? (await declinableAward(db, auth.user.organizationId, application.id)).award !== null
      : false;
  return { application, declinable };
}

// The team's actions: submit, withdraw, add and remove attachments.
export async function action({ request, params }: ActionFunctionArgs) {
  const id = params.id ?? '';
  const { actor, own } = await requireOwnApplication(db, request, id);
  const known = { challengeId: own.challenge.id };
  const uploaded = await uploadRecordFile(request, {
    errors: 'applications.errors',
    save: (file) => addApplicationAttachment(db, actor, id, file, known),
    done: doneUrl('application', `/applications/${id}`, 'uploaded'),
  });
  if (uploaded) return uploaded;
  const formData = await request.formData().catch(() => null);
  const parsed = applicationIntentSchema.safeParse(formData ? Object.fromEntries(formData) : {});
  if (!parsed.success) return { error: 'applications.errors.invalidAction' };
  if (parsed.data.intent === 'remove') {
    const result = await removeApplicationAttachment(
      db,
      actor,
      id,
      parsed.data.attachmentId,
      known,
    );
    if (!result.ok && result.error === 'notFound') throw notFound();
    if (!result.ok) return { error: result.key };
    return redirect(doneUrl('application', `/applications/${id}`, 'removed'));
  }
  const origin = requestOrigin(request);
  const result = await moveApplication(db, actor, id, parsed.data.intent, { ...known, origin });
  if (!result.ok && result.error === 'notFound') throw notFound();
  if (!result.ok) return { error: result.key };
  return redirect(doneUrl('application', `/applications/${id}`, parsed.data.intent));
}

export default function ApplicationDetail() {
  const { application: a, declinable } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const back = a.ownerEnterprise
    ? { to: `/needs/${a.challenge.id}/applications`, label: t('applications.received.title') }
    : {
        to: '/applications',
        label: a.own ? t('applications.title') : t('applications.assignedTitle'),
      };
  return (
    <div className="space-y-6">
      <BackLink to={back.to}>{back.label}</BackLink>
      <TitleRow title={pick(locale, a.challenge.title, a.challenge.titleEn)}>
        <ApplicationStatusBadge status={a.status} />
      </TitleRow>
      <DoneNotice page="application" />
      {outcome?.error &&
      (!a.editable || !outcome.error.startsWith('applications.errors.upload_')) ? (
        <FormError errors={[outcome.error]} />
      ) : null}
      {a.own ? (
        <div className="space-y-3">
          {a.status === 'DRAFT' ? (
            <p className="text-sm text-stone-700">{t('applications.draftNote')}</p>
          ) : null}
          {a.editable ? (
            <p className="text-sm text-stone-700">
              {t('applications.editableUntil', {
                date: shanghaiDateString(new Date(a.challenge.applicationDeadline)),
              })}
            </p>
          ) : a.status === 'DRAFT' || a.status === 'SUBMITTED' ? (
            <p className="text-sm text-stone-700">{t('applications.closedNote')}</p>
          ) : null}
          <div className="flex flex-wrap items-start gap-3">
            {a.editable ? (
              <LinkButton to={`/applications/${a.id}/edit`} tone="secondary">
                {t('applications.edit')}
              </LinkButton>
            ) : null}
            {a.canSubmit ? (
              <MoveForm intent="submit" className="bg-brand-700 font-medium text-white">
                {t('applications.actions.submit')}
              </MoveForm>
            ) : null}
            {a.canWithdraw ? (
              <MoveForm
                intent="withdraw"
                className="border border-red-300 text-red-800"
                title={t('applications.actions.withdrawHint')}
              >
                {t('applications.actions.withdraw')}
              </MoveForm>
            ) : null}
            {declinable ? <DeclineAwardLink applicationId={a.id} /> : null}
            {a.decided ? (
              <Link to={`/applications/${a.id}/feedback`}>
                {t('applications.actions.feedback')}
              </Link>
            ) : null}
          </div>
        </div>
      ) : null}
      <Facts
        rows={[
          [
            t('applications.challenge'),
            <Link to={`/challenges/${a.challenge.code}`} className="font-mono">
              {a.challenge.code}
            </Link>,
          ],
          [
            t('applications.enterprise'),
            pick(locale, a.challenge.enterprise.name, a.challenge.enterprise.nameEn),
          ],
          [t('applications.team'), pick(locale, a.team.name, a.team.nameEn)],
          [t('applications.institution'), a.institution ?? a.team.institution ?? '—'],
          [t('applications.bounty'), <Wan fen={a.challenge.bountyFen} />],
          ...(a.challenge.bountyType === 'OPEN'
            ? ([[t('applications.requested'), <Wan fen={a.requestedFen} />]] as [
                string,
                React.ReactNode,
              ][])
            : []),
          [t('applications.budget'), a.budgetFen === null ? '—' : <Wan fen={a.budgetFen} />],
          [t('applications.deadline'), <DateText value={a.challenge.applicationDeadline} />],
          [t('applications.submittedAt'), <DateText value={a.submittedAt} />],
        ]}
      />
      <Card title={t('applications.form.approach')}>
        <p className="whitespace-pre-line" data-testid="approach">
          {a.approach}
        </p>
      </Card>
      <Card title={t('applications.form.schedule')}>
        <p className="whitespace-pre-line">{a.schedule}</p>
      </Card>
      <Card title={t('applications.members')}>
        <MemberTable members={a.members} />
      </Card>
      <AttachmentsCard
        ns="applications"
        attachments={a.attachments}
        editable={a.editable}
        uploadError={
          outcome?.error?.startsWith('applications.errors.upload_') ? outcome.error : null
        }
      />
    </div>
  );
}

/** The team's submit or withdraw: one button posting its intent to the page's action. */
function MoveForm({
  intent,
  className,
  title,
  children,
}: {
  intent: 'submit' | 'withdraw';
  /** the button's colours */
  className: string;
  title?: string;
  children: ReactNode;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={`rounded px-4 py-2 ${className}`} title={title}>
        {children}
      </button>
    </Form>
  );
}
