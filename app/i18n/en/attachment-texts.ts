import type { attachmentCard as zhCard, uploadErrors as zhErrors } from '../zh/attachment-texts';
import type { DeepStrings } from '../types';

export const attachmentCard: DeepStrings<typeof zhCard> = {
  attachments: 'Attachments',
  attachmentHint: 'PDF, Office documents or images, at most 20 MB each.',
  upload: 'Upload',
  file: 'Choose a file',
  remove: 'Remove',
  noAttachments: 'No attachments.',
};

export const uploadErrors: DeepStrings<typeof zhErrors> = {
  upload_empty: 'Choose a file.',
  upload_too_large: 'The file is larger than 20 MB.',
  upload_type: 'Only PDF, Office documents or images (judged by the content).',
  upload_malformed: 'The upload did not complete; try again.',
};
