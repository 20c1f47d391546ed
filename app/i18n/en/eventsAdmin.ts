import type { eventsAdmin as zh } from '../zh/eventsAdmin';
import type { DeepStrings } from '../types';

export const eventsAdmin: DeepStrings<typeof zh> = {
  title: 'eventsAdmin',
};
