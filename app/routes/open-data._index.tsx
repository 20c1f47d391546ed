import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import type { ReactNode } from 'react';
import { PageHeader, Section } from '~/components/ui';
import { useI18n } from '~/i18n/i18n';
import type { openData } from '~/i18n/zh/open-data';
import { db } from '~/lib/db.server';
import { pageMeta } from '~/lib/meta';
import { ocdsPrefix } from '~/services/open-data/config.server';
import { firstPublicCode, releaseFilePath } from '~/services/open-data/releases.server';

// What the open data holds, file by file and field by field (docs/decisions/022-open-data-ocds.md).

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'openData.title');

export async function loader() {
  const code = await firstPublicCode(db);
  return { prefix: ocdsPrefix, example: code ? releaseFilePath(ocdsPrefix, code) : null };
}

type Group = keyof typeof openData.group;
type Field = keyof typeof openData.field;

const MILESTONE = 'contracts[].implementation.milestones[]';
const TRANSACTION = 'contracts[].implementation.transactions[]';

// [group, [field path, its description's key in openData.field]]
const GROUPS: [Group, [string, Field][]][] = [
  [
    'package',
    [
      ['uri', 'uri'],
      ['version', 'version'],
      ['extensions', 'extensions'],
      ['publisher', 'publisher'],
      ['publicationPolicy', 'publicationPolicy'],
      ['publishedDate', 'publishedDate'],
      ['releases', 'releases'],
    ],
  ],
  [
    'release',
    [
      ['ocid', 'ocid'],
      ['id', 'releaseId'],
      ['date', 'date'],
      ['tag', 'tag'],
      ['initiationType', 'initiationType'],
      ['language', 'language'],
      ['buyer', 'buyer'],
    ],
  ],
  [
    'parties',
    [
      ['parties[].id', 'partyId'],
      ['parties[].name', 'partyName'],
      ['parties[].identifier', 'partyIdentifier'],
      ['parties[].roles', 'partyRoles'],
    ],
  ],
  [
    'tender',
    [
      ['tender.id', 'tenderId'],
      ['tender.title', 'tenderTitle'],
      ['tender.description', 'tenderDescription'],
      ['tender.status', 'tenderStatus'],
      ['tender.value', 'tenderValue'],
      ['tender.procuringEntity', 'procuringEntity'],
      ['tender.procurementMethod', 'procurementMethod'],
      ['tender.mainProcurementCategory', 'mainProcurementCategory'],
      ['tender.tenderPeriod', 'tenderPeriod'],
      ['tender.items', 'items'],
    ],
  ],
  [
    'awards',
    [
      ['awards[].id', 'awardId'],
      ['awards[].status', 'awardStatus'],
      ['awards[].date', 'awardDate'],
      ['awards[].value', 'awardValue'],
      ['awards[].suppliers', 'suppliers'],
    ],
  ],
  [
    'contracts',
    [
      ['contracts[].id', 'contractId'],
      ['contracts[].awardID', 'awardID'],
      ['contracts[].status', 'contractStatus'],
      ['contracts[].dateSigned', 'dateSigned'],
      ['contracts[].value', 'contractValue'],
      ['contracts[].period', 'contractPeriod'],
    ],
  ],
  [
    'milestones',
    [
      [`${MILESTONE}.id`, 'milestoneId'],
      [`${MILESTONE}.title`, 'milestoneTitle'],
      [`${MILESTONE}.type`, 'milestoneType'],
      [`${MILESTONE}.dueDate`, 'dueDate'],
      [`${MILESTONE}.status`, 'milestoneStatus'],
      [`${MILESTONE}.dateMet`, 'dateMet'],
    ],
  ],
  [
    'transactions',
    [
      [`${TRANSACTION}.id`, 'transactionId'],
      [`${TRANSACTION}.date`, 'transactionDate'],
      [`${TRANSACTION}.value`, 'transactionValue'],
      [`${TRANSACTION}.payer`, 'payer'],
      [`${TRANSACTION}.payee`, 'payee'],
      [`${TRANSACTION}.relatedImplementationMilestone`, 'relatedMilestone'],
    ],
  ],
];

const WITHHELD = [
  'contacts',
  'people',
  'unpublished',
  'applications',
  'delivery',
  'payments',
  'other',
] as const;

function Code({ children }: { children: ReactNode }) {
  return <code className="font-mono text-sm break-all">{children}</code>;
}

export default function OpenData() {
  const { prefix, example } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return (
    <div className="max-w-4xl space-y-8">
      <PageHeader title={t('openData.title')} lead={t('openData.lead')} />
      <p>
        {t('openData.valid')}{' '}
        <a href="https://standard.open-contracting.org/1.1/">{t('openData.standard')}</a>
      </p>

      <Section title={t('openData.filesTitle')}>
        <dl className="space-y-3">
          <div>
            <dt>
              <a href="/open-data/ocds/releases.json">
                <Code>/open-data/ocds/releases.json</Code>
              </a>
            </dt>
            <dd className="text-stone-700">{t('openData.file.releases')}</dd>
          </div>
          <div>
            <dt>
              <Code>/open-data/ocds/&lt;ocid&gt;.json</Code>
            </dt>
            <dd className="text-stone-700">
              {t('openData.file.process')}
              {example ? (
                <>
                  {' '}
                  {t('openData.file.example')}{' '}
                  <a href={example}>
                    <Code>{example}</Code>
                  </a>
                </>
              ) : null}
            </dd>
          </div>
          <div>
            <dt>
              <a href="/stats.json">
                <Code>/stats.json</Code>
              </a>
            </dt>
            <dd className="text-stone-700">{t('openData.file.stats')}</dd>
          </div>
          <div>
            <dt>
              <a href="/open-data/payout-clock.json">
                <Code>/open-data/payout-clock.json</Code>
              </a>
            </dt>
            <dd className="space-y-1 text-stone-700">
              <p>{t('payoutClock.openData')}</p>
              <p>{t('payoutClock.lead')}</p>
            </dd>
          </div>
        </dl>
      </Section>

      <Section title={t('openData.idsTitle')}>
        <p>{t('openData.ocid', { prefix })}</p>
        <p>{t('openData.partyIds')}</p>
      </Section>

      <Section title={t('openData.moneyTitle')}>
        <p>{t('openData.money')}</p>
      </Section>

      <Section title={t('openData.fieldsTitle')}>
        <div className="space-y-6">
          {GROUPS.map(([group, fields]) => (
            <section key={group} aria-labelledby={`fields-${group}`} className="space-y-2">
              <h3 id={`fields-${group}`} className="font-semibold">
                {t(`openData.group.${group}`)}
              </h3>
              <dl className="divide-y divide-stone-200 rounded border border-stone-200 bg-white">
                {fields.map(([path, key]) => (
                  <div key={path} className="gap-4 p-3 sm:grid sm:grid-cols-[16rem_1fr]">
                    <dt>
                      <Code>{path}</Code>
                    </dt>
                    <dd className="text-stone-700">{t(`openData.field.${key}`)}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </Section>

      <Section title={t('openData.withheldTitle')}>
        <p>{t('openData.withheldLead')}</p>
        <ul className="list-disc space-y-1 pl-6">
          {WITHHELD.map((key) => (
            <li key={key}>{t(`openData.withheld.${key}`)}</li>
          ))}
        </ul>
      </Section>
    </div>
  );
}
