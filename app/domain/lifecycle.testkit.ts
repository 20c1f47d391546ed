/**
 * Test-only helper: checks a transition table twice over. First against a literal list of
 * expected edges (so a wrong table fails even if the code "agrees" with it), then every
 * state × action × role combination, the ones not listed included, against applyTransition
 * and allowedActions and against the module's own bound pair (`move`, `allowed`). A lifecycle
 * test then declares its paths, refusals and offered actions as data (`journeys`, `refusals`,
 * `offers`) instead of writing the same describe/it blocks again.
 */
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  applyTransition,
  TransitionError,
  type TransitionErrorCode,
  type TransitionTable,
} from './lifecycle';

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

/** The status reached by taking `steps` in order from `from`: a path through a lifecycle. */
export function walk<S, A, R>(
  move: Move<S, A, R>,
  from: S,
  steps: readonly (readonly [A, R])[],
): S {
  return steps.reduce((status, [action, actor]) => move(status, action, actor), from);
}

/** Each row's move is refused with its code (the row names itself when it is not). */
export function expectRefused<S extends string, A extends string, R extends string>(
  move: Move<S, A, R>,
  rows: readonly (readonly [from: S, action: A, actor: R, code: TransitionErrorCode])[],
): void {
  for (const [from, action, actor, code] of rows) {
    const error = catchTransition(() => move(from, action, actor));
    expect(error?.code, `${from} --${action}--> by ${actor}`).toBe(code);
  }
}

type Refusal<S, A, R> = readonly [from: S, action: A, actor: R, code: TransitionErrorCode];

/** A path through the lifecycle: from `from`, taking `steps` in order, it reaches `to`. */
export type Journey<S, A, R> = { from: S; steps: readonly (readonly [A, R])[]; to: S };

export function describeTransitionTable<
  S extends string,
  A extends string,
  R extends string,
>(opts: {
  name: string;
  table: TransitionTable<S, A, R>;
  states: readonly S[];
  actions: readonly A[];
  roles: readonly R[];
  expected: readonly ExpectedEdge<S, A, R>[];
  /** The module's bound pair (lifecycle(table)), checked against the table like the kernel. */
  move: Move<S, A, R>;
  allowed: (from: S, actor: R) => readonly A[];
  /** Test title → a path that must reach its end. */
  journeys?: Readonly<Record<string, Journey<S, A, R>>>;
  /** Test title → moves that must be refused with their codes. */
  refusals?: Readonly<Record<string, readonly Refusal<S, A, R>[]>>;
  /** Test title → the actions offered to a role in a status, in the order the UI shows them. */
  offers?: Readonly<
    Record<string, readonly (readonly [from: S, actor: R, offered: readonly A[]])[]>
  >;
}): void {
  const { name, table, states, actions, roles, expected, move, allowed } = opts;

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

    it('allowedActions lists exactly the permitted actions for every status and role', () => {
      for (const from of states) {
        for (const role of roles) {
          const want = expected
            .filter(([f, , , by]) => f === from && by.includes(role))
            .map(([, a]) => a);
          expect(sorted(allowedActions(table, from, role)), `${from} / ${role}`).toEqual(
            sorted(want),
          );
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

  const { journeys = {}, refusals = {}, offers = {} } = opts;
  const cases = [journeys, refusals, offers].some((byTitle) => Object.keys(byTitle).length > 0);
  if (!cases) return;
  describe(`${name} lifecycle`, () => {
    for (const [title, { from, steps, to }] of Object.entries(journeys)) {
      it(title, () => expect(walk(move, from, steps)).toBe(to));
    }
    for (const [title, rows] of Object.entries(refusals)) {
      it(title, () => expectRefused(move, rows));
    }
    for (const [title, rows] of Object.entries(offers)) {
      it(title, () => {
        for (const [from, actor, offered] of rows) {
          expect(allowed(from, actor), `${from} / ${actor}`).toEqual(offered);
        }
      });
    }
  });
}
