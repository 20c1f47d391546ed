// The ocid prefix of the open data (OCDS_PREFIX), read once when the server starts: a value that
// is not a prefix of the registered form stops the start with a message naming the variable.
import { parseOcdsPrefix } from '~/domain/ocds';

export const ocdsPrefix = parseOcdsPrefix(process.env.OCDS_PREFIX);
