import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { ApplicationForm } from '~/components/application-form';
import { Card } from '~/components/form';
import { BackLink, pick } from '~/components/ui';
import { applicationSchema } from '~/forms/applications';
import { useI18n } from '~/i18n/i18n';
import { notFound, requireTeam } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import {
  applicationFormDefaults,
  getApplicationFor,
  viewerOf,
} from '~/services/applications/applications.server';
import { requireOwnApplication, updateApplication } from '~/services/applications/changes.server';
import { formAction } from '~/lib/form.server';
import { doneUrl } from '~/lib/done';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'applications.edit');

// The team edits its draft or submitted application until the deadline; afterwards the page
// sends it back to the application.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await requireTeam(request);
  const application = await getApplicationFor(db, viewerOf(auth), params.id ?? '');
  if (!application || !application.own) throw notFound();
  if (!application.editable) throw redirect(`/applications/${application.id}`);
  return {
    id: application.id,
    challenge: application.challenge,
    defaults: applicationFormDefaults(application),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const id = params.id ?? '';
  const { actor, own } = await requireOwnApplication(db, request, id);
  const bountyType = own.challenge.bountyType === 'OPEN' ? 'OPEN' : 'FIXED';
  return formAction(request, applicationSchema(bountyType), {
    run: (value) => updateApplication(db, actor, id, value, { challengeId: own.challenge.id }),
    done: () => redirect(doneUrl('application', `/applications/${id}`, 'updated')),
  });
}

export default function EditApplication() {
  const { id, challenge, defaults } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, locale } = useI18n();
  return (
    <div className="space-y-6">
      <BackLink to={`/applications/${id}`}>
        {pick(locale, challenge.title, challenge.titleEn)}
      </BackLink>
      <Card title={`${t('applications.edit')} · ${challenge.code}`}>
        <ApplicationForm
          lastResult={lastResult}
          defaultValue={defaults}
          challenge={challenge}
          mode="edit"
        />
      </Card>
    </div>
  );
}
