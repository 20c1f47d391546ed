// The shared action of both sign-up forms: validate, register, sign the new member in.
import { parseWithZod } from '@conform-to/zod/v4';
import { redirect } from '@remix-run/node';
import type { z } from 'zod';
import type { enterpriseSignUpSchema, teamSignUpSchema } from '~/forms/auth';
import { requireAnonymous } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { signUp } from '~/services/auth.server';
import { createSession, sessionCookie } from '~/services/session.server';

export async function signUpAction(
  request: Request,
  schema: typeof enterpriseSignUpSchema | typeof teamSignUpSchema,
) {
  await requireAnonymous(request);
  const submission = parseWithZod(await request.formData(), { schema });
  if (submission.status !== 'success') return submission.reply({ hideFields: ['password'] });
  const result = await signUp(db, submission.value as z.infer<typeof schema>);
  if (!result.ok) {
    return submission.reply({
      fieldErrors: result.fieldErrors,
      formErrors: result.formError ? [result.formError] : undefined,
      hideFields: ['password'],
    });
  }
  const { token, expiresAt } = await createSession(db, result.userId, { twoFactorVerified: true });
  return redirect('/account', {
    headers: { 'Set-Cookie': sessionCookie(request, token, expiresAt) },
  });
}
