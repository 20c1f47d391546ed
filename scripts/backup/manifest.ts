// The backup's manifest (docs/decisions/023-backups.md): what a backup directory holds and the
// SHA-256 of every file in it, written last by `npm run db:backup` and checked in full by
// `npm run db:restore` before it touches anything.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export type Engine = 'sqlite' | 'postgresql';

export const MANIFEST_FILE = 'manifest.json';
export const ATTACHMENTS_DIR = 'attachments';
/** The dump's name in the backup directory, by engine. */
export const DATABASE_FILE: Record<Engine, string> = {
  sqlite: 'database.sqlite',
  postgresql: 'database.pgdump',
};

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const count = z.number().int().nonnegative();
/** A stored attachment's name (attachments.server.ts): kept under `<first two>/<name>`. */
const storedName = z.string().regex(/^[0-9a-f]{32}$/);

const manifestSchema = z.object({
  format: z.literal('jiebang-backup'),
  version: z.literal(1),
  createdAt: z.string(),
  engine: z.enum(['sqlite', 'postgresql']),
  /** Versions of what made the dump (`pg_dump`, the server; SQLite's library). */
  tools: z.record(z.string(), z.string()),
  /** The migrations applied in the dumped database, in the order they were applied. */
  migrations: z.array(z.string()),
  database: z.object({ file: z.string(), bytes: count, sha256: sha256Hex }),
  attachments: z.object({
    count,
    bytes: count,
    /** Digest of the file list (see listDigest), so the part has one SHA-256 as well. */
    sha256: sha256Hex,
    files: z.array(z.object({ name: storedName, bytes: count, sha256: sha256Hex })),
  }),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type FileEntry = Manifest['attachments']['files'][number];

/** Where an attachment lies under a root (the storage folder or the backup's attachments). */
export const attachmentPath = (root: string, name: string) =>
  path.join(root, name.slice(0, 2), name);

/** One SHA-256 for the whole attachments part: of `sha256  name\n` lines, sorted by name. */
export function listDigest(files: FileEntry[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => a.name.localeCompare(b.name)))
    hash.update(`${f.sha256}  ${f.name}\n`);
  return hash.digest('hex');
}

/** A file's SHA-256 and size, read as a stream (a dump may be large). */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).byteLength;
  }
  return { sha256: hash.digest('hex'), bytes };
}

/** A refusal: printed as it is, with exit code 1, before anything was changed. */
export class BackupRefused extends Error {}

/** Reads and checks the form of the manifest of the backup in `dir`; refuses anything else. */
export function readManifest(dir: string): Manifest {
  const manifestPath = path.join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath))
    throw new BackupRefused(`${dir} is not a backup: it has no ${MANIFEST_FILE}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch {
    throw new BackupRefused(`${manifestPath} is damaged: it is not valid JSON`);
  }
  const result = manifestSchema.safeParse(parsed);
  if (!result.success)
    throw new BackupRefused(
      `${manifestPath} is damaged or not a Jiebang backup manifest (${result.error.issues[0]?.path.join('.') || 'format'})`,
    );
  return result.data;
}

/**
 * Checks every part of the backup in `dir` against its manifest: the dump and each attachment
 * by size and SHA-256, the attachments' count and digest, and no file that the manifest does not
 * list. Throws BackupRefused naming the first fault found.
 */
export async function verifyParts(dir: string, manifest: Manifest): Promise<void> {
  const damaged = (what: string, why: string) =>
    new BackupRefused(`the backup is damaged or was altered: ${what} ${why}; nothing was restored`);
  const check = async (file: string, expected: { bytes: number; sha256: string }) => {
    const rel = path.relative(dir, file);
    if (!existsSync(file)) throw damaged(rel, 'is missing');
    const actual = await hashFile(file);
    if (actual.bytes !== expected.bytes)
      throw damaged(rel, `has ${actual.bytes} bytes, the manifest says ${expected.bytes}`);
    if (actual.sha256 !== expected.sha256)
      throw damaged(rel, 'does not match the SHA-256 in the manifest');
  };

  if (manifest.database.file !== DATABASE_FILE[manifest.engine])
    throw damaged(MANIFEST_FILE, `names the dump ${manifest.database.file}`);
  await check(path.join(dir, manifest.database.file), manifest.database);

  const { files } = manifest.attachments;
  if (files.length !== manifest.attachments.count)
    throw damaged(
      MANIFEST_FILE,
      `lists ${files.length} attachments but counts ${manifest.attachments.count}`,
    );
  if (listDigest(files) !== manifest.attachments.sha256)
    throw damaged(MANIFEST_FILE, "does not match its attachments' SHA-256");
  const root = path.join(dir, ATTACHMENTS_DIR);
  for (const f of files) await check(attachmentPath(root, f.name), f);

  const listed = new Set(files.map((f) => attachmentPath(root, f.name)));
  const expectedTop = new Set([MANIFEST_FILE, manifest.database.file, ATTACHMENTS_DIR]);
  const extra = readdirSync(dir).filter((n) => !expectedTop.has(n));
  if (existsSync(root))
    for (const e of readdirSync(root, { recursive: true, withFileTypes: true }))
      if (!e.isDirectory() && !listed.has(path.join(e.parentPath, e.name)))
        extra.push(path.relative(dir, path.join(e.parentPath, e.name)));
  if (extra.length > 0)
    throw damaged(extra[0], `is not listed in the manifest (${extra.length} such file(s))`);
}

/** Runs a command-line script: a refusal is one line and exit code 1, as is a failure. */
export async function runScript(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (error instanceof BackupRefused) console.error(`${name} refused: ${error.message}`);
    else console.error(`${name} failed: ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  }
}
