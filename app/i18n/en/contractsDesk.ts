import type { contractsDesk as zh } from '../zh/contractsDesk';
import type { DeepStrings } from '../types';

export const contractsDesk: DeepStrings<typeof zh> = {
  title: 'contractsDesk',
};
