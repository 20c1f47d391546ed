// The texts of a record's attachments, one card for a need and an application alike
// (AttachmentsCard, record-parts.tsx): spread into each record's namespace, so that the two say
// the same; en/attachment-texts.ts has the same keys.
export const attachmentCard = {
  attachments: '附件',
  attachmentHint: 'PDF、Office 文档或图片，单个不超过20 MB。',
  upload: '上传',
  file: '选择文件',
  remove: '删除',
  noAttachments: '暂无附件。',
};

/** The refusals of an upload (parseUploadForm, saveAttachment), under the namespace's `errors`. */
export const uploadErrors = {
  upload_empty: '请选择文件。',
  upload_too_large: '文件超过20 MB。',
  upload_type: '只接受 PDF、Office 文档或图片（按文件内容判断）。',
  upload_malformed: '上传未完成，请重试。',
};
