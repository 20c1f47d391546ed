// /review/contracts.xlsx: the contracts' export (review.contracts[.]csv.ts) as an Excel workbook.
export { loader } from './review.contracts[.]csv';
