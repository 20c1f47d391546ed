// Pieces of the need and application pages: a record's files, a need's background and its
// review trail.
import { Form } from '@remix-run/react';
import type { ReactNode } from 'react';
import { ATTACHMENT_ACCEPT } from '~/domain/attachment-check';
import { tKey, useI18n } from '~/i18n/i18n';
import { useAttachmentCheck } from './attachment-check';
import { Card, ErrorList } from './form';
import { DateText } from './ui';

/** A file's download link, and its size. */
export function FileLink({
  file,
}: {
  file: { id: string; originalName: string; sizeBytes: number };
}) {
  return (
    <>
      <a href={`/attachments/${file.id}`}>{file.originalName}</a>{' '}
      <span className="text-xs text-stone-500">{Math.ceil(file.sizeBytes / 1024)} KB</span>
    </>
  );
}

/**
 * A record's attachments, with remove and upload forms while it may be edited (the page's
 * action takes `intent=remove` and multipart uploads). `ns` names the texts' namespace.
 * `uploadError` is the server's refusal of the last upload (a translation key), shown on the
 * file field like the browser's own check.
 */
export function AttachmentsCard({
  ns,
  attachments,
  editable,
  uploadError,
}: {
  ns: 'needs' | 'applications';
  attachments: readonly { id: string; originalName: string; sizeBytes: number }[];
  editable: boolean;
  uploadError?: string | null;
}) {
  const { t } = useI18n();
  const text = (key: string) => tKey(t, `${ns}.${key}`);
  const fileCheck = useAttachmentCheck();
  const fileError = fileCheck.error ? `${ns}.errors.upload_${fileCheck.error}` : uploadError;
  const fileId = `${ns}-attachment-file`;
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
          onSubmit={fileCheck.onSubmit}
        >
          <label className="text-sm" htmlFor={fileId}>
            {text('file')}
            <input
              id={fileId}
              type="file"
              name="file"
              className="mt-1 block"
              accept={ATTACHMENT_ACCEPT}
              aria-describedby={`${fileId}-hint${fileError ? ` ${fileId}-error` : ''}`}
              {...fileCheck.inputProps}
              aria-invalid={fileError ? true : undefined}
            />
          </label>
          <button
            type="submit"
            className="rounded border border-stone-300 bg-white px-3 py-1.5 text-sm"
          >
            {text('upload')}
          </button>
          <p id={`${fileId}-hint`} className="w-full text-xs text-stone-500">
            {text('attachmentHint')}
          </p>
          <div className="w-full">
            <ErrorList id={`${fileId}-error`} errors={fileError ? [fileError] : null} />
          </div>
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

/**
 * What a need is about: its background and its technical targets, in order. `subtitle` (the
 * English title) stands above, `children` (its files) below.
 */
export function NeedBackground({
  need,
  subtitle,
  children,
}: {
  need: { background: string; targets: readonly { text: string }[] };
  subtitle?: string | null;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Card title={t('needs.form.background')}>
      {subtitle ? <p className="text-stone-600">{subtitle}</p> : null}
      <p className="whitespace-pre-line">{need.background}</p>
      <h3 className="font-semibold">{t('needs.form.targets')}</h3>
      <ol className="list-decimal pl-6">
        {need.targets.map((target, i) => (
          <li key={i}>{target.text}</li>
        ))}
      </ol>
      {children}
    </Card>
  );
}
