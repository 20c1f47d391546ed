import { useForm, type FieldMetadata, type SubmissionResult } from '@conform-to/react';
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { PostForm } from '~/components/conform';
import { Card, ErrorList, Field, Submit, TextareaField } from '~/components/form';
import { DateText, Facts, Wan } from '~/components/ui';
import { FULL_SHARE_BP } from '~/domain/contract';
import { formatSharePercent, MAX_MILESTONES, parseSharePercent } from '~/domain/contract-rules';
import { formatWan } from '~/domain/money';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { contractFields, contractSchema } from '~/forms/contracts';
import { tKey, useI18n } from '~/i18n/i18n';
import { actorOf, notFound, requestOrigin, requireStaff } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { awardForRegistration, registerContract } from '~/services/contracts/registration.server';
import { formAction } from '~/lib/form.server';
import { doneUrl } from '~/lib/done';

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'contractsDesk.new.title');

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const award = await awardForRegistration(db, params.awardId ?? '');
  if (!award) throw notFound();
  return {
    award: { ...award, decidedAt: award.decidedAt?.toISOString() ?? null },
    today: shanghaiDateString(new Date()),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireStaff(request);
  const award = await awardForRegistration(db, params.awardId ?? '');
  if (!award) throw notFound();
  return formAction(request, contractSchema({ rewardFen: award.rewardFen }), {
    run: (value) =>
      registerContract(db, actorOf(user), award.awardId, value, { origin: requestOrigin(request) }),
    done: ({ code }) =>
      redirect(doneUrl('contract', `/workspace/contracts/${code}`, 'registered', { code })),
  });
}

export default function RegisterContract() {
  const { award, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useI18n();
  return (
    <div className="space-y-6">
      <Link to="/review/contracts" className="text-sm">
        ← {t('contractsDesk.new.back')}
      </Link>
      <div>
        <h2 className="text-2xl font-bold">{t('contractsDesk.new.title')}</h2>
        <p className="text-sm text-stone-600">{t('contractsDesk.new.lead')}</p>
      </div>
      <Facts
        rows={[
          [
            t('contractsDesk.new.award'),
            <span>
              <span className="font-mono">{award.challengeCode}</span> {award.title}
            </span>,
          ],
          [t('contractsDesk.col.enterprise'), award.enterprise.name],
          [
            t('contractsDesk.col.team'),
            `${award.team.name}${award.team.institution ? ` · ${award.team.institution}` : ''}`,
          ],
          [
            t('contractsDesk.col.bountyType'),
            tKey(t, `contractsDesk.bountyType.${award.bountyType}`),
          ],
          [t('contractsDesk.new.decidedAt'), <DateText value={award.decidedAt} />],
          ...(award.bountyType === 'OPEN'
            ? ([
                [
                  t('contractsDesk.new.requested'),
                  award.requestedFen === null ? '—' : <Wan fen={award.requestedFen} />,
                ],
              ] as [string, React.ReactNode][])
            : []),
          [
            t('contractsDesk.new.reward'),
            <span data-testid="reward">
              {award.rewardFen === null ? (
                t('contractsDesk.new.rewardPending')
              ) : (
                <Wan fen={award.rewardFen} />
              )}
            </span>,
          ],
        ]}
      />
      {award.bountyType === 'OPEN' ? (
        <p className="text-sm">
          <Link to={`/negotiation/${award.awardId}`}>{t('contractsDesk.negotiationLink')}</Link>
        </p>
      ) : null}
      {award.contractCode ? (
        <p className="rounded border border-stone-300 bg-stone-50 p-3">
          {t('contractsDesk.new.alreadyRegistered', { code: award.contractCode })}{' '}
          <Link to={`/workspace/contracts/${award.contractCode}`}>
            {t('contractsDesk.new.viewContract')}
          </Link>
        </p>
      ) : award.refusal ? (
        <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-3">
          {tKey(t, `contractsDesk.errors.${award.refusal}`)}
        </p>
      ) : (
        <Card>
          <ContractForm lastResult={lastResult} rewardFen={award.rewardFen} today={today} />
        </Card>
      )}
    </div>
  );
}

function ContractForm({
  lastResult,
  rewardFen,
  today,
}: {
  lastResult: SubmissionResult<string[]> | undefined;
  rewardFen: number | null;
  today: string;
}) {
  const { t, locale } = useI18n();
  const [form, fields] = useForm({
    id: 'contract',
    lastResult,
    defaultValue: {
      signedAt: today,
      // one milestone for the whole reward to start with
      milestones: [{ title: '', dueDate: '', deliverables: '', sharePct: '100' }],
    },
    constraint: getZodConstraint(contractFields),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: contractSchema({ rewardFen }) }),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  });
  const milestones = fields.milestones.getFieldList();
  const typed = (fields.milestones.value ?? []) as ({ sharePct?: unknown } | undefined)[];
  const sumBp = (Array.isArray(typed) ? typed : []).reduce((sum, m) => {
    const share = parseSharePercent(typeof m?.sharePct === 'string' ? m.sharePct : '');
    return share.ok ? sum + share.bp : sum;
  }, 0);
  return (
    <PostForm form={form} className="space-y-5">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          meta={fields.rdInvestmentWan}
          label={t('contractsDesk.new.rdInvestmentWan')}
          hint={
            rewardFen === null
              ? undefined
              : t('contractsDesk.new.rdHint', {
                  reward: t('money.wan', { amount: formatWan(rewardFen, locale) }),
                })
          }
        />
        <Field meta={fields.signedAt} label={t('contractsDesk.new.signedAt')} type="date" />
      </div>
      <fieldset className="space-y-4">
        <legend className="text-sm font-medium">{t('contractsDesk.new.milestones')}</legend>
        <p className="text-xs text-stone-500">{t('contractsDesk.new.milestonesHint')}</p>
        {milestones.map((milestone, i) => (
          <MilestoneFields
            key={milestone.key}
            meta={milestone}
            n={i + 1}
            remove={
              milestones.length > 1
                ? form.remove.getButtonProps({ name: fields.milestones.name, index: i })
                : null
            }
          />
        ))}
        {/* the button comes before the sum and its error, so that an error appearing as a
            field loses focus does not move the button away from under the pointer */}
        {milestones.length < MAX_MILESTONES ? (
          <button
            {...form.insert.getButtonProps({
              name: fields.milestones.name,
              defaultValue: { title: '', dueDate: '', deliverables: '', sharePct: '' },
            })}
            className="text-sm underline"
          >
            {t('contractsDesk.new.addMilestone')}
          </button>
        ) : null}
        <p
          className={`text-sm ${sumBp === FULL_SHARE_BP ? 'text-green-800' : 'text-stone-700'}`}
          data-testid="share-sum"
        >
          {t('contractsDesk.new.shareSum', { sum: formatSharePercent(sumBp) })}
        </p>
        <ErrorList id={fields.milestones.errorId} errors={fields.milestones.errors} />
      </fieldset>
      <Submit>{t('contractsDesk.new.submit')}</Submit>
    </PostForm>
  );
}

type MilestoneMeta = FieldMetadata<{
  title: string;
  dueDate: string;
  deliverables: string;
  sharePct: string;
}>;

function MilestoneFields({
  meta,
  n,
  remove,
}: {
  meta: MilestoneMeta;
  n: number;
  remove: React.ButtonHTMLAttributes<HTMLButtonElement> | null;
}) {
  const { t } = useI18n();
  const f = meta.getFieldset();
  return (
    <div className="space-y-3 rounded border border-stone-200 p-4" data-testid="milestone-fields">
      <div className="flex items-center justify-between">
        <h3 className="font-medium">{t('contractsDesk.new.milestone', { n })}</h3>
        {remove ? (
          <button {...remove} className="text-sm text-red-700 underline">
            {t('contractsDesk.new.removeMilestone')}
          </button>
        ) : null}
      </div>
      <Field meta={f.title} label={`${t('contractsDesk.new.milestoneTitle')} ${n}`} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field meta={f.dueDate} label={`${t('contractsDesk.new.dueDate')} ${n}`} type="date" />
        <Field meta={f.sharePct} label={`${t('contractsDesk.new.sharePct')} ${n}`} />
      </div>
      <TextareaField
        meta={f.deliverables}
        label={`${t('contractsDesk.new.deliverables')} ${n}`}
        rows={2}
      />
    </div>
  );
}
