// Strings of one feature (namespace "contractsDesk"); en/contractsDesk.ts has the same keys.
export const contractsDesk = {
  title: 'contractsDesk',
};
