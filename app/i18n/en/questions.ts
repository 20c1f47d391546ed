import type { questions as zh } from '../zh/questions';
import type { DeepStrings } from '../types';

export const questions: DeepStrings<typeof zh> = {
  title: 'questions',
};
