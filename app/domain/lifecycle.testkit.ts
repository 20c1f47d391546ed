/**
 * Test-only helper: checks a transition table twice over. First against a literal list of
 * expected edges (so a wrong table fails even if the code "agrees" with it), then every
 * state × action × role combination, the ones not listed included, against applyTransition
 * and allowedActions and against the module's own bound pair (`move`, `allowed`): every refusal
 * (with its code) and every list of offered actions (in order) is asserted there, so a
 * lifecycle test adds only the paths it walks (`journeys`), as data. A journey is written as the
 * path it takes, in the arrow notation of the edge titles with the actor after the action
 * (`DRAFT --submit/TEAM--> SUBMITTED --shortlist/REVIEWER--> SHORTLISTED`), so that every
 * status it passes through is checked, not only where it ends.
 */
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  applyTransition,
  TransitionError,
  type TransitionErrorCode,
  type TransitionTable,
} from './lifecycle';
import { ROLES, type Role } from './roles';

export type ExpectedEdge<S extends string, A extends string, R extends string> = readonly [
  from: S,
  action: A,
  to: S,
  by: readonly R[],
];

function sorted<T extends string>(values: readonly T[]): T[] {
  return [...values].sort();
}

function catchTransition(fn: () => unknown): TransitionError | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof TransitionError) return error;
    throw error;
  }
  return undefined;
}

export function expectTransitionError(
  fn: () => unknown,
  code: TransitionErrorCode,
): TransitionError {
  const error = catchTransition(fn);
  expect(error, 'expected a TransitionError').toBeInstanceOf(TransitionError);
  expect(error?.code).toBe(code);
  return error as TransitionError;
}

type Move<S, A, R> = (from: S, action: A, actor: R) => S;

/** One step of a journey: the move taken and the status it must reach. */
type Leg<S, A, R> = readonly [action: A, actor: R, to: S];

/**
 * Reads a journey written as `FROM --action/ACTOR--> TO --action/ACTOR--> TO …`, refusing a
 * status, action or actor the lifecycle does not declare (a typo would otherwise only show
 * as a puzzling refusal).
 */
function parseJourney<S extends string, A extends string, R extends string>(
  path: string,
  declared: { states: readonly S[]; actions: readonly A[]; roles: readonly R[] },
): { from: S; legs: Leg<S, A, R>[] } {
  const known = <T extends string>(list: readonly T[], value: string | undefined, what: string) => {
    if (!list.includes(value as T)) throw new Error(`journey "${path}": unknown ${what} ${value}`);
    return value as T;
  };
  const [first, ...rest] = path.trim().split(/\s+/);
  if (rest.length === 0 || rest.length % 2 !== 0)
    throw new Error(`journey "${path}": not STATUS --action/ACTOR--> STATUS …`);
  const legs: Leg<S, A, R>[] = [];
  for (let i = 0; i < rest.length; i += 2) {
    const step = /^--([^/]+)\/(.+)-->$/.exec(rest[i] ?? '');
    if (!step) throw new Error(`journey "${path}": "${rest[i]}" is not --action/ACTOR-->`);
    legs.push([
      known(declared.actions, step[1], 'action'),
      known(declared.roles, step[2], 'actor'),
      known(declared.states, rest[i + 1], 'status'),
    ]);
  }
  return { from: known(declared.states, first, 'status'), legs };
}

export function describeTransitionTable<
  S extends string,
  A extends string,
  R extends string,
>(opts: {
  name: string;
  table: TransitionTable<S, A, R>;
  states: readonly S[];
  actions: readonly A[];
  /** The actors tried on every edge; every platform role unless the lifecycle has its own. */
  roles?: readonly R[];
  /** Every edge; those from one status in the order the UI offers them (the table's order). */
  expected: readonly ExpectedEdge<S, A, R>[];
  /** The module's bound pair (lifecycle(table)), checked against the table like the kernel. */
  move: Move<S, A, R>;
  allowed: (from: S, actor: R) => readonly A[];
  /** Test title → a path (`FROM --action/ACTOR--> TO …`) that must pass through each status. */
  journeys?: Readonly<Record<string, string>>;
}): void {
  const { name, table, states, actions, expected, move, allowed } = opts;
  const roles = opts.roles ?? (ROLES as readonly Role[] as readonly R[]);

  const edgeFor = (from: S, action: A) => expected.find(([f, a]) => f === from && a === action);

  describe(`${name} transition table`, () => {
    it('has exactly the expected edges', () => {
      const normalise = (edges: readonly ExpectedEdge<S, A, R>[]) =>
        edges.map(([f, a, t, by]) => `${f} --${a}--> ${t} by ${sorted(by).join('|')}`).sort();
      const actual: ExpectedEdge<S, A, R>[] = [];
      for (const from of Object.keys(table) as S[]) {
        for (const [action, edge] of Object.entries(table[from]) as [
          A,
          { to: S; by: readonly R[] },
        ][]) {
          actual.push([from, action, edge.to, edge.by]);
        }
      }
      expect(normalise(actual)).toEqual(normalise(expected));
    });

    it('has a row for every status and no other', () => {
      expect(sorted(Object.keys(table) as S[])).toEqual(sorted(states));
    });

    it('uses only declared actions, roles and statuses, without duplicates', () => {
      for (const [from, action, to, by] of expected) {
        expect(states).toContain(from);
        expect(states).toContain(to);
        expect(actions).toContain(action);
        expect(by.length).toBeGreaterThan(0);
        expect(new Set(by).size).toBe(by.length);
        for (const role of by) expect(roles).toContain(role);
      }
    });

    it('uses every declared action somewhere', () => {
      for (const action of actions) {
        expect(
          expected.some(([, a]) => a === action),
          action,
        ).toBe(true);
      }
    });

    for (const from of states) {
      for (const action of actions) {
        const edge = edgeFor(from, action);
        const label = edge
          ? `${from} --${action}--> ${edge[2]} only by ${edge[3].join('|')}`
          : `${from} --${action}--> (invalid)`;
        it(label, () => {
          const viaTable: Move<S, A, R> = (f, a, r) => applyTransition(table, f, a, r);
          for (const role of roles) {
            for (const attempt of [viaTable, move]) {
              if (edge && edge[3].includes(role)) {
                expect(attempt(from, action, role)).toBe(edge[2]);
                continue;
              }
              const code = edge ? 'FORBIDDEN_ACTOR' : 'INVALID_TRANSITION';
              const error = expectTransitionError(() => attempt(from, action, role), code);
              expect(error.from).toBe(from);
              expect(error.action).toBe(action);
            }
          }
        });
      }
    }

    it('allowedActions lists the permitted actions for every status and role, in order', () => {
      for (const from of states) {
        for (const role of roles) {
          const want = expected
            .filter(([f, , , by]) => f === from && by.includes(role))
            .map(([, a]) => a);
          expect(allowedActions(table, from, role), `${from} / ${role}`).toEqual(want);
          expect(allowed(from, role), `${from} / ${role}`).toEqual(
            allowedActions(table, from, role),
          );
        }
      }
    });

    it('rejects statuses and actions that are not in the table, prototype keys included', () => {
      const bogus = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', ''];
      for (const role of roles) {
        for (const key of bogus) {
          expectTransitionError(
            () => applyTransition(table, key as S, actions[0] as A, role),
            'INVALID_TRANSITION',
          );
          expectTransitionError(
            () => applyTransition(table, states[0] as S, key as A, role),
            'INVALID_TRANSITION',
          );
          expect(allowedActions(table, key as S, role)).toEqual([]);
        }
      }
    });
  });

  const { journeys = {} } = opts;
  if (Object.keys(journeys).length === 0) return;
  describe(`${name} lifecycle`, () => {
    for (const [title, path] of Object.entries(journeys)) {
      it(title, () => {
        const { from, legs } = parseJourney(path, { states, actions, roles });
        let status = from;
        for (const [action, actor, to] of legs) {
          const reached = move(status, action, actor);
          expect(reached, `${status} --${action}/${actor}-->`).toBe(to);
          status = reached;
        }
      });
    }
  });
}
