import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { Card } from '~/components/form';
import { NeedForm } from '~/components/need-form';
import { needSchema } from '~/forms/needs';
import { useI18n } from '~/i18n/i18n';
import { actorOf, requireEnterprise } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { createNeed } from '~/services/needs/needs.server';
import { doneUrl } from '~/lib/done';
import { parseForm } from '~/lib/form.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'needs.new');

// The form starts with the signed-in person as contact. Users have no phone of their own; the
// organisation's contact phone (given at sign-up by the person who registered it) is the best
// known number, and an organisation without one leaves the field for the user to fill in.
export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireEnterprise(request);
  const organization = await db.organization.findUnique({
    where: { id: user.organizationId },
    select: { contactPhone: true },
  });
  return { contactName: user.name, contactPhone: organization?.contactPhone ?? '' };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireEnterprise(request);
  const submission = await parseForm(request, { schema: needSchema() });
  if (submission.status !== 'success') return submission.reply();
  const need = await createNeed(db, actorOf(user), submission.value);
  return redirect(doneUrl('need', `/needs/${need.id}`, 'created'));
}

export default function NewNeed() {
  const lastResult = useActionData<typeof action>();
  const contact = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <Card title={t('needs.new')} main>
      <NeedForm
        lastResult={lastResult}
        defaultValue={contact}
        submitLabel={t('needs.form.saveDraft')}
      />
    </Card>
  );
}
