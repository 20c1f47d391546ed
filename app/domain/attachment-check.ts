// What the browser checks of chosen files before it sends them: the same size limit as the
// server (server/request-limits.mjs, which the edge enforces unbuilt) and the accepted name
// endings. The server still judges the type by the content (app/services/attachments/attachments.server.ts);
// this only spares the user a 20 MB upload that could never be accepted.
import { MAX_ATTACHMENT_BYTES } from '../../server/request-limits.mjs';

export { MAX_ATTACHMENT_BYTES };

/** Name endings of the accepted types (app/services/attachments/attachments.server.ts). */
export const ATTACHMENT_EXTENSIONS = [
  'pdf',
  'doc',
  'docx',
  'xls',
  'xlsx',
  'ppt',
  'pptx',
  'png',
  'jpg',
  'jpeg',
  'jpe',
  'gif',
  'webp',
] as const;

/** The file inputs' `accept`. */
export const ATTACHMENT_ACCEPT = ATTACHMENT_EXTENSIONS.map((e) => `.${e}`).join(',');

export type FileCheckError = 'too_large' | 'type';

/**
 * The first reason the chosen files cannot be sent, or null: a name ending not accepted, or
 * more than 20 MB together (one form's files share the limit; a single file may use all of it).
 */
export function checkChosenFiles(
  files: readonly { name: string; size: number }[],
  maxBytes: number = MAX_ATTACHMENT_BYTES,
): FileCheckError | null {
  const accepted = new Set<string>(ATTACHMENT_EXTENSIONS);
  for (const f of files) {
    const dot = f.name.lastIndexOf('.');
    const ext = dot > 0 ? f.name.slice(dot + 1).toLowerCase() : '';
    if (!accepted.has(ext)) return 'type';
  }
  const total = files.reduce((sum, f) => sum + f.size, 0);
  return total > maxBytes ? 'too_large' : null;
}
