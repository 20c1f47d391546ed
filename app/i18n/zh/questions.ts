// Strings of one feature (namespace "questions"); en/questions.ts has the same keys.
export const questions = {
  title: 'questions',
};
