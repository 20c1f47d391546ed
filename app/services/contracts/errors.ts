/**
 * The translation namespace of the contract desk's refusals (app/i18n/zh/contractsDesk.ts):
 * registration, negotiation and the contract page all answer with `contractsDesk.errors.<code>`.
 */
export const CONTRACT_ERRORS = 'contractsDesk.errors';
