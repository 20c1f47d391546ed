// /review/contracts/registrations.xlsx: the registration sheet (review.contracts.registrations[.]csv.ts)
// as an Excel workbook.
export { loader } from './review.contracts.registrations[.]csv';
