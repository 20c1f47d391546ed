import { z } from 'zod';

// Validated once at start; a bad value stops the server with a message naming the variable.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'must start with file: or postgresql://')
    .default('file:./data/jiebang.db'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  APP_ORIGIN: z.string().url().optional(),
  DEMO: z.enum(['0', '1']).optional(),
  STORAGE_DIR: z.string().default('./storage'),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Jiebang <no-reply@jiebang.example>'),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
});

export type Env = z.infer<typeof schema>;

function load(): Env {
  const parsed = schema.safeParse(process.env);
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
