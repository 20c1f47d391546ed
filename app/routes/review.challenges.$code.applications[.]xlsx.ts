// The desk's applications (review.challenges.$code.applications[.]csv.ts) as an Excel workbook.
export { loader } from './review.challenges.$code.applications[.]csv';
