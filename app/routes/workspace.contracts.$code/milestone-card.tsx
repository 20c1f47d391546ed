// One milestone of the contract page: its terms, evidence and files, and the forms the viewer
// may use on it now.
import type { SubmissionResult } from '@conform-to/react';
import { MilestoneItem } from '~/components/milestone-item';
import { FileLink } from '~/components/record-parts';
import { DateText, StatusBadge, Wan } from '~/components/ui';
import { formatSharePercent } from '~/domain/contract-rules';
import { formatYuan } from '~/domain/money';
import { useI18n } from '~/i18n/i18n';
import { ConfirmForm, DeliverForm, ReviewForm, type Milestone } from './forms';

export function MilestoneCard({
  m,
  contractOpen,
  role,
  resultFor,
}: {
  m: Milestone;
  contractOpen: boolean;
  role: string;
  resultFor: (target: string) => SubmissionResult<string[]> | undefined;
}) {
  const { t } = useI18n();
  const can = (a: string) => (m.actions as string[]).includes(a);
  return (
    <MilestoneItem
      testId={`milestone-${m.seq}`}
      spacing="space-y-3"
      heading={
        <>
          {m.seq}. {m.title}
        </>
      }
      marks={
        <>
          <StatusBadge status={m.status} />
          {m.status === 'ACCEPTED' && !m.confirmedAt ? (
            <span className="text-xs text-amber-800">
              {t('contractsDesk.contract.awaitingConfirmation')}
            </span>
          ) : null}
          {m.confirmedAt ? (
            <span className="text-xs text-green-800">
              {t('contractsDesk.contract.confirmedAt')} <DateText value={m.confirmedAt} />
            </span>
          ) : null}
        </>
      }
    >
      <p className="text-sm text-stone-700">
        {t('contractsDesk.contract.due')} <DateText value={m.dueDate} /> · <Wan fen={m.amountFen} />{' '}
        ({t('contractsDesk.contract.share', { share: formatSharePercent(m.shareBp) })}) ·{' '}
        <span className="text-stone-500">
          {t('contractsDesk.contract.exact', { yuan: formatYuan(m.amountFen) })}
        </span>
      </p>
      <div className="text-sm">
        <span className="font-medium">{t('contractsDesk.contract.deliverables')}：</span>
        <span className="whitespace-pre-line">{m.deliverables}</span>
      </div>
      {m.evidence ? (
        <div className="rounded bg-stone-50 p-3 text-sm">
          <p className="font-medium">
            {t('contractsDesk.contract.evidence')}
            {m.deliveredAt ? (
              <span className="font-normal text-stone-600">
                {' '}
                · {t('contractsDesk.contract.deliveredAt')} <DateText value={m.deliveredAt} />
              </span>
            ) : null}
          </p>
          <p className="whitespace-pre-line" data-testid="evidence">
            {m.evidence}
          </p>
        </div>
      ) : null}
      {m.attachments.length ? (
        <div className="text-sm">
          <p className="font-medium">{t('contractsDesk.contract.attachments')}</p>
          <ul className="list-disc pl-6">
            {m.attachments.map((a) => (
              <li key={a.id}>
                <FileLink file={a} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {m.status === 'REJECTED' && m.rejectReason ? (
        <div className="rounded border border-red-200 bg-red-50 p-3 text-sm">
          <p className="font-medium">{t('contractsDesk.contract.rejectReason')}</p>
          <p className="whitespace-pre-line" data-testid="reject-reason">
            {m.rejectReason}
          </p>
        </div>
      ) : null}
      {can('deliver') || can('redeliver') ? (
        <DeliverForm m={m} redeliver={can('redeliver')} lastResult={resultFor(`deliver:${m.id}`)} />
      ) : contractOpen && role === 'TEAM' && m.status === 'PENDING' ? (
        <p className="text-xs text-stone-500">{t('contractsDesk.contract.waitEarlier')}</p>
      ) : null}
      {can('accept') ? <ReviewForm m={m} lastResult={resultFor(`review:${m.id}`)} /> : null}
      {can('confirm') ? <ConfirmForm m={m} lastResult={resultFor(`confirm:${m.id}`)} /> : null}
    </MilestoneItem>
  );
}
