// The standing hostile-input suite (issue 10, points 1, 2 and 12). Every action of the
// authorization matrix is called in-process, anonymously and as an actor the matrix lets in,
// with bodies fast-check makes hostile: list indices in the millions, unknown names, NUL and
// other control characters, 1 MB strings, files where text belongs, names of the wrong shape,
// fields left out or sent several times, Conform list buttons with absurd indices, and bodies
// that are not forms at all. Every value a body gives a field the schema knows is one that
// field refuses, so no body is valid. Asserted: no 5xx and no thrown error other than a
// Response; no row written in the main tables; each answer within a time bound and a size
// bound (nothing echoed beyond its field's limit).
//
// CI runs 200 bodies per action (CI is set); locally HOSTILE_RUNS (default 25).
// The forms (SCHEMAS), names and hostile bodies are in tests/hostile-input/forms.ts.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { ACTORS, MATRIX, type Actor, type Fixtures, type MatrixEntry } from './authz-matrix';
import { actorCookies, loadFixtures, loadRoute, type RouteModule } from './authz-harness';
import { PAYMENT_INTENTS } from '~/forms/payments';
import { body, encode, INTENT_FORMS, KNOWN, LISTS, type Body } from './hostile-input/forms';

const RUNS = process.env.CI ? 200 : Number(process.env.HOSTILE_RUNS ?? 25);
/**
 * The answer to a ~200-byte body with an index in the millions (issue 10, finding a) must not
 * build a list that long: the heap may not grow by more than this. Times are printed, never
 * asserted (a shared 2-core machine pauses; `npm run bench` is where speed is judged).
 */
const MAX_HEAP_GROWTH = 20 * 1024 * 1024;
/** Every form's fields at their limits come to less; a 1 MB value echoed would not. */
const MAX_ANSWER_CHARS = 100_000;

/** Each route's 95th-percentile answer time to hostile bodies, printed at the end. */
const slowest: string[] = [];

afterAll(async () => {
  if (slowest.length) console.log(`hostile bodies, answer times: ${slowest.join('; ')}`);
  await db.$disconnect();
});

let fixtures: Fixtures;
let cookies: Map<Actor, string>;
beforeAll(async () => {
  fixtures = await loadFixtures();
  cookies = await actorCookies();
});

function post(route: string, actor: Actor, payload: { body: BodyInit; contentType?: string }) {
  const headers = new Headers();
  const cookie = cookies.get(actor);
  if (cookie) headers.set('Cookie', cookie);
  if (payload.contentType) headers.set('Content-Type', payload.contentType);
  return new Request(`http://localhost/${route}`, { method: 'POST', headers, body: payload.body });
}

// ---------------------------------------------------------------------------------------------
// Calls and what they must not do

type Answer = {
  status: number;
  chars: number;
  ms: number;
  thrown?: unknown;
  value: unknown;
  /** the answer as sent: a Response's body, or the data as JSON */
  text: string;
};

async function call(mod: RouteModule, request: Request, params: Record<string, string>) {
  const start = performance.now();
  let value: unknown;
  let thrown: unknown;
  try {
    value = await mod.action!({ request, params, context: {} });
  } catch (error) {
    thrown = error;
    value = error;
  }
  const ms = performance.now() - start;
  let status = 200;
  let text = '';
  if (value instanceof Response) {
    status = value.status;
    text = await value.text();
  } else if (!(value instanceof Error)) {
    const init = (value as { init?: { status?: number } } | null)?.init;
    if (init?.status) status = init.status;
    text = JSON.stringify(value ?? null) ?? '';
  }
  return { status, chars: text.length, ms, thrown, value, text } satisfies Answer;
}

function expectHarmless(a: Answer, what: string) {
  if (a.thrown !== undefined && !(a.thrown instanceof Response))
    throw new Error(`${what}: threw ${String((a.thrown as Error)?.stack ?? a.thrown)}`);
  expect(a.status, `${what}: status`).toBeLessThan(500);
  expect(a.chars, `${what}: answer size`).toBeLessThan(MAX_ANSWER_CHARS);
}

/** The tables a form could write to; sessions and notifications' read marks aside. */
async function rowCounts() {
  const d = db as unknown as Record<string, { count: () => Promise<number> }>;
  const models = [
    'organization',
    'user',
    'passwordResetToken',
    'mailMessage',
    'auditEvent',
    'attachment',
    'invitation',
    'application',
    'reviewCriterion',
    'reviewAssignment',
    'assignmentReminder',
    'score',
    'award',
    'appeal',
    'challenge',
    'challengeTarget',
    'needReview',
    'matchingEvent',
    'eventChallenge',
    'match',
    'question',
    'contract',
    'techRegistration',
    'offer',
    'milestone',
    'disbursement',
    'ledgerEntry',
    'outboxJob',
    'alertSubscription',
  ];
  const counts = await Promise.all(models.map((m) => d[m]!.count()));
  return Object.fromEntries(models.map((m, i) => [m, counts[i]]));
}

/** Anonymous, and one actor the matrix lets through (the first, in the matrix's order). */
function actorsFor(entry: MatrixEntry): Actor[] {
  const allowed = ACTORS.find((a) => a !== 'anonymous' && entry.action[a] === 'ok');
  return allowed ? ['anonymous', allowed] : ['anonymous'];
}

const ACTION_ROUTES = Object.keys(MATRIX)
  .filter((r) => Object.values(MATRIX[r]!.action).some((o) => o !== 'none'))
  .sort();

async function setUp(route: string) {
  const mod = await loadRoute(route);
  expect(mod?.action, `${route} has an action`).toBeTruthy();
  const entry = MATRIX[route]!;
  const params = (await entry.params?.(fixtures)) ?? {};
  return { mod: mod!, entry, params };
}

describe(`hostile input (${inject('databaseKind')})`, () => {
  it('covers the forms of the app', () => {
    expect(ACTION_ROUTES.length).toBeGreaterThan(30);
    expect(LISTS).toEqual(
      expect.arrayContaining(['targets', 'members', 'milestones', 'criteria', 'scores']),
    );
  });

  for (const route of ACTION_ROUTES) {
    it(`${route}: an index of 10,000,000 is answered without growing memory`, async () => {
      const { mod, entry, params } = await setUp(route);
      for (const actor of actorsFor(entry)) {
        for (const name of ['targets[10000000]', 'members[9999999].name', 'junk[10000000]']) {
          // the least of three: the old parser grew every time, a late collection does not
          let growth = Infinity;
          for (let attempt = 0; attempt < 3; attempt++) {
            if (growth < MAX_HEAP_GROWTH) break;
            const payload = {
              body: new URLSearchParams([
                [name, 'x'],
                ['intent', 'x\u0000'],
              ]),
            };
            const heap = process.memoryUsage().heapUsed;
            const answer = await call(mod, post(route, actor, payload), params);
            growth = Math.min(growth, process.memoryUsage().heapUsed - heap);
            expectHarmless(answer, `${route} as ${actor} with ${name}`);
          }
          expect(growth, `${route} as ${actor} with ${name}: heap growth`).toBeLessThan(
            MAX_HEAP_GROWTH,
          );
        }
      }
    });

    it(`${route}: hostile bodies get no 5xx, write nothing, answer small`, () =>
      hostileBodies(route));
  }

  for (const [route, intent] of INTENT_FORMS)
    it(`${route} (intent ${intent}): hostile bodies get no 5xx, write nothing, answer small`, () =>
      hostileBodies(route, intent));

  // A form's answer names the row it belongs to by the id posted with it (`remedy-<awardId>`,
  // `<intent>:<milestoneId>`): found by the random bodies above (CI, seed 813699), an award id of
  // a megabyte came back whole. Every action, every id field too long, under each intent that
  // picks such a row.
  it('no action echoes an id or intent far longer than any record id', async () => {
    const ids = KNOWN.filter((name) => /Id$/.test(name));
    expect(ids).toEqual(expect.arrayContaining(['awardId', 'milestoneId', 'questionId']));
    // far beyond any id (64), so that no field's own echo (at most its limit) holds it
    const huge = 'x'.repeat(5_000);
    const intents = [
      ...[null, 'answer', 'hide', 'approve', 'reject', 'accept', 'confirm', 'deliver'],
      ...['stageGate', 'shortlist', 'decline', 'propose', ...PAYMENT_INTENTS, huge],
    ];
    // (the routes' fixtures are made first: they are rows too)
    const routes = [];
    for (const route of ACTION_ROUTES) routes.push({ route, ...(await setUp(route)) });
    const before = await rowCounts();
    for (const { route, mod, entry, params } of routes) {
      for (const actor of actorsFor(entry))
        for (const intent of intents) {
          const form = new URLSearchParams(ids.map((name) => [name, huge]));
          if (intent) form.set('intent', intent);
          const answer = await call(mod, post(route, actor, { body: form }), params);
          const what = `${route} as ${actor}, intent ${intent?.slice(0, 20)}`;
          expectHarmless(answer, what);
          expect(answer.text.includes(huge), `${what}: echoed`).toBe(false);
        }
    }
    expect(await rowCounts()).toEqual(before);
  });
});

/** Hostile bodies to `route`'s action, each sent with `intent` first when one is given. */
async function hostileBodies(route: string, intent?: string) {
  const { mod, entry, params } = await setUp(route);
  const actors = actorsFor(entry);
  const before = await rowCounts();
  const times: number[] = [];
  const what = intent ? `${route} (intent ${intent})` : route;
  await fc.assert(
    fc.asyncProperty(body, fc.constantFrom(...actors), async (b, actor) => {
      const sent: Body = intent ? { ...b, entries: [['intent', intent], ...b.entries] } : b;
      const answer = await call(mod, post(route, actor, encode(sent)), params);
      expectHarmless(answer, `${what} as ${actor}`);
      times.push(answer.ms);
    }),
    { numRuns: RUNS, endOnFailure: true },
  );
  expect(await rowCounts()).toEqual(before);
  times.sort((a, b) => a - b);
  // figures for the log, not verdicts: time on a shared machine is the bench's business
  slowest.push(`${what} p95 ${times[Math.floor(times.length * 0.95)]!.toFixed(0)} ms`);
}

// ---------------------------------------------------------------------------------------------
// Finding a, as reported: ~200 bytes, an index of 10,000,000

describe(`finding a: a 200-byte form with an index of 10,000,000 (${inject('databaseKind')})`, () => {
  /** The answer, and its time and memory growth: the least of up to three tries. */
  async function measure(route: string, actor: Actor, form: string) {
    expect(form.length).toBeLessThan(260);
    const { mod, params } = await setUp(route);
    let best: { answer: Answer; growth: { heap: number; rss: number } } | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const heap = process.memoryUsage().heapUsed;
      const rss = process.memoryUsage().rss;
      const answer = await call(
        mod,
        post(route, actor, {
          body: form,
          contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
        }),
        params,
      );
      const growth = {
        heap: process.memoryUsage().heapUsed - heap,
        rss: process.memoryUsage().rss - rss,
      };
      best = {
        answer: !best || answer.ms < best.answer.ms ? answer : best.answer,
        growth: {
          heap: Math.min(growth.heap, best?.growth.heap ?? Infinity),
          rss: Math.min(growth.rss, best?.growth.rss ?? Infinity),
        },
      };
      if (best.growth.heap < MAX_HEAP_GROWTH && best.growth.rss < MAX_HEAP_GROWTH) break;
    }
    return best!;
  }

  it('the need form answers with an error on the targets, within 20 MB', async () => {
    const before = await rowCounts();
    const { answer, growth } = await measure(
      'needs.new',
      'enterpriseA',
      'title=%E9%9C%80%E6%B1%82&field=%E6%96%B0%E6%9D%90%E6%96%99&background=b&bountyType=OPEN' +
        '&applicationDeadline=2099-01-01&implementationMonths=12&contactName=c&contactPhone=1' +
        '&targets[0]=t&targets[10000000]=x',
    );
    expectHarmless(answer, 'needs.new');
    expect(answer.value).toMatchObject({
      status: 'error',
      error: { targets: ['needs.errors.targetsTooMany'] },
    });
    expect(growth.heap).toBeLessThan(MAX_HEAP_GROWTH);
    expect(growth.rss).toBeLessThan(MAX_HEAP_GROWTH);
    expect(await rowCounts()).toEqual(before);
  });

  it('the sign-in form answers anonymously with a field error, within 20 MB', async () => {
    const { answer, growth } = await measure(
      'login',
      'anonymous',
      'password=x&junk[10000000]=x&members[9999999].name=x&targets[10000000]=x',
    );
    expectHarmless(answer, 'login');
    expect(answer.value).toMatchObject({
      status: 'error',
      error: { email: ['validation.required'] },
    });
    expect(answer.chars).toBeLessThan(1000);
    expect(growth.heap).toBeLessThan(MAX_HEAP_GROWTH);
    expect(growth.rss).toBeLessThan(MAX_HEAP_GROWTH);
  });

  it('a NUL byte in a text field is a field error and writes nothing', async () => {
    const before = await rowCounts();
    const { answer } = await measure(
      'needs.new',
      'enterpriseA',
      'title=%00&field=%E6%96%B0%E6%9D%90%E6%96%99&background=b%00c&bountyType=OPEN' +
        '&applicationDeadline=2099-01-01&implementationMonths=12&contactName=c&contactPhone=1' +
        '&targets[0]=t',
    );
    expectHarmless(answer, 'needs.new');
    expect(answer.value).toMatchObject({
      status: 'error',
      error: { title: ['validation.controlChars'], background: ['validation.controlChars'] },
    });
    expect(await rowCounts()).toEqual(before);
  });

  it('an answer echoes no value beyond its field limit (10 MB in, little out)', async () => {
    const { mod, params } = await setUp('password.forgot');
    const big = 'z'.repeat(10_000_000);
    const answer = await call(
      mod,
      post('password.forgot', 'anonymous', { body: new URLSearchParams([['email', big]]) }),
      params,
    );
    expectHarmless(answer, 'password.forgot');
    expect(answer.chars).toBeLessThan(1000);
  });
});
