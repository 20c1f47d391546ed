import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { ApplicationForm } from '~/components/application-form';
import { Card } from '~/components/form';
import { BackLink, DateText, Facts, pick, StatusBadge, Wan } from '~/components/ui';
import { applicationSchema } from '~/forms/applications';
import { useI18n } from '~/i18n/i18n';
import { notFound, requestOrigin, requireTeam } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import {
  createApplication,
  findActiveApplication,
  findChallengeToApply,
  newApplicationDefaults,
} from '~/services/applications/apply.server';
import { actorOf } from '~/services/kernel/actor';
import { parseForm, refusedReply } from '~/lib/form.server';
import { doneUrl } from '~/lib/done';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'applications.new.title');

// /apply/ZB-…: the application form of a signed-in team. A team that already holds an active
// application to the challenge is sent to it; a challenge that is not public does not exist.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireTeam(request);
  const challenge = await findChallengeToApply(db, params.code ?? '');
  if (!challenge) throw notFound();
  const active = await findActiveApplication(db, user.organizationId, challenge.id);
  if (active) throw redirect(`/applications/${active.id}`);
  const defaults = challenge.open ? await newApplicationDefaults(db, user.organizationId) : null;
  const { id: _id, ...shown } = challenge;
  return { challenge: shown, defaults };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const auth = await requireTeam(request);
  const challenge = await findChallengeToApply(db, params.code ?? '');
  if (!challenge) throw notFound();
  const submission = await parseForm(request, { schema: applicationSchema(challenge.bountyType) });
  if (submission.status !== 'success') return submission.reply();
  const result = await createApplication(db, actorOf(auth.user), challenge.id, submission.value, {
    origin: requestOrigin(request),
  });
  if (!result.ok && result.error === 'alreadyActive') {
    const active = await findActiveApplication(db, auth.user.organizationId, challenge.id);
    return redirect(active ? `/applications/${active.id}` : '/applications');
  }
  if (!result.ok) return refusedReply(submission, result);
  return redirect(
    doneUrl(
      'application',
      `/applications/${result.id}`,
      result.status === 'SUBMITTED' ? 'submitted' : 'created',
    ),
  );
}

export default function Apply() {
  const { challenge: c, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, locale } = useI18n();
  return (
    <div className="space-y-6">
      <BackLink to={`/challenges/${c.code}`}>{pick(locale, c.title, c.titleEn)}</BackLink>
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">
          {t('applications.new.title')} · {pick(locale, c.title, c.titleEn)}
        </h1>
        <StatusBadge status={c.status} />
      </div>
      <Facts
        rows={[
          [t('applications.challenge'), <span className="font-mono">{c.code}</span>],
          [t('applications.enterprise'), pick(locale, c.enterprise.name, c.enterprise.nameEn)],
          [t('applications.bounty'), <Wan fen={c.bountyFen} />],
          [t('applications.deadline'), <DateText value={c.applicationDeadline} />],
        ]}
      />
      {c.open && defaults ? (
        <Card>
          <p className="text-sm text-stone-600">{t('applications.new.lead')}</p>
          <ApplicationForm
            lastResult={lastResult}
            defaultValue={defaults}
            challenge={c}
            mode="new"
          />
        </Card>
      ) : (
        <p className="rounded border border-stone-300 bg-stone-50 p-4" role="status">
          {t('applications.new.closed')}
        </p>
      )}
    </div>
  );
}
