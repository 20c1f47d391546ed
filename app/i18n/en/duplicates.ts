// Strings of duplicate needs (namespace "duplicates"); zh/duplicates.ts has the same keys.
export const duplicates = {
  title: 'Similar earlier needs',
  leadEnterprise:
    'These published challenges, or needs your organisation submitted before, resemble this one. If it repeats one of them, please revise or withdraw it.',
  leadStaff:
    'These earlier needs resemble this one (titles and background compared, Chinese and English).',
  none: 'No similar earlier need found.',
  similarity: 'Similarity',
  percent: '{{value}}%',
  ref: 'Reference',
  status: 'Status',
  markTitle: 'Mark as a duplicate',
  markLead:
    'Mark this need as a duplicate of an earlier one and return it to the enterprise. The return comment names the earlier need.',
  duplicateOf: 'Reference of the earlier need',
  duplicateOfHint: 'A need reference (N-…) or challenge code (ZB-…)',
  note: 'Further remark (optional)',
  submit: 'Mark as duplicate and return',
  useThis: 'Use',
  markedAs: 'Marked as a duplicate of:',
  returnComment: 'This need repeats the earlier need {{ref}} “{{title}}” and is returned.',
  errors: {
    notFound: 'Need not found.',
    invalidAction: 'This need cannot be returned now.',
    unknown: 'There is no need with this reference.',
    self: 'A need cannot be a duplicate of itself.',
    later: 'A need can only be a duplicate of an earlier need.',
  },
};
