// Small pieces of the application pages (揭榜申请): the status badge and the roster.
import { tKey, useI18n } from '~/i18n/i18n';
import { HeadRow } from './list-page';

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
  const { t } = useI18n();
  return (
    <span
      data-testid="application-status"
      className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${tone[status] ?? 'bg-stone-100 text-stone-800'}`}
    >
      {tKey(t, `applications.status.${status}`)}
    </span>
  );
}

export function MemberTable({
  members,
}: {
  members: { name: string; role: string; title?: string | null }[];
}) {
  const { t } = useI18n();
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <HeadRow
          columns={[
            t('applications.form.memberName'),
            t('applications.form.memberRole'),
            t('applications.form.memberTitle'),
          ]}
        />
        <tbody>
          {members.map((m, i) => (
            <tr key={i} className="border-b border-stone-200">
              <td className="p-2">{m.name}</td>
              <td className="p-2">{m.role}</td>
              <td className="p-2">{m.title ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
