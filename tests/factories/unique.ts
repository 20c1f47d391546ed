// Unique parts of names, e-mails and codes, so that every test's rows are its own.
import { randomBytes } from 'node:crypto';

/** Ten random hex characters. */
export const uid = () => randomBytes(5).toString('hex');
