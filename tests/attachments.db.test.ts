// Attachments against the database, kept as files (ATTACHMENT_STORE=files, on both engines; the
// database store is tests/attachment-store.db.test.ts): a saved upload is a row and a file with
// the same digest, it comes back byte for byte with the right headers, and refused or failed
// uploads leave nothing.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { db, type Db } from '~/lib/db.server';
import { command } from '~/services/kernel/command.server';
import {
  findAttachment,
  saveAttachment,
  storageDir,
} from '~/services/attachments/attachments.server';
import {
  attachmentResponse,
  contentDisposition,
  openAttachment,
} from '~/services/attachments/download.server';
import { makeChallenge } from './factories';

const savedStorageDir = process.env.STORAGE_DIR;
const savedStore = process.env.ATTACHMENT_STORE;
const storage = mkdtempSync(path.join(tmpdir(), 'jiebang-attachments-'));

beforeAll(() => {
  // storageDir() reads STORAGE_DIR at each call
  process.env.STORAGE_DIR = storage;
  process.env.ATTACHMENT_STORE = 'files';
});

afterAll(async () => {
  if (savedStorageDir === undefined) delete process.env.STORAGE_DIR;
  else process.env.STORAGE_DIR = savedStorageDir;
  if (savedStore === undefined) delete process.env.ATTACHMENT_STORE;
  else process.env.ATTACHMENT_STORE = savedStore;
  rmSync(storage, { recursive: true, force: true });
  await db.$disconnect();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function storedFiles(): string[] {
  if (!existsSync(storage)) return [];
  return readdirSync(storage, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

const pdfBytes = new TextEncoder().encode(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

describe(`attachments (${inject('databaseKind')})`, () => {
  let challengeId: string;
  beforeAll(async () => {
    challengeId = (await makeChallenge(db)).id;
  });

  const rows = () =>
    db.attachment.count({ where: { ownerType: 'Challenge', ownerId: challengeId } });

  it('stores outside the app under a random name, then serves the same bytes', async () => {
    expect(storageDir()).toBe(storage);
    const file = new File([pdfBytes], '../技术方案 v2.pdf', { type: 'image/png' });
    const { attachment } = await saveAttachment(db, {
      ownerType: 'Challenge',
      ownerId: challengeId,
      file,
      uploadedById: null,
    });

    expect(attachment).toMatchObject({
      ownerType: 'Challenge',
      ownerId: challengeId,
      originalName: '技术方案 v2.pdf',
      mimeType: 'application/pdf',
      sizeBytes: pdfBytes.byteLength,
      sha256: sha256(pdfBytes),
    });
    expect(attachment.storedName).toMatch(/^[0-9a-f]{32}$/);
    const filePath = path.join(storage, attachment.storedName.slice(0, 2), attachment.storedName);
    expect(storedFiles()).toContain(filePath);
    expect(sha256(readFileSync(filePath))).toBe(attachment.sha256);

    const row = await findAttachment(db, attachment.id);
    expect(row).toEqual(attachment);

    const opened = await openAttachment(db, attachment.id);
    expect(opened).not.toBeNull();
    expect(opened!.attachment).toEqual(attachment);
    const response = attachmentResponse(opened!.attachment, opened!.stream);
    expect(response.headers.get('Content-Type')).toBe('application/pdf');
    expect(response.headers.get('Content-Length')).toBe(String(pdfBytes.byteLength));
    expect(response.headers.get('Content-Disposition')).toBe(contentDisposition('技术方案 v2.pdf'));
    expect(response.headers.get('Content-Disposition')).toContain(
      "filename*=UTF-8''%E6%8A%80%E6%9C%AF%E6%96%B9%E6%A1%88%20v2.pdf",
    );
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(pdfBytes);
  });

  it('gives each upload its own stored name, and adds the real extension to a misnamed file', async () => {
    const save = () =>
      saveAttachment(db, {
        ownerType: 'Challenge',
        ownerId: challengeId,
        file: new File([pdfBytes], 'scan.png'),
      });
    const [a, b] = [await save(), await save()];
    expect(a.attachment.storedName).not.toBe(b.attachment.storedName);
    expect(a.attachment.originalName).toBe('scan.png.pdf');
    expect(a.attachment.sha256).toBe(b.attachment.sha256);
  });

  it.each([
    ['a text file renamed .pdf', new File(['not a pdf at all'], 'notes.pdf'), 'type'],
    ['an executable renamed .docx', new File(['MZ\x90\x00\x03'], 'report.docx'), 'type'],
    ['an empty file', new File([], 'empty.pdf'), 'empty'],
    ['no file', null, 'empty'],
    ['a text value instead of a file', 'C:\\fakepath\\x.pdf', 'empty'],
  ])('refuses %s and leaves no row and no file', async (_label, file, error) => {
    const [rowsBefore, filesBefore] = [await rows(), storedFiles()];
    // a step of a command: the refusal carries the message of the command's page
    const result = await command(db, { errors: 'needs.errors' }, ({ tx }) =>
      saveAttachment(tx, { ownerType: 'Challenge', ownerId: challengeId, file, field: 'file' }),
    );
    expect(result).toEqual({
      ok: false,
      error: `upload_${error}`,
      key: `needs.errors.upload_${error}`,
      field: 'file',
    });
    expect(await rows()).toBe(rowsBefore);
    expect(storedFiles()).toEqual(filesBefore);
  });

  it('refuses more than 20 MB and leaves nothing', async () => {
    const [rowsBefore, filesBefore] = [await rows(), storedFiles()];
    const big = new Uint8Array(20 * 1024 * 1024 + 1);
    big.set(pdfBytes);
    await expect(
      saveAttachment(db, {
        ownerType: 'Challenge',
        ownerId: challengeId,
        file: new File([big], 'big.pdf'),
      }),
    ).rejects.toMatchObject({ name: 'Refused', code: 'upload_too_large' });
    expect(await rows()).toBe(rowsBefore);
    expect(storedFiles()).toEqual(filesBefore);
  });

  it('deletes the file when the row cannot be created', async () => {
    const filesBefore = storedFiles();
    const failing = {
      attachment: {
        create: () => Promise.reject(new Error('simulated insert failure')),
      },
    } as unknown as Db;
    await expect(
      saveAttachment(failing, {
        ownerType: 'Challenge',
        ownerId: challengeId,
        file: new File([pdfBytes], 'a.pdf'),
      }),
    ).rejects.toThrow('simulated insert failure');
    expect(storedFiles()).toEqual(filesBefore);
  });

  it('deletes the file when the database refuses the row', async () => {
    const [rowsBefore, filesBefore] = [await rows(), storedFiles()];
    // a real constraint failure: the row's storedName is unique, so reuse one inside the insert
    const existing = await db.attachment.findFirstOrThrow({ where: { ownerId: challengeId } });
    const clashing = {
      attachment: {
        create: (args: { data: Record<string, unknown> }) =>
          db.attachment.create({
            data: { ...args.data, storedName: existing.storedName } as never,
          }),
      },
    } as unknown as Db;
    await expect(
      saveAttachment(clashing, {
        ownerType: 'Challenge',
        ownerId: challengeId,
        file: new File([pdfBytes], 'a.pdf'),
      }),
    ).rejects.toThrow();
    expect(await rows()).toBe(rowsBefore);
    expect(storedFiles()).toEqual(filesBefore);
  });

  it('works inside a transaction', async () => {
    const before = await rows();
    const result = await db.$transaction((tx) =>
      saveAttachment(tx, {
        ownerType: 'Challenge',
        ownerId: challengeId,
        file: new File([pdfBytes], 'tx.pdf'),
      }),
    );
    expect(result.attachment.originalName).toBe('tx.pdf');
    expect(await rows()).toBe(before + 1);
  });

  it('answers null for an unknown id or a missing file', async () => {
    expect(await openAttachment(db, 'no-such-attachment')).toBeNull();
    const saved = await saveAttachment(db, {
      ownerType: 'Challenge',
      ownerId: challengeId,
      file: new File([pdfBytes], 'gone.pdf'),
    });
    const { storedName } = saved.attachment;
    rmSync(path.join(storage, storedName.slice(0, 2), storedName));
    expect(await openAttachment(db, saved.attachment.id)).toBeNull();
  });
});
