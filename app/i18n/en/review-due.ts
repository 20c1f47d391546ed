// Strings of review due dates (namespace "reviewDue"); the same keys as zh/review-due.ts.
export const reviewDue = {
  dueDate: 'Review due date',
  due: 'Due',
  overdue: 'Overdue',
  experts: {
    nav: 'Expert load',
    title: 'Reviewer load',
    lead: 'Each expert’s reviews: assigned, done, overdue. Choose an expert by name to move reviews to someone else or change their due dates, or to assign them many applications at once; the conflict-of-interest rule applies to every item.',
    expert: 'Expert',
    affiliation: 'Affiliation',
    assigned: 'Assigned',
    done: 'Done',
    overdue: 'Overdue',
    empty: 'No reviewers yet.',
    selected: 'Reviews of {{name}}',
    close: 'Back to all experts',
    challenge: 'Challenge',
    team: 'Team',
    choose: 'Choose',
    open: {
      title: 'Open reviews',
      lead: 'Tick reviews to move them to another expert (never one with a conflict of interest with the applicant) or to give them a new due date. A review with scores cannot be moved.',
      empty: 'This expert has no open reviews.',
      reassignTo: 'Move to',
      pick: 'Choose an expert',
      reassign: 'Move the chosen reviews',
      redate: 'Change the chosen reviews’ due date',
    },
    assign: {
      title: 'Assign more applications',
      lead: 'Tick applications for this expert to review; an application they have a conflict of interest with is not assigned.',
      empty: 'No applications under review left to assign.',
      submit: 'Assign the chosen applications',
      conflict: 'Conflict of interest',
    },
    notices: {
      assigned:
        'Assigned {{applied}}; {{refused}} not assigned ({{conflicts}} of them for a conflict of interest).',
      reassigned:
        'Moved {{applied}}; {{refused}} not moved ({{conflicts}} of them for a conflict of interest).',
      redated:
        'New due date for {{applied}}; {{refused}} left as they were (submitted or no longer under review).',
    },
  },
};
