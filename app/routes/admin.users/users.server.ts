// The users page: the list as the admin searched it, and the intents of its forms mapped to
// the account services. A refusal is answered as an error beside the form it came from.
import type { SubmissionResult } from '@conform-to/react';
import { redirect } from '@remix-run/node';
import { rowTarget } from '~/components/desk/results';
import { isManagedRole } from '~/domain/roles';
import { requestOrigin } from '~/lib/auth.server';
import { db } from '~/lib/db.server';
import { doneHere } from '~/lib/done';
import { parseFormData, readFormData, refusalErrors } from '~/lib/form.server';
import { directoryQuery, findUsers } from '~/services/accounts/directory.server';
import {
  inviteStaff,
  resetSecondFactor,
  setUserDisabled,
  setUserRole,
} from '~/services/accounts/users-admin.server';
import type { z } from 'zod';
import { schema } from './form';

export async function usersPage(request: Request, me: string) {
  const { q, page, filter: role } = directoryQuery(request.url, 'role', isManagedRole);
  const { users, total, pages } = await findUsers(db, { q, page, filter: role });
  return { me, q, role, page, pages, total, users };
}

export type ActionResult = {
  /** Which form the result belongs to: 'invite', 'user:<id>' or 'page'. */
  target: string;
  result: SubmissionResult<string[]>;
};

function targetOf(payload: Record<string, unknown>) {
  if (payload.intent === 'invite-staff') return 'invite';
  return rowTarget(payload, 'userId', 'user:');
}

const DONE = {
  'invite-staff': 'invited',
  disable: 'disabled',
  enable: 'enabled',
  'reset-2fa': 'secondFactorReset',
  role: 'roleChanged',
} as const;

function perform(value: z.output<typeof schema>, adminId: string, request: Request) {
  switch (value.intent) {
    case 'invite-staff':
      return inviteStaff(db, adminId, {
        name: value.name,
        email: value.email,
        role: value.role,
        origin: requestOrigin(request),
      });
    case 'disable':
    case 'enable':
      return setUserDisabled(db, adminId, value.userId, value.intent === 'disable');
    case 'reset-2fa':
      return resetSecondFactor(db, adminId, value.userId);
    case 'role':
      return setUserRole(db, adminId, value.userId, value.role);
  }
}

/**
 * Refusals are field or form errors shown beside the form, answered like any form result (as
 * login does); a change redirects back with its notice; only a body that is not a form at all
 * is a 400.
 */
export async function usersAction(request: Request, adminId: string): Promise<ActionResult> {
  const submission = parseFormData(await readFormData(request), { schema });
  const target = targetOf(submission.payload);
  if (submission.status !== 'success') return { target, result: submission.reply() };
  const result = await perform(submission.value, adminId, request);
  if (!result.ok) return { target, result: submission.reply(refusalErrors(result)) };
  throw redirect(doneHere('users', request, DONE[submission.value.intent]));
}
