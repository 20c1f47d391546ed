// The payments' export (review.payments.disbursements[.]csv.ts) as an Excel workbook.
export { loader } from './review.payments.disbursements[.]csv';
