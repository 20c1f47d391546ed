// The instalments' export (review.payments.instalments[.]csv.ts) as an Excel workbook.
export { loader } from './review.payments.instalments[.]csv';
