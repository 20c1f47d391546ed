import { ApplyLink } from '~/components/apply-link';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData, useLocation } from '@remix-run/react';
import {
  BackLink,
  DateText,
  Facts,
  FieldName,
  pick,
  StatusBadge,
  Wan,
  Section,
} from '~/components/ui';
import { FileLink } from '~/components/record-parts';
import { FundsSecuredMark } from '~/components/funds-secured-mark';
import { shanghaiDateString } from '~/domain/shanghai-date';
import { useI18n } from '~/i18n/i18n';
import { getAuth, notFound } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { namedPageMeta } from '~/lib/meta';
import { getPublishedChallenge } from '~/services/needs/catalogue.server';
import { listQuestions, questionViewer } from '~/services/needs/question-list.server';
import { questionAction } from './intents.server';
import { Clarifications } from './questions';

export const meta: MetaFunction<typeof loader> = ({ data, matches }) =>
  namedPageMeta(
    matches,
    data && [data.challenge.title, data.challenge.titleEn],
    'challenges.notFound',
  );

// Public: an anonymous visitor sees the answered questions only, so the page stays the same
// for every anonymous visitor (and cacheable); a signed-in visitor's page is private anyway.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const auth = await getAuth(request);
  const code = params.code ?? '';
  const [challenge, clarifications] = await Promise.all([
    getPublishedChallenge(db, code),
    listQuestions(db, code, questionViewer(auth)),
  ]);
  // Unpublished needs are not public: they answer exactly like a code that never existed.
  if (!challenge || !clarifications) throw notFound();
  return { challenge, clarifications };
}

export function action({ request, params }: ActionFunctionArgs) {
  return questionAction(request, params.code ?? '');
}

export default function ChallengeDetail() {
  const { challenge: c, clarifications } = useLoaderData<typeof loader>();
  const { key: visit } = useLocation();
  const { t, locale } = useI18n();
  const rows: [string, React.ReactNode][] = [
    [t('challenges.code'), <span className="font-mono">{c.code}</span>],
    [t('challenges.enterprise'), pick(locale, c.enterprise.name, c.enterprise.nameEn)],
    [t('challenges.field'), <FieldName field={c.field} />],
    [
      t('challenges.bounty'),
      <span className="inline-flex flex-wrap items-center gap-2">
        <Wan fen={c.bountyFen} />
        {c.fundsSecured ? <FundsSecuredMark /> : null}
      </span>,
    ],
    [t('challenges.publishedAt'), <DateText value={c.publishedAt} />],
    [t('challenges.deadline'), <DateText value={c.applicationDeadline} />],
    [t('challenges.period'), t('challenges.months', { count: c.implementationMonths })],
    [t('challenges.contact'), c.contactName],
  ];
  return (
    <article className="space-y-6">
      <BackLink to="/challenges">{t('challenges.back')}</BackLink>
      <header className="space-y-2">
        <h1 className="text-2xl font-bold">{pick(locale, c.title, c.titleEn)}</h1>
        <StatusBadge status={c.status} />
        <ApplyLink code={c.code ?? ''} status={c.status} />
        {c.closedEarly ? (
          <div
            className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
            data-testid="closed-early"
          >
            <p>
              {t('challenges.closedEarly', {
                date: shanghaiDateString(new Date(c.closedEarly.at)),
              })}
            </p>
            <p className="whitespace-pre-line">
              {t('challenges.closedEarlyReason', { reason: c.closedEarly.reason })}
            </p>
          </div>
        ) : null}
      </header>
      <Facts rows={rows} />
      <Section title={t('challenges.background')}>
        <p className="leading-relaxed whitespace-pre-line">{c.background}</p>
      </Section>
      <Section title={t('challenges.targets')}>
        <ol className="list-decimal space-y-1 pl-6">
          {c.targets.map((target, i) => (
            <li key={i}>{pick(locale, target.text, target.textEn)}</li>
          ))}
        </ol>
      </Section>
      <ListSection title={t('needs.attachments')} items={c.attachments} itemKey={(a) => a.id}>
        {(a) => <FileLink file={a} />}
      </ListSection>
      <ListSection title={t('challenges.events')} items={c.events} itemKey={(e) => e.slug}>
        {(e) => (
          <>
            <Link to={`/events/${e.slug}`}>{pick(locale, e.name, e.nameEn)}</Link> (
            <DateText value={e.date} />)
          </>
        )}
      </ListSection>
      <ListSection title={t('challenges.matchedTeams')} items={c.matches} itemKey={(_, i) => i}>
        {(m) => (
          <>
            {pick(locale, m.name, m.nameEn)} · {pick(locale, m.institution ?? '', m.institutionEn)}
          </>
        )}
      </ListSection>
      <ListSection title={t('challenges.contract')} items={c.contracts} itemKey={(k) => k.code}>
        {(k) => (
          <>
            <Link to={`/contracts/${k.code}`}>{k.code}</Link> <StatusBadge status={k.status} />
          </>
        )}
      </ListSection>
      {/* a new location (after a change) starts the forms afresh: sent values do not linger */}
      <Clarifications key={visit} code={c.code ?? ''} data={clarifications} />
    </article>
  );
}

/** A section listing `items`, one per bullet; nothing at all when there are none. */
function ListSection<T>({
  title,
  items,
  itemKey,
  children,
}: {
  title: string;
  items: readonly T[];
  itemKey: (item: T, index: number) => string | number;
  children: (item: T) => React.ReactNode;
}) {
  if (items.length === 0) return null;
  return (
    <Section title={title}>
      <ul className="list-disc pl-6">
        {items.map((item, i) => (
          <li key={itemKey(item, i)}>{children(item)}</li>
        ))}
      </ul>
    </Section>
  );
}
