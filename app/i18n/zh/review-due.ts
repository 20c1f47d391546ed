// Strings of review due dates (namespace "reviewDue"): the experts desk and the due dates shown
// beside reviews; en/review-due.ts has the same keys.
export const reviewDue = {
  dueDate: '评审截止日期',
  due: '截止日期',
  overdue: '已逾期',
  experts: {
    nav: '专家工作量',
    title: '评审专家工作量',
    lead: '每位专家的评审任务：已指派、已完成、已逾期。点击专家姓名，可将其任务批量改派或修改截止日期，或一次指派其评审多份申请；利益冲突回避规则适用于每一项。',
    expert: '专家',
    affiliation: '所在单位',
    assigned: '已指派',
    done: '已完成',
    overdue: '已逾期',
    empty: '暂无评审专家。',
    selected: '{{name}} 的评审任务',
    close: '返回全部专家',
    challenge: '榜单',
    team: '申请团队',
    choose: '选择',
    open: {
      title: '待评审的任务',
      lead: '勾选任务后，可改派给另一位专家（与申请方存在利益冲突的专家不会被指派），或修改截止日期。已开始评分的任务不能改派。',
      empty: '该专家没有待评审的任务。',
      reassignTo: '改派给',
      pick: '请选择专家',
      reassign: '改派所选任务',
      redate: '修改所选任务的截止日期',
    },
    assign: {
      title: '指派更多申请',
      lead: '勾选申请后指派该专家评审；与申请方存在利益冲突的申请不会被指派。',
      empty: '没有可指派的待评审申请。',
      submit: '指派所选申请',
      conflict: '利益冲突',
    },
    notices: {
      assigned:
        '已指派 {{applied}} 项；{{refused}} 项未指派（其中 {{conflicts}} 项因利益冲突回避）。',
      reassigned:
        '已改派 {{applied}} 项；{{refused}} 项未改派（其中 {{conflicts}} 项因利益冲突回避）。',
      redated: '已修改 {{applied}} 项的截止日期；{{refused}} 项未修改（已提交或不在评审中）。',
    },
  },
};
