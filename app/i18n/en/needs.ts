import type { needs as zh } from '../zh/needs';
import type { DeepStrings } from '../types';

export const needs: DeepStrings<typeof zh> = {
  title: 'needs',
};
