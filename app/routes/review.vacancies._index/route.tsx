import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { DeskHeading } from '~/components/desk/heading';
import { ListCard } from '~/components/desk/list-card';
import { rowTarget, targeted, type Targeted } from '~/components/desk/results';
import { DoneNotice } from '~/components/done-notice';
import { FormError } from '~/components/form';
import { AwaitingCard, VacatedSlot } from './parts';
import { vacancyDeskSchema } from '~/forms/vacancies';
import { useI18n } from '~/i18n/i18n';
import { actorOf, requestOrigin, requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { doneUrl } from '~/lib/done';
import { parseForm } from '~/lib/form.server';
import { pageMeta } from '~/lib/meta';
import { decidePromotion, proposePromotion } from '~/services/evaluation/promotions.server';
import { markUnsigned } from '~/services/evaluation/vacancies.server';
import { vacancyDesk } from './desk.server';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'vacancies.desk.title');

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireStaff(request);
  return vacancyDesk(db, actorOf(user));
}

const PAGE = '/review/vacancies';

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireStaff(request);
  const actor = actorOf(user);
  const submission = await parseForm(request, { schema: vacancyDeskSchema });
  const payload = submission.payload;
  const target =
    rowTarget(payload, 'promotionId', 'promotion-') !== 'page'
      ? rowTarget(payload, 'promotionId', 'promotion-')
      : payload.intent === 'unsigned'
        ? rowTarget(payload, 'awardId', 'unsigned-')
        : rowTarget(payload, 'awardId', 'slot-');
  if (submission.status !== 'success')
    return { target, result: submission.reply() } satisfies Targeted;
  const v = submission.value;
  const opts = { origin: requestOrigin(request) };
  const result =
    v.intent === 'unsigned'
      ? await markUnsigned(db, actor, v.awardId, v.comment ?? null, opts)
      : v.intent === 'propose'
        ? await proposePromotion(db, actor, v.awardId, v.candidateId, opts)
        : await decidePromotion(db, actor, v.promotionId, v.intent, v.reason || null, opts);
  if (!result.ok)
    return { target, result: submission.reply({ formErrors: [result.key] }) } satisfies Targeted;
  const done =
    v.intent === 'unsigned'
      ? 'unsigned'
      : v.intent === 'propose'
        ? 'proposed'
        : v.intent === 'approve'
          ? 'approved'
          : 'rejected';
  return redirect(doneUrl('vacancyDesk', PAGE, done));
}

export default function VacancyDesk() {
  const desk = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const { resultFor, stray } = targeted(actionData, [
    ...desk.awaiting.map((a) => `unsigned-${a.id}`),
    ...desk.slots.map((s) => `slot-${s.id}`),
    ...desk.slots.flatMap((s) => s.promotions.map((p) => `promotion-${p.id}`)),
  ]);
  return (
    <div className="space-y-6">
      <DeskHeading title={t('vacancies.desk.title')} lead={t('vacancies.desk.lead')}>
        <p className="text-sm text-stone-600">
          {t('vacancies.desk.signDays', { days: desk.signDays })}
        </p>
      </DeskHeading>
      <DoneNotice page="vacancyDesk" />
      <FormError errors={stray} />
      <AwaitingCard rows={desk.awaiting} resultFor={resultFor} />
      <ListCard
        title={t('vacancies.slots.title')}
        items={desk.slots}
        emptyText={t('vacancies.slots.empty')}
      >
        {(s) => <VacatedSlot key={s.id} slot={s} isAdmin={desk.isAdmin} resultFor={resultFor} />}
      </ListCard>
    </div>
  );
}
