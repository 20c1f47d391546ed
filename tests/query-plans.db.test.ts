// Reads' query plans compiled once per exact request (patches/@prisma+client+6.19.3.patch,
// docs/decisions/038): Prisma's WebAssembly compiler took 15 % of a signed-in page's CPU. A read
// asked again is not compiled again; what a caller does with its result does not reach the
// next caller; writes are compiled every time, so each gets its own generated id and time.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';

const kind = inject('databaseKind');
const marker = `plan${randomBytes(4).toString('hex')}`;
let compiles = 0;
let restore = () => {};

type Compiler = { prototype: { compile(request: string): unknown } };

beforeAll(async () => {
  // the compiler the generated client loads (app/generated/*/internal/class.ts)
  const file = `@prisma/client/runtime/query_compiler_bg.${kind === 'postgresql' ? 'postgresql' : 'sqlite'}.mjs`;
  const runtime = (await import(/* @vite-ignore */ file)) as { QueryCompiler: Compiler };
  const proto = runtime.QueryCompiler.prototype;
  const compile = proto.compile;
  proto.compile = function (request: string) {
    compiles += 1;
    return compile.call(this, request);
  };
  restore = () => {
    proto.compile = compile;
  };
});

afterAll(async () => {
  restore();
  await db.$disconnect();
});

function event(n: number) {
  return db.matchingEvent.create({
    data: {
      slug: `${marker}-${n}`,
      name: `${marker} 对接会 ${n}`,
      industry: '新材料',
      date: new Date(Date.UTC(2026, 0, n)),
      place: '淄博',
      description: '—',
    },
    select: { id: true, slug: true },
  });
}

const byMarker = () =>
  db.matchingEvent.findMany({
    where: { slug: { startsWith: marker } },
    orderBy: { slug: 'asc' },
    select: { slug: true, name: true },
  });

describe(`query plans of reads, kept (${kind})`, () => {
  it('compiles a read once, and every write each time', async () => {
    const made = [await event(1), await event(2)];
    const writes = compiles;
    const third = await event(3);
    expect(compiles).toBe(writes + 1);
    // generated ids differ: a write's plan is not reused
    expect(new Set([...made, third].map((e) => e.id)).size).toBe(3);

    await byMarker();
    const once = compiles;
    const again = await byMarker();
    expect(compiles).toBe(once);
    expect(again.map((e) => e.slug)).toEqual([1, 2, 3].map((n) => `${marker}-${n}`));
    // another value is another request
    await db.matchingEvent.findFirst({ where: { slug: `${marker}-2` }, select: { slug: true } });
    expect(compiles).toBe(once + 1);
  });

  it('hands each caller a result of its own, and sees a write at once', async () => {
    const first = await byMarker();
    first.reverse();
    first.push({ slug: 'injected', name: '不该出现' });
    first[0]!.name = '改过';
    const second = await byMarker();
    expect(second.map((e) => e.slug)).toEqual([1, 2, 3].map((n) => `${marker}-${n}`));
    expect(second[0]!.name).toBe(`${marker} 对接会 1`);
    await event(4);
    expect((await byMarker()).map((e) => e.slug)).toContain(`${marker}-4`);
  });
});
