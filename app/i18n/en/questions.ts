import type { questions as zh } from '../zh/questions';
import type { DeepStrings } from '../types';

export const questions: DeepStrings<typeof zh> = {
  title: 'Clarifications',
  lead: 'Research teams may ask about a challenge; once the enterprise or the bureau answers, the question and answer are public. The asking team is not named.',
  empty: 'No public questions yet.',
  question: 'Q',
  answer: 'A',
  bureauAnswer: 'Answer from the bureau',
  answerLabelBureau: 'Answer on behalf of the bureau',
  bureauAnswerHint:
    'Up to {{max}} characters. The answer is shown publicly as the bureau’s and the asking team is notified; an answer the enterprise gave can only be changed by the enterprise.',
  askedAt: 'Asked',
  answeredAt: 'Answered',
  pending: 'Awaiting answer',
  hidden: 'Hidden by the bureau',
  mine: 'Your team’s question',
  askedBy: 'Asked by: {{team}}',
  askTitle: 'Ask a question',
  askLabel: 'Your question',
  askHint:
    'Up to {{max}} characters. No contact details or anything about the review, please; the question is shown publicly once answered.',
  askSubmit: 'Submit question',
  signInToAsk: 'Members of research teams can ask questions after signing in.',
  signIn: 'Sign in to ask',
  teamsOnly: 'Only members of research teams can ask questions.',
  closed: 'Applications for this challenge have closed; it takes no new questions.',
  answerLabel: 'Your answer',
  answerHint:
    'Up to {{max}} characters. Once answered, the question and answer are public and the asking team is notified.',
  submitAnswer: 'Submit answer',
  editAnswer: 'Edit the answer',
  saveAnswer: 'Save changes',
  hide: 'Hide question',
  unhide: 'Show again',
  moderation: 'Moderation',
  notices: {
    asked: 'Question submitted. It will be shown publicly once the enterprise answers.',
    answered: 'Answer published; the asking team has been notified.',
    edited: 'Answer changed.',
    hidden: 'Question hidden; the asking team has been notified.',
    unhidden: 'Question shown again.',
    unchanged: 'The question was already in that state; nothing changed.',
  },
  errors: {
    closed: 'Applications for this challenge have closed; it takes no new questions.',
    tooManyPending:
      'Your team already has 5 unanswered questions on this challenge; please wait for answers before asking more.',
    hidden: 'This question was hidden by the bureau and cannot be answered.',
    answeredByOther:
      'This question has been answered by the other side; only they can change the answer.',
  },
};
