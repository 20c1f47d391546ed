// The shared action of both sign-up forms: validate, register, and say "check your mail"
// whether the address was new or already registered (ADR 015).
import { redirect } from '@remix-run/node';
import type { z } from 'zod';
import type { enterpriseSignUpSchema, teamSignUpSchema } from '~/forms/auth';
import { requestOrigin, requireAnonymous } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { signUp } from '~/services/accounts/sign-up.server';
import { formAction } from '~/lib/form.server';
import { browserRules } from '~/lib/form-rules.server';

/** The loader of every sign-up page: a signed-in visitor has an account already. */
export async function anonymousOnly({ request }: { request: Request }) {
  await requireAnonymous(request);
  return null;
}

/** The loader of a sign-up form: anonymous only, and the schema's rules for the browser. */
export async function signUpLoader(
  request: Request,
  schema: typeof enterpriseSignUpSchema | typeof teamSignUpSchema,
) {
  await anonymousOnly({ request });
  return browserRules(schema);
}

export async function signUpAction(
  request: Request,
  schema: typeof enterpriseSignUpSchema | typeof teamSignUpSchema,
) {
  await requireAnonymous(request);
  return formAction(request, schema, {
    hideFields: ['password'],
    run: (value) => signUp(db, value as z.infer<typeof schema>, { origin: requestOrigin(request) }),
    // the same page for a new account and for an address that already had one
    done: () => redirect('/signup/sent'),
  });
}
