// /challenges.xlsx: the catalogue's export (challenges[.]csv.ts) as an Excel workbook.
export { loader } from './challenges[.]csv';
