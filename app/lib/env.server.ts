import { z } from 'zod';

// Validated once at start; a bad value stops the server with a message naming the variable.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: or postgresql://')
    .default('file:./data/jiebang.db'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_ORIGIN: z
    .string()
    .url()
    .refine((v) => /^https?:\/\/[^/]+\/?$/.test(v), 'must be an origin such as https://host')
    .optional(),
  TRUST_PROXY: z.enum(['0', '1']).optional(),
  DEMO: z.enum(['0', '1']).optional(),
  STORAGE_DIR: z.string().default('./storage'),
  // where attachments' bytes go: PostgreSQL → database, SQLite → files (docs/decisions/029)
  ATTACHMENT_STORE: z.enum(['files', 'database']).optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Jiebang <no-reply@jiebang.example>'),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  // days a team has to sign its contract after the award's approval (docs/decisions/033)
  AWARD_SIGN_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  // who must confirm a fixed bounty's funds before publication (docs/decisions/032)
  FUNDING_RULE: z.enum(['ENTERPRISE', 'BUREAU', 'BOTH']).optional(),
  FUNDING_ENTERPRISE_SHARE_BP: z.coerce.number().int().min(1).max(9999).optional(),
});

export type Env = z.infer<typeof schema>;

// Links in mail must not come from the request's Host header, which anyone can set
// (docs/decisions/015-sign-in-abuse-policy.md): a production server names its origin.
const checked = schema.superRefine((v, ctx) => {
  if (v.NODE_ENV === 'production' && !v.APP_ORIGIN)
    ctx.addIssue({
      code: 'custom',
      path: ['APP_ORIGIN'],
      message:
        'required with NODE_ENV=production: the public origin that links in mail point to, e.g. https://jiebang.example.gov.cn (npm start sets http://localhost:PORT unless NODE_ENV=production was asked for)',
    });
});

export function load(vars: Record<string, string | undefined> = process.env): Env {
  const parsed = checked.safeParse(vars);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export const env = load();

export const isPostgres = (url = env.DATABASE_URL) => /^postgres(ql)?:\/\//.test(url);

/**
 * Demo accounts are listed on the sign-in page outside production, or when DEMO=1 (which
 * `npm start` sets unless the operator asked for NODE_ENV=production).
 */
export function isDemo(vars: { NODE_ENV?: string; DEMO?: string }) {
  return vars.DEMO === '1' || (vars.NODE_ENV !== 'production' && vars.DEMO !== '0');
}

export const demoMode = () => isDemo(process.env);

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The origin every link in mail is built from: APP_ORIGIN; outside production without it, the
 * request's own origin only when that is a loopback name (a developer's browser), otherwise
 * http://localhost:PORT. A forged Host header never reaches a mail.
 */
export function trustedOrigin(
  request?: Request,
  vars: Record<string, string | undefined> = process.env,
): string {
  if (vars.APP_ORIGIN) return vars.APP_ORIGIN.replace(/\/$/, '');
  if (vars.NODE_ENV === 'production') throw new Error('APP_ORIGIN is not set');
  if (request) {
    const url = new URL(request.url);
    if (LOOPBACK.has(url.hostname) || url.hostname.endsWith('.localhost')) return url.origin;
  }
  return `http://localhost:${vars.PORT ?? 3000}`;
}
