import type { review as zh } from '../zh/review';
import type { DeepStrings } from '../types';

export const review: DeepStrings<typeof zh> = {
  title: 'Bureau desk',
  nav: { needs: 'Vetting needs', events: 'Matching events' },
};
