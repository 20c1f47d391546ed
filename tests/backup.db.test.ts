// Backups on this run's engine, as an operator runs them (`npm run db:backup`, `npm run
// db:restore` as child processes): a seeded database of this file's own (the run's shared one
// changes under other files' tests meanwhile) with an uploaded attachment (a file on SQLite, in
// the database on PostgreSQL: docs/decisions/029) is backed up and restored into a fresh
// database and another storage folder; the programme's figures,
// `ledger:check` and the attachment's bytes come back the same. A backup altered by one byte,
// a database that holds records (without --force) and the other engine are refused, and
// nothing changes.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '~/lib/db.server';
import { saveAttachment } from '~/services/attachments/attachments.server';
import { openAttachment } from '~/services/attachments/download.server';
import { seed } from '~/services/programme/seed.server';
import { programmeFigures } from '~/services/programme/stats.server';
import { childEnv } from './app-server';
import { createTestDatabase, type TestDatabase } from './databases';
import { makeChallenge } from './factories';

const kind = inject('databaseKind');
const work = mkdtempSync(path.join(tmpdir(), 'jiebang-backup-'));
const backupDir = path.join(work, 'backup');
const restoredStorage = path.join(work, 'storage-restored');
const NOW = new Date('2026-12-06T00:00:00+08:00');

/** Runs one of the scripts as `npm run …` does, with DATABASE_URL and STORAGE_DIR set. */
function script(file: string, args: string[], env: { DATABASE_URL: string; STORAGE_DIR: string }) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', file, ...args], {
    env: childEnv(env),
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const ledgerCheck = (url: string) =>
  script('scripts/ledger-check.ts', [], { DATABASE_URL: url, STORAGE_DIR: restoredStorage });

/** The number of records of each kind, to tell whether a database changed. */
const counts = (d: Db) =>
  Promise.all([
    d.organization.count(),
    d.user.count(),
    d.challenge.count(),
    d.application.count(),
    d.contract.count(),
    d.disbursement.count(),
    d.ledgerEntry.count(),
    d.auditEvent.count(),
    d.attachment.count(),
  ]);

async function download(d: Db, id: string, storage: string): Promise<Buffer> {
  const saved = process.env.STORAGE_DIR;
  process.env.STORAGE_DIR = storage;
  try {
    const opened = await openAttachment(d, id);
    expect(opened).not.toBeNull();
    return Buffer.from(await new Response(opened!.stream).arrayBuffer());
  } finally {
    process.env.STORAGE_DIR = saved;
  }
}

/** A copy of the backup with one byte of `file` changed. */
function tampered(name: string, file: string): string {
  const copy = path.join(work, name);
  cpSync(backupDir, copy, { recursive: true });
  const target = path.join(copy, file);
  const bytes = readFileSync(target);
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  writeFileSync(target, bytes);
  return copy;
}

let source: TestDatabase;
let sourceUrl = '';
let db: Db;

describe(`backup and restore (${kind})`, () => {
  let target: TestDatabase;
  let restored: Db;
  let attachmentId: string;
  let storedName: string;
  const pdf = Buffer.concat([
    Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% '),
    randomBytes(4096),
    Buffer.from('\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n'),
  ]);

  beforeAll(async () => {
    source = await createTestDatabase(kind);
    sourceUrl = source.url;
    db = createDb(sourceUrl);
    await seed(db);
    target = await createTestDatabase(kind);
    restored = createDb(target.url);
    const challenge = await makeChallenge(db);
    const { attachment } = await saveAttachment(db, {
      ownerType: 'Challenge',
      ownerId: challenge.id,
      file: new File([pdf], '备份测试.pdf'),
    });
    attachmentId = attachment.id;
    storedName = attachment.storedName;
  }, 120_000);

  afterAll(async () => {
    await restored.$disconnect();
    await db.$disconnect();
    await target.drop();
    await source.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('backs up the database and the attachments into one directory with a manifest', () => {
    const r = script('scripts/backup.ts', ['--out', backupDir], {
      DATABASE_URL: sourceUrl,
      STORAGE_DIR: process.env.STORAGE_DIR!,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`backup: ${backupDir}`);
    const manifest = JSON.parse(readFileSync(path.join(backupDir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'jiebang-backup', engine: kind });
    expect(manifest.migrations.length).toBeGreaterThan(0);
    expect(manifest.database.sha256).toMatch(/^[0-9a-f]{64}$/);
    // SQLite keeps attachments as files; PostgreSQL in the database, so in the dump
    const asFile = {
      name: storedName,
      bytes: pdf.length,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    };
    if (kind === 'sqlite') expect(manifest.attachments.files).toContainEqual(asFile);
    else {
      expect(manifest.attachments.files).not.toContainEqual(asFile);
      expect(r.stdout).toContain('attachments kept in the database');
    }
    expect(manifest.attachments.count).toBe(manifest.attachments.files.length);
    // the secrets key stays out
    expect(JSON.stringify(manifest)).not.toMatch(/secrets\.key/);
  });

  it('restores into a fresh database with the same figures, ledger and attachment', async () => {
    const r = script('scripts/restore.ts', [backupDir], {
      DATABASE_URL: target.url,
      STORAGE_DIR: restoredStorage,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/SECRETS_KEY/);

    expect(await programmeFigures(restored, NOW)).toEqual(await programmeFigures(db, NOW));
    expect(await counts(restored)).toEqual(await counts(db));
    const before = ledgerCheck(sourceUrl);
    const after = ledgerCheck(target.url);
    expect(before.code).toBe(0);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('ledger: OK, no drift');
    expect(after.stdout).toBe(before.stdout);

    expect((await download(restored, attachmentId, restoredStorage)).equals(pdf)).toBe(true);
  });

  describe('refusals that change nothing', () => {
    const otherStorage = path.join(work, 'storage-untouched');
    let extraChallengeId: string;
    let countsBefore: number[];

    beforeAll(async () => {
      // the restored database now differs from the backup: a restore would show
      extraChallengeId = (await makeChallenge(restored)).id;
      countsBefore = await counts(restored);
    });

    const unchanged = async () => {
      expect(await counts(restored)).toEqual(countsBefore);
      expect(await restored.challenge.findUnique({ where: { id: extraChallengeId } })).not.toBe(
        null,
      );
      expect(existsSync(otherStorage)).toBe(false);
    };
    const restoreInto = (dir: string, ...flags: string[]) =>
      script('scripts/restore.ts', [dir, ...flags], {
        DATABASE_URL: target.url,
        STORAGE_DIR: otherStorage,
      });

    it('refuses a database that holds records, unless --force', async () => {
      const r = restoreInto(backupDir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^restore refused: the database at .* is not empty .*--force/);
      await unchanged();
    });

    it('refuses a backup whose dump was changed by one byte, even with --force', async () => {
      const dir = tampered(
        'tampered-dump',
        kind === 'sqlite' ? 'database.sqlite' : 'database.pgdump',
      );
      const r = restoreInto(dir, '--force');
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /restore refused: the backup is damaged or was altered: database\.\w+ does not match the SHA-256 in the manifest; nothing was restored/,
      );
      await unchanged();
    });

    it.runIf(kind === 'sqlite')(
      'refuses a backup whose attachment file was changed by one byte',
      async () => {
        const file = path.join('attachments', storedName.slice(0, 2), storedName);
        const r = restoreInto(tampered('tampered-file', file), '--force');
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`${file} does not match the SHA-256 in the manifest`);
        await unchanged();
      },
    );

    it('refuses the other engine with a clear message', async () => {
      const sqliteFile = path.join(work, 'other-engine.db');
      const other =
        kind === 'sqlite' ? 'postgresql://nobody@127.0.0.1:1/none' : `file:${sqliteFile}`;
      const r = script('scripts/restore.ts', [backupDir, '--force'], {
        DATABASE_URL: other,
        STORAGE_DIR: otherStorage,
      });
      expect(r.code).toBe(1);
      const [made, named] = kind === 'sqlite' ? ['SQLite', 'PostgreSQL'] : ['PostgreSQL', 'SQLite'];
      expect(r.stderr).toContain(
        `this backup is of a ${made} database and DATABASE_URL names a ${named} one`,
      );
      expect(existsSync(sqliteFile)).toBe(false);
      await unchanged();
    });

    it('with --force replaces the records with the backup', async () => {
      const r = restoreInto(backupDir, '--force');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('earlier records were replaced');
      expect(await restored.challenge.findUnique({ where: { id: extraChallengeId } })).toBe(null);
      expect(await programmeFigures(restored, NOW)).toEqual(await programmeFigures(db, NOW));
      rmSync(otherStorage, { recursive: true, force: true });
    });
  });
});
