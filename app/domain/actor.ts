import type { Role } from '~/domain/roles';

/** Who acts, as every service takes it: a user's id, role and organisation. */
export type Actor = { id: string; role: Role; organizationId: string };

/** The actor of a signed-in user (or of any row carrying those three fields). */
export function actorOf(user: { id: string; role: string; organizationId: string }): Actor {
  return { id: user.id, role: user.role as Role, organizationId: user.organizationId };
}
