import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { Card } from '~/components/form';
import { NeedForm } from '~/components/need-form';
import { needSchema } from '~/forms/needs';
import { useI18n } from '~/i18n/i18n';
import { notFound, requireEnterprise } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { actorOf } from '~/services/kernel/actor';
import {
  EDITABLE,
  findOwnNeed,
  getOwnNeed,
  needFormDefaults,
  updateNeed,
} from '~/services/needs/intake.server';
import type { NeedStatus } from '~/domain/need';
import { doneUrl } from '~/lib/done';
import { formAction } from '~/lib/form.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'needs.edit');

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireEnterprise(request);
  const need = await getOwnNeed(db, actorOf(user), params.id ?? '');
  if (!need) throw notFound();
  if (!EDITABLE.includes(need.status as NeedStatus)) throw redirect(`/needs/${need.id}`);
  return { defaults: needFormDefaults(need), ref: need.ref };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireEnterprise(request);
  const actor = actorOf(user);
  if (!(await findOwnNeed(db, actor, params.id ?? ''))) throw notFound();
  return formAction(request, needSchema(), {
    run: (value) => updateNeed(db, actor, params.id ?? '', value),
    done: () => redirect(doneUrl('need', `/needs/${params.id}`, 'updated')),
  });
}

export default function EditNeed() {
  const { defaults, ref } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <Card title={`${t('needs.edit')} · ${ref}`} main>
      <NeedForm
        lastResult={lastResult}
        defaultValue={defaults}
        submitLabel={t('needs.form.save')}
      />
    </Card>
  );
}
