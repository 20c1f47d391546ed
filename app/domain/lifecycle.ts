/**
 * Shared machinery for the lifecycle modules. Each lifecycle is a plain data table so that
 * the rules can be read, tested exhaustively and shown to auditors without reading code.
 */

export type TransitionTable<S extends string, A extends string, R extends string> = Record<
  S,
  Partial<Record<A, { to: S; by: readonly R[] }>>
>;

export type TransitionErrorCode = 'INVALID_TRANSITION' | 'FORBIDDEN_ACTOR';

export class TransitionError extends Error {
  readonly code: TransitionErrorCode;
  readonly from: string;
  readonly action: string;
  readonly actor: string;

  constructor(code: TransitionErrorCode, from: string, action: string, actor: string) {
    super(
      code === 'INVALID_TRANSITION'
        ? `Action "${action}" is not allowed from status "${from}"`
        : `Role "${actor}" may not perform "${action}" from status "${from}"`,
    );
    this.name = 'TransitionError';
    this.code = code;
    this.from = from;
    this.action = action;
    this.actor = actor;
  }
}

// Statuses and actions arrive from the database and from form posts, so a lookup must not
// fall through to Object.prototype ("constructor", "__proto__" …) and accept a bogus action.
function ownEntry<T extends object>(record: T, key: string): T[keyof T] | undefined {
  return Object.prototype.hasOwnProperty.call(record, key)
    ? (record as Record<string, T[keyof T]>)[key]
    : undefined;
}

/**
 * Returns the status reached by `action`. The status check comes before the actor check so
 * that a caller learns "this can't happen now" rather than "you may not", which would leak
 * nothing but would mislead the UI into offering the action to another role.
 */
export function applyTransition<S extends string, A extends string, R extends string>(
  table: TransitionTable<S, A, R>,
  from: S,
  action: A,
  actor: R,
): S {
  const actions = ownEntry(table, from);
  const edge = actions ? ownEntry(actions, action) : undefined;
  if (!edge) throw new TransitionError('INVALID_TRANSITION', from, action, actor);
  if (!edge.by.includes(actor)) throw new TransitionError('FORBIDDEN_ACTOR', from, action, actor);
  return edge.to;
}

/** Actions `actor` may take from `from`, in table order (which is the order the UI shows). */
export function allowedActions<S extends string, A extends string, R extends string>(
  table: TransitionTable<S, A, R>,
  from: S,
  actor: R,
): A[] {
  const actions = ownEntry(table, from);
  if (!actions) return [];
  const result: A[] = [];
  for (const action of Object.keys(actions) as A[]) {
    const edge = actions[action];
    if (edge && edge.by.includes(actor)) result.push(action);
  }
  return result;
}

/** Yes/no form of applyTransition for views that only decide whether to offer an action. */
export function canTransition<S extends string, A extends string, R extends string>(
  table: TransitionTable<S, A, R>,
  from: S,
  action: A,
  actor: R,
): boolean {
  try {
    applyTransition(table, from, action, actor);
    return true;
  } catch (error) {
    if (error instanceof TransitionError) return false;
    throw error;
  }
}

/**
 * A lifecycle's two questions bound to its table: the status an action reaches (or a
 * TransitionError), and the actions a role may take now.
 */
export function lifecycle<S extends string, A extends string, R extends string>(
  table: TransitionTable<S, A, R>,
): { transition: (from: S, action: A, actor: R) => S; allowed: (from: S, actor: R) => A[] } {
  return {
    transition: (from, action, actor) => applyTransition(table, from, action, actor),
    allowed: (from, actor) => allowedActions(table, from, actor),
  };
}
