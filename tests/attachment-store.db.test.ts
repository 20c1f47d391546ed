// The two attachment stores (docs/decisions/029) on this run's engine: files under STORAGE_DIR
// and chunks in the database. On either, an upload comes back byte for byte; refused uploads
// leave nothing; in the database, a rollback leaves no chunk, the chunks go with their row and a
// download of the largest file holds about one chunk in memory at a time. Then
// `npm run attachments:migrate` copies a files installation into the database, checked, and
// again without copying twice.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, db, type Db } from '~/lib/db.server';
import {
  attachmentStoreKind,
  type AttachmentStoreKind,
} from '~/lib/storage/attachment-store.server';
import { CHUNK_BYTES } from '~/lib/storage/database-store.server';
import {
  MAX_ATTACHMENT_BYTES,
  saveAttachment,
  storedPath,
} from '~/services/attachments/attachments.server';
import { openAttachment } from '~/services/attachments/download.server';
import { command } from '~/services/kernel/command.server';
import { Refused } from '~/services/kernel/refusal';
import { childEnv } from './app-server';
import { createTestDatabase, type TestDatabase } from './databases';
import { makeChallenge } from './factories';

const kind = inject('databaseKind');
const saved = { dir: process.env.STORAGE_DIR, store: process.env.ATTACHMENT_STORE };
const storage = mkdtempSync(path.join(tmpdir(), 'jiebang-store-'));

function useStore(store: AttachmentStoreKind) {
  process.env.ATTACHMENT_STORE = store;
}

beforeAll(() => {
  process.env.STORAGE_DIR = storage;
});

afterAll(async () => {
  for (const [k, v] of [
    ['STORAGE_DIR', saved.dir],
    ['ATTACHMENT_STORE', saved.store],
  ] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rmSync(storage, { recursive: true, force: true });
  await db.$disconnect();
});

/** A PDF of `size` bytes: a real header and trailer around random bytes. */
function pdf(size: number): Buffer<ArrayBuffer> {
  const head = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ');
  const tail = Buffer.from('\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
  return Buffer.concat([
    head,
    randomBytes(size - head.length - tail.length),
    tail,
  ]) as Buffer<ArrayBuffer>;
}

async function download(client: Db, id: string): Promise<Buffer> {
  const opened = await openAttachment(client, id);
  expect(opened).not.toBeNull();
  return Buffer.from(await new Response(opened!.stream).arrayBuffer());
}

const chunksOf = (attachmentId: string, client: Db = db) =>
  client.attachmentBlob.count({ where: { attachmentId } });

it(`chooses the database on PostgreSQL and files on SQLite unless told (${kind})`, () => {
  expect(attachmentStoreKind({ DATABASE_URL: 'postgresql://x@h/d' })).toBe('database');
  expect(attachmentStoreKind({ DATABASE_URL: 'file:./data/x.db' })).toBe('files');
  expect(
    attachmentStoreKind({ DATABASE_URL: 'postgresql://x@h/d', ATTACHMENT_STORE: 'files' }),
  ).toBe('files');
  expect(() => attachmentStoreKind({ ATTACHMENT_STORE: 's3' })).toThrow(/files or database/);
});

describe.each(['files', 'database'] as const)(`the %s store (${kind})`, (store) => {
  let challengeId: string;
  beforeAll(async () => {
    useStore(store);
    challengeId = (await makeChallenge(db)).id;
  });
  const state = async () => ({
    rows: await db.attachment.count({ where: { ownerId: challengeId } }),
    chunks: await db.attachmentBlob.count({ where: { attachment: { ownerId: challengeId } } }),
  });
  const save = (file: File | null, client: Parameters<typeof saveAttachment>[0] = db) =>
    saveAttachment(client, { ownerType: 'Challenge', ownerId: challengeId, file });

  it('gives back the same bytes, over several chunks', async () => {
    useStore(store);
    const bytes = pdf(2 * CHUNK_BYTES + 17);
    const { attachment } = await save(new File([bytes], '方案.pdf'));
    expect(attachment.sizeBytes).toBe(bytes.byteLength);
    expect((await download(db, attachment.id)).equals(bytes)).toBe(true);
    expect(await chunksOf(attachment.id)).toBe(store === 'database' ? 3 : 0);
    if (store === 'database')
      expect(() => readFileSync(storedPath(attachment.storedName))).toThrow();
  });

  it.each([
    ['a text file renamed .pdf', () => new File(['not a pdf at all'], 'notes.pdf'), 'type'],
    ['more than 20 MB', () => new File([pdf(MAX_ATTACHMENT_BYTES + 1)], 'big.pdf'), 'too_large'],
    ['no file', () => null, 'empty'],
  ])('refuses %s as before and keeps nothing', async (_label, file, error) => {
    useStore(store);
    const before = await state();
    await expect(save(file())).rejects.toMatchObject({ code: `upload_${error}` });
    expect(await state()).toEqual(before);
  });

  it.runIf(store === 'database')(
    'leaves no row and no chunk when the transaction rolls back after the upload',
    async () => {
      useStore(store);
      const before = await state();
      const result = await command(db, { errors: 'needs.errors' }, async ({ tx }) => {
        await save(new File([pdf(CHUNK_BYTES + 1)], 'rolled-back.pdf'), tx);
        throw new Refused('notFound');
      });
      expect(result.ok).toBe(false);
      expect(await state()).toEqual(before);
    },
  );

  it.runIf(store === 'database')('removes the chunks with their row', async () => {
    useStore(store);
    const { attachment } = await save(new File([pdf(CHUNK_BYTES * 2)], 'gone.pdf'));
    expect(await chunksOf(attachment.id)).toBe(2);
    await db.attachment.delete({ where: { id: attachment.id } });
    expect(await chunksOf(attachment.id)).toBe(0);
    expect(await openAttachment(db, attachment.id)).toBeNull();
  });

  it('downloads a 20 MB file holding far less than the file in memory', async () => {
    useStore(store);
    const { attachment } = await save(new File([pdf(MAX_ATTACHMENT_BYTES)], 'largest.pdf'));
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const held = () => {
      gc();
      const m = process.memoryUsage();
      return m.heapUsed + m.arrayBuffers;
    };
    const opened = await openAttachment(db, attachment.id);
    const reader = opened!.stream.getReader();
    const base = held();
    let [total, peak, samples] = [0, 0, 0];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      // a collection costs: one look per MiB read
      if (Math.floor(total / 2 ** 20) > samples) {
        samples++;
        peak = Math.max(peak, held() - base);
      }
    }
    expect(total).toBe(MAX_ATTACHMENT_BYTES);
    expect(samples).toBe(20);
    // a whole file in memory would be 20 MB; a chunk is 256 KiB (PostgreSQL sends it as hex
    // text, which the driver decodes: a few copies of one chunk at most)
    expect(peak).toBeLessThan(MAX_ATTACHMENT_BYTES / 4);
  });
});

describe(`npm run attachments:migrate (${kind})`, () => {
  const files = path.join(storage, 'installation');
  let target: TestDatabase;
  let other: Db;
  const bytes = [pdf(CHUNK_BYTES * 3 + 5), pdf(4096), pdf(2048), pdf(1024)];
  let ids: string[] = [];

  /** `npm run attachments:migrate` against this block's database and files. */
  const migrate = (store: AttachmentStoreKind = 'database') => {
    const r = spawnSync(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'scripts/attachments-migrate.ts'],
      {
        env: childEnv({
          DATABASE_URL: target.url,
          STORAGE_DIR: files,
          ATTACHMENT_STORE: store,
        }),
        encoding: 'utf8',
      },
    );
    return { code: r.status, out: r.stdout, err: r.stderr };
  };

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    other = createDb(target.url);
    // an installation that kept its files under STORAGE_DIR
    process.env.STORAGE_DIR = files;
    useStore('files');
    const challenge = await makeChallenge(other);
    ids = [];
    for (const [i, b] of bytes.entries()) {
      const { attachment } = await saveAttachment(other, {
        ownerType: 'Challenge',
        ownerId: challenge.id,
        file: new File([b], `f${i}.pdf`),
      });
      ids.push(attachment.id);
    }
    const names = await other.attachment.findMany({ where: { id: { in: ids.slice(2) } } });
    const [altered, missing] = [ids[2], ids[3]].map((id) => names.find((n) => n.id === id)!);
    // one byte changed, same size; and a file lost
    const file = storedPath(altered!.storedName);
    const changed = readFileSync(file);
    changed[100] ^= 1;
    writeFileSync(file, changed);
    rmSync(storedPath(missing!.storedName));
    process.env.STORAGE_DIR = storage;
  }, 120_000);

  afterAll(async () => {
    await other.$disconnect();
    await target.drop();
  });

  it('serves a file left from before the switch until it is copied', async () => {
    useStore('database');
    process.env.STORAGE_DIR = files;
    try {
      expect(await chunksOf(ids[0]!, other)).toBe(0);
      expect((await download(other, ids[0]!)).equals(bytes[0]!)).toBe(true);
      expect(await openAttachment(other, ids[3]!)).toBeNull();
    } finally {
      process.env.STORAGE_DIR = storage;
    }
  });

  it('copies the files that match their rows and names the others', async () => {
    const r = migrate();
    expect(r.err).toBe('');
    expect(r.out).toContain(`copied: 2 (${bytes[0]!.length + bytes[1]!.length} bytes)`);
    expect(r.out).toContain('already in the database: 0');
    expect(r.out).toContain(`missing file: 1 (${ids[3]})`);
    expect(r.out).toContain(`not copied: 1 (${ids[2]})`);
    expect(r.code).toBe(1);

    useStore('database');
    for (const i of [0, 1]) expect((await download(other, ids[i]!)).equals(bytes[i]!)).toBe(true);
    expect(await chunksOf(ids[0]!, other)).toBe(4);
    expect(await chunksOf(ids[2]!, other)).toBe(0);
    expect(await openAttachment(other, ids[3]!)).toBeNull();
  }, 60_000);

  it('skips what is there when run again, and ends well once the broken rows are dealt with', async () => {
    const chunks = await other.attachmentBlob.count();
    const again = migrate();
    expect(again.out).toContain('copied: 0 (0 bytes)');
    expect(again.out).toContain('already in the database: 2');
    expect(await other.attachmentBlob.count()).toBe(chunks);

    await other.attachment.deleteMany({ where: { id: { in: [ids[2]!, ids[3]!] } } });
    const clean = migrate();
    expect(clean.out).toContain('already in the database: 2');
    expect(clean.code).toBe(0);
  }, 60_000);

  it('refuses when the settings keep attachments as files', () => {
    const r = migrate('files');
    expect(r.code).toBe(1);
    expect(r.err).toContain('attachments:migrate refused');
  });
});
