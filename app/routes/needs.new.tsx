import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useActionData } from '@remix-run/react';
import { Card } from '~/components/form';
import { NeedForm } from '~/components/need-form';
import { needSchema } from '~/forms/needs';
import { useI18n } from '~/i18n/i18n';
import { actorOf, requireEnterprise } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { createNeed } from '~/services/needs.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'needs.new');

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireEnterprise(request);
  return { contactName: user.name };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireEnterprise(request);
  const submission = parseWithZod(await request.formData(), { schema: needSchema() });
  if (submission.status !== 'success') return submission.reply();
  const need = await createNeed(db, actorOf(user), submission.value);
  return redirect(`/needs/${need.id}?done=created`);
}

export default function NewNeed() {
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <Card title={t('needs.new')}>
      <NeedForm lastResult={lastResult} submitLabel={t('needs.form.saveDraft')} />
    </Card>
  );
}
