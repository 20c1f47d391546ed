import type { applications as zh } from '../zh/applications';
import type { DeepStrings } from '../types';

export const applications: DeepStrings<typeof zh> = {
  title: 'applications',
};
