// Small pieces of the application pages (揭榜申请): the status badge and the roster.
import { useI18n } from '~/i18n/i18n';
import { DataTable } from './data-table';
import { Badge } from './ui';

const tone: Record<string, string> = {
  DRAFT: 'bg-stone-100 text-stone-800',
  SUBMITTED: 'bg-blue-100 text-blue-900',
  SHORTLISTED: 'bg-amber-100 text-amber-900',
  AWARDED: 'bg-green-100 text-green-900',
  DECLINED: 'bg-stone-200 text-stone-800',
  WITHDRAWN: 'bg-stone-200 text-stone-700',
};

/** An application's status, in the application's own words (评审中, 未获选 …). */
export function ApplicationStatusBadge({ status }: { status: string }) {
  return <Badge state={status} tones={tone} ns="applications.status" testId="application-status" />;
}

export function MemberTable({
  members,
}: {
  members: { name: string; role: string; title?: string | null }[];
}) {
  const { t } = useI18n();
  return (
    <DataTable
      rows={members}
      rowKey={(_, i) => i}
      className="w-full border-collapse text-sm"
      columns={[
        { head: t('applications.form.memberName'), cell: (m) => m.name },
        { head: t('applications.form.memberRole'), cell: (m) => m.role },
        { head: t('applications.form.memberTitle'), cell: (m) => m.title ?? '' },
      ]}
    />
  );
}
