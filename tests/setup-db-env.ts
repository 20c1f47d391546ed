// Runs before each db test file: route modules import the app's `db` singleton, which reads
// DATABASE_URL when first imported, so point it at this run's database first.
import { inject } from 'vitest';

process.env.DATABASE_URL = inject('databaseUrl');
