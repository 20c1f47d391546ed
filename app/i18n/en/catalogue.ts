import type { catalogue as zh } from '../zh/catalogue';
import type { DeepStrings } from '../types';

export const catalogue: DeepStrings<typeof zh> = {
  title: 'catalogue',
};
