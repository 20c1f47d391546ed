import type { LoaderFunctionArgs } from '@remix-run/node';
import { getAuth, notFound } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { findAttachment } from '~/services/attachments/attachments.server';
import { mayDownload } from '~/services/attachments/access.server';
import { attachmentResponse, openAttachment } from '~/services/attachments/download.server';

// Downloads go through here, never through a public folder: the record decides who may read.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const attachment = await findAttachment(db, params.id ?? '');
  if (!attachment || !(await mayDownload(db, await getAuth(request), attachment))) throw notFound();
  const opened = await openAttachment(db, attachment.id);
  if (!opened) throw notFound();
  return attachmentResponse(opened.attachment, opened.stream);
}
