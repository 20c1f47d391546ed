// Strings of duplicate needs (namespace "duplicates"): the similar earlier needs shown at intake
// and vetting, and the reviewer's "duplicate of …"; en/duplicates.ts has the same keys.
export const duplicates = {
  title: '相似的已有需求',
  leadEnterprise:
    '以下已发布的榜单或本单位此前提交的需求与本需求相似。如确属重复，请修改或撤回本需求。',
  leadStaff: '以下此前提交的需求与本需求相似（按标题和背景比对，中英文均计）。',
  none: '未发现相似的已有需求。',
  similarity: '相似度',
  percent: '{{value}}%',
  ref: '编号',
  status: '状态',
  markTitle: '标记为重复需求',
  markLead: '将本需求标记为某一已有需求的重复，并退回企业。退回意见将写明所重复的需求。',
  duplicateOf: '所重复的已有需求编号',
  duplicateOfHint: '填写需求编号（N-…）或榜单编号（ZB-…）',
  note: '补充说明（选填）',
  submit: '标记为重复并退回',
  useThis: '选用',
  markedAs: '已标记为重复需求，所重复的需求：',
  returnComment: '本需求与已有需求 {{ref}}“{{title}}”重复，予以退回。',
  errors: {
    notFound: '未找到该需求。',
    invalidAction: '该需求当前不能退回。',
    unknown: '没有这个编号的需求。',
    self: '不能将需求标记为其自身的重复。',
    later: '只能标记为更早提交的需求的重复。',
  },
};
