// Pieces of the need and application pages that show a record's files and its review trail.
import { Form } from '@remix-run/react';
import { tKey, useI18n } from '~/i18n/i18n';
import { Card } from './form';
import { DateText } from './ui';

const ACCEPT = '.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.png,.jpg,.jpeg,.gif,.webp';

/**
 * A record's attachments, with remove and upload forms while it may be edited (the page's
 * action takes `intent=remove` and multipart uploads). `ns` names the texts' namespace.
 */
export function AttachmentsCard({
  ns,
  attachments,
  editable,
}: {
  ns: 'needs' | 'applications';
  attachments: readonly { id: string; originalName: string; sizeBytes: number }[];
  editable: boolean;
}) {
  const { t } = useI18n();
  const text = (key: string) => tKey(t, `${ns}.${key}`);
  return (
    <Card title={text('attachments')}>
      {attachments.length === 0 ? <p className="text-stone-600">{text('noAttachments')}</p> : null}
      <ul className="space-y-1">
        {attachments.map((f) => (
          <li key={f.id} className="flex items-center gap-3">
            <a href={`/attachments/${f.id}`}>{f.originalName}</a>
            <span className="text-xs text-stone-500">{Math.ceil(f.sizeBytes / 1024)} KB</span>
            {editable ? (
              <Form method="post">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="attachmentId" value={f.id} />
                <button type="submit" className="text-sm text-red-700 underline">
                  {text('remove')}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {editable ? (
        <Form
          method="post"
          encType="multipart/form-data"
          className="flex flex-wrap items-end gap-3"
        >
          <label className="text-sm">
            {text('file')}
            <input type="file" name="file" className="mt-1 block" accept={ACCEPT} />
          </label>
          <button
            type="submit"
            className="rounded border border-stone-300 bg-white px-3 py-1.5 text-sm"
          >
            {text('upload')}
          </button>
          <p className="w-full text-xs text-stone-500">{text('attachmentHint')}</p>
        </Form>
      ) : null}
    </Card>
  );
}

/** The bureau's decisions on a need, oldest first, with their comments. */
export function ReviewTrail({
  reviews,
}: {
  reviews: readonly { at: string; action: string; comment: string | null }[];
}) {
  const { t } = useI18n();
  if (reviews.length === 0) return null;
  return (
    <Card title={t('needs.reviewTrail')}>
      <ol className="space-y-2 text-sm">
        {reviews.map((r, i) => (
          <li key={i}>
            <DateText value={r.at} /> · {tKey(t, `needs.trail.${r.action}`)}
            {r.comment ? <span className="text-stone-700"> — {r.comment}</span> : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}
