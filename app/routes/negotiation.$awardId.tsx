import type { SubmissionResult } from '@conform-to/react';
import { redirect } from '@remix-run/node';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { PostForm, useZodForm } from '~/components/conform';
import { useChallengeFacts } from '~/components/contract-lists';
import { useDeskForm } from '~/components/desk/form';
import { Card, ErrorList, Field, FormError, Submit } from '~/components/form';
import { BackLink, DateText, Facts, pick, TitledSection, Wan } from '~/components/ui';
import { formatWan } from '~/domain/money';
import { acceptOfferSchema, offerFields, offerSchema } from '~/forms/contracts';
import { tKey, useI18n } from '~/i18n/i18n';
import { actorOf, notFound, requestOrigin, requireOrgMember, requireUser } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import {
  acceptOffer,
  makeOffer,
  mayNegotiate,
  negotiationFor,
} from '~/services/contracts/negotiation.server';
import { parseFormData, readFormData, refusedReply } from '~/lib/form.server';
import { DoneNotice } from '~/components/done-notice';
import { doneUrl } from '~/lib/done';

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, 'contractsDesk.negotiation.title');

// The two parties and the bureau (read only) see the trail; anyone else gets 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const trail = await negotiationFor(db, actorOf(user), params.awardId ?? '');
  if (!trail) throw notFound();
  return { trail };
}

type Target = 'offer' | 'accept' | 'page';
type ActionResult = {
  target: Target;
  result: SubmissionResult<string[]>;
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { user } = await requireOrgMember(request);
  const actor = actorOf(user);
  const awardId = params.awardId ?? '';
  // another organisation's award does not exist for this user, whatever the form holds
  if (!(await mayNegotiate(db, actor, awardId)).visible) throw notFound();
  const formData = await readFormData(request);
  const intent = formData.get('intent');

  if (intent === 'accept') {
    const submission = parseFormData(formData, { schema: acceptOfferSchema });
    if (submission.status !== 'success') return reply('accept', submission.reply());
    const result = await acceptOffer(db, actor, awardId, submission.value.offerId, {
      origin: requestOrigin(request),
    });
    if (!result.ok) return reply('accept', refusedReply(submission, result));
    return redirect(doneUrl('negotiation', `/negotiation/${awardId}`, 'accepted'));
  }

  const submission = parseFormData(formData, { schema: offerSchema });
  const target: Target = intent === 'offer' ? 'offer' : 'page';
  if (submission.status !== 'success') return reply(target, submission.reply());
  const result = await makeOffer(db, actor, awardId, submission.value, {
    origin: requestOrigin(request),
  });
  if (!result.ok) return reply(target, refusedReply(submission, result));
  return redirect(doneUrl('negotiation', `/negotiation/${awardId}`, 'offer'));
}

function reply(target: Target, result: SubmissionResult<string[]>): ActionResult {
  return { target, result };
}

type Trail = ReturnType<typeof useLoaderData<typeof loader>>['trail'];

export default function Negotiation() {
  const { trail } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  const { t, locale } = useI18n();
  const resultFor = (target: Target) => (outcome?.target === target ? outcome.result : undefined);
  const stray =
    outcome?.target === 'page'
      ? Object.values(outcome.result.error ?? {}).flatMap((e) => e ?? [])
      : [];
  const latest = trail.offers[trail.offers.length - 1];
  const challengeFacts = useChallengeFacts('negotiation', trail);
  const back = trail.viewer.staff ? '/review/contracts' : '/workspace/contracts';
  // a new location (after a change) starts the forms afresh: sent values do not linger
  const { key: visit } = useLocation();
  return (
    <div key={visit} className="space-y-6">
      <BackLink to={back}>
        {trail.viewer.staff ? t('contractsDesk.title') : t('contractsDesk.workspace.title')}
      </BackLink>
      <div className="space-y-2">
        <h1 className="text-2xl font-bold">{t('contractsDesk.negotiation.title')}</h1>
        <p className="text-sm text-stone-600">{t('contractsDesk.negotiation.lead')}</p>
      </div>
      <DoneNotice page="negotiation" />
      <FormError errors={stray} />
      <Facts
        rows={[
          ...challengeFacts,
          [t('contractsDesk.negotiation.team'), pick(locale, trail.team.name, trail.team.nameEn)],
          [
            t('contractsDesk.col.bountyType'),
            tKey(t, `contractsDesk.bountyType.${trail.challenge.bountyType}`),
          ],
          [
            t('contractsDesk.negotiation.requested'),
            trail.requestedFen === null ? '—' : <Wan fen={trail.requestedFen} />,
          ],
          [
            t('contractsDesk.negotiation.agreed'),
            <span data-testid="agreed">
              {trail.agreedFen === null ? '—' : <Wan fen={trail.agreedFen} />}
            </span>,
          ],
          ...(trail.contractCode
            ? ([
                [
                  t('contractsDesk.negotiation.contract'),
                  <Link to={`/workspace/contracts/${trail.contractCode}`}>
                    {trail.contractCode}
                  </Link>,
                ],
              ] as [string, React.ReactNode][])
            : []),
        ]}
      />
      <StateNote trail={trail} />

      {trail.challenge.bountyType === 'OPEN' ? (
        <TitledSection id="trail" title={t('contractsDesk.negotiation.trail')}>
          {trail.offers.length === 0 ? (
            <p className="text-stone-600">{t('contractsDesk.negotiation.empty')}</p>
          ) : (
            <ol className="space-y-2" data-testid="offers">
              {trail.offers.map((o) => (
                <li
                  key={o.id}
                  className={`flex flex-wrap items-baseline gap-3 rounded border p-3 ${o.status === 'ACCEPTED' ? 'border-green-300 bg-green-50' : 'border-stone-200 bg-white'}`}
                >
                  <span className="font-medium">
                    {tKey(t, `contractsDesk.negotiation.side.${o.side}`)}
                  </span>
                  <span className="text-lg">
                    <Wan fen={o.amountFen} />
                  </span>
                  <span className="text-sm text-stone-600">
                    <DateText value={o.createdAt} />
                  </span>
                  <span className="text-xs text-stone-700">
                    {tKey(t, `contractsDesk.negotiation.offerStatus.${o.status}`)}
                  </span>
                  {o.note ? <p className="w-full text-sm whitespace-pre-line">{o.note}</p> : null}
                </li>
              ))}
            </ol>
          )}
        </TitledSection>
      ) : null}

      {trail.viewer.acceptable && latest ? (
        <AcceptForm
          offerId={trail.viewer.acceptable}
          amountFen={latest.amountFen}
          lastResult={resultFor('accept')}
        />
      ) : null}
      {trail.viewer.canOffer ? (
        <OfferForm counter={trail.offers.length > 0} lastResult={resultFor('offer')} />
      ) : null}
    </div>
  );
}

function StateNote({ trail }: { trail: Trail }) {
  const { t, locale } = useI18n();
  const wan = (fen: number | null) =>
    fen === null ? '' : t('money.wan', { amount: formatWan(fen, locale) });
  let text: string | null = null;
  if (trail.state === 'NOT_NEEDED')
    text = t('contractsDesk.negotiation.fixed', { amount: wan(trail.challenge.bountyFen) });
  else if (trail.contractCode) text = t('contractsDesk.negotiation.closed');
  else if (trail.state === 'AGREED')
    text = t('contractsDesk.negotiation.agreedNotice', { amount: wan(trail.agreedFen) });
  else if (trail.viewer.refusal === 'notYourTurn') text = t('contractsDesk.negotiation.waiting');
  else if (trail.viewer.staff) text = t('contractsDesk.negotiation.staffNote');
  if (!text) return null;
  return (
    <p className="rounded border border-stone-300 bg-stone-50 p-3" data-testid="state">
      {text}
    </p>
  );
}

function OfferForm({
  counter,
  lastResult,
}: {
  counter: boolean;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const [form, fields] = useZodForm(offerSchema, {
    id: 'offer',
    lastResult,
    constraint: offerFields,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  });
  return (
    <Card
      title={
        counter
          ? t('contractsDesk.negotiation.counterTitle')
          : t('contractsDesk.negotiation.offerTitle')
      }
    >
      <PostForm form={form} lead={<input type="hidden" name="intent" value="offer" />}>
        <Field meta={fields.amountWan} label={t('contractsDesk.negotiation.amountWan')} />
        <Field meta={fields.note} label={t('contractsDesk.negotiation.note')} />
        <Submit>{t('contractsDesk.negotiation.submitOffer')}</Submit>
      </PostForm>
    </Card>
  );
}

function AcceptForm({
  offerId,
  amountFen,
  lastResult,
}: {
  offerId: string;
  amountFen: number;
  lastResult: SubmissionResult<string[]> | undefined;
}) {
  const { t, locale } = useI18n();
  const [form, fields] = useDeskForm(acceptOfferSchema, { id: 'accept', lastResult });
  return (
    <Card title={t('contractsDesk.negotiation.acceptTitle')}>
      <PostForm
        form={form}
        className="space-y-3"
        lead={
          <>
            <input type="hidden" name="intent" value="accept" />
            <input type="hidden" name="offerId" value={offerId} />
            <p>
              {t('contractsDesk.negotiation.acceptLead', {
                amount: t('money.wan', { amount: formatWan(amountFen, locale) }),
              })}
            </p>
          </>
        }
      >
        <ErrorList errors={fields.offerId.errors} />
        <Submit>{t('contractsDesk.negotiation.accept')}</Submit>
      </PostForm>
    </Card>
  );
}
