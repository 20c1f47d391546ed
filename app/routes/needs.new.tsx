import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { Card } from '~/components/form';
import { NeedForm } from '~/components/need-form';
import { needSchema } from '~/forms/needs';
import { useI18n } from '~/i18n/i18n';
import { requireEnterprise } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { actorOf } from '~/services/kernel/actor';
import { createNeed, newNeedContact } from '~/services/needs/intake.server';
import { doneUrl } from '~/lib/done';
import { formAction } from '~/lib/form.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'needs.new');

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireEnterprise(request);
  return newNeedContact(db, user);
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireEnterprise(request);
  return formAction(request, needSchema(), {
    run: (value) => createNeed(db, actorOf(user), value),
    done: ({ id }) => redirect(doneUrl('need', `/needs/${id}`, 'created')),
  });
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
