import type { evaluation as zh } from '../zh/evaluation';
import type { DeepStrings } from '../types';

export const evaluation: DeepStrings<typeof zh> = {
  title: 'evaluation',
};
