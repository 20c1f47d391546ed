// Attachments without a database: type sniffing on tiny hand-made files, names, the download
// headers, the storage root and the upload form parser.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ALLOWED_ATTACHMENT_TYPES,
  MAX_ATTACHMENT_BYTES,
  sanitizeFileName,
  sniffAttachment,
  storageDir,
} from '~/services/attachments/attachments.server';
import { attachmentResponse, contentDisposition } from '~/services/attachments/download.server';
import { parseUploadForm, uploadRefusalStatus } from '~/services/attachments/upload-form.server';

const ascii = (s: string) => new TextEncoder().encode(s);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function le(value: number, size: 2 | 4): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (value >>> (8 * i)) & 0xff;
  return out;
}

function be32(value: number): Uint8Array {
  return Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

// %PDF header, one object, a trailer and %%EOF
const pdf = () =>
  ascii('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

// signature, IHDR (1×1, 8-bit RGB) with its CRC, IEND
function png(): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const body = concat(ascii(type), data);
    return concat(be32(data.byteLength), body, be32(crc32(body)));
  };
  const ihdr = concat(be32(1), be32(1), Uint8Array.of(8, 2, 0, 0, 0));
  return concat(
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk('IHDR', ihdr),
    chunk('IEND', new Uint8Array(0)),
  );
}

// SOI, APP0 JFIF segment, EOI
const jpeg = () =>
  concat(
    Uint8Array.of(0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10),
    ascii('JFIF\0'),
    Uint8Array.of(1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9),
  );

const gif = () => concat(ascii('GIF89a'), Uint8Array.of(1, 0, 1, 0, 0, 0, 0, 0x3b));

const webp = () => {
  const vp8 = concat(ascii('VP8 '), le(10, 4), new Uint8Array(10));
  return concat(ascii('RIFF'), le(4 + vp8.byteLength, 4), ascii('WEBP'), vp8);
};

/** A zip archive with stored (uncompressed) entries. */
function storedZip(entries: Record<string, string>): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const nameBytes = ascii(name);
    const data = ascii(text);
    const crc = crc32(data);
    // version, flags, method 0 (stored), time, date, crc, sizes, name length, extra length
    const common = concat(
      le(20, 2),
      le(0, 2),
      le(0, 2),
      le(0, 2),
      le(0x21, 2),
      le(crc, 4),
      le(data.byteLength, 4),
      le(data.byteLength, 4),
      le(nameBytes.byteLength, 2),
      le(0, 2),
    );
    const local = concat(le(0x04034b50, 4), common, nameBytes, data);
    centrals.push(
      concat(
        le(0x02014b50, 4),
        le(20, 2),
        common,
        le(0, 2), // comment length
        le(0, 2), // disk
        le(0, 2), // internal attributes
        le(0, 4), // external attributes
        le(offset, 4),
        nameBytes,
      ),
    );
    locals.push(local);
    offset += local.byteLength;
  }
  const central = concat(...centrals);
  const end = concat(
    le(0x06054b50, 4),
    le(0, 2),
    le(0, 2),
    le(centrals.length, 2),
    le(centrals.length, 2),
    le(central.byteLength, 4),
    le(offset, 4),
    le(0, 2),
  );
  return concat(...locals, central, end);
}

const contentTypes = (main: string) =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  `<Override PartName="/main.xml" ContentType="${main}"/></Types>`;

const docx = () =>
  storedZip({
    '[Content_Types].xml': contentTypes(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
    ),
    'word/document.xml': '<w:document/>',
  });

const xlsx = () =>
  storedZip({
    '[Content_Types].xml': contentTypes(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
    ),
    'xl/workbook.xml': '<workbook/>',
  });

const docm = () =>
  storedZip({
    '[Content_Types].xml': contentTypes('application/vnd.ms-word.document.macroEnabled.main+xml'),
    'word/document.xml': '<w:document/>',
  });

/** An OLE compound file header followed by a directory entry named `stream`. */
function cfb(stream: string): Uint8Array {
  const header = new Uint8Array(512);
  header.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const entry = new Uint8Array(128);
  entry.set(new Uint8Array(Buffer.from(stream, 'utf16le')));
  return concat(header, entry);
}

const exe = () => concat(ascii('MZ'), new Uint8Array(62), ascii('This program cannot be run'));

describe('sniffAttachment', () => {
  it.each([
    ['方案.pdf', pdf(), 'pdf', 'application/pdf'],
    ['photo.png', png(), 'png', 'image/png'],
    ['photo.jpg', jpeg(), 'jpg', 'image/jpeg'],
    ['anim.gif', gif(), 'gif', 'image/gif'],
    ['pic.webp', webp(), 'webp', 'image/webp'],
    ['技术方案.docx', docx(), 'docx', ALLOWED_ATTACHMENT_TYPES.docx.mimeType],
    ['预算.xlsx', xlsx(), 'xlsx', ALLOWED_ATTACHMENT_TYPES.xlsx.mimeType],
    ['old.doc', cfb('WordDocument'), 'doc', 'application/msword'],
    ['OLD.XLS', cfb('Workbook'), 'xls', 'application/vnd.ms-excel'],
    ['slides.ppt', cfb('PowerPoint Document'), 'ppt', 'application/vnd.ms-powerpoint'],
  ])('accepts %s', async (name, bytes, extension, mimeType) => {
    expect(await sniffAttachment(bytes, name)).toEqual({ ok: true, extension, mimeType });
  });

  it('goes by the content: a real PDF named .png is a PDF', async () => {
    expect(await sniffAttachment(pdf(), 'scan.png')).toEqual({
      ok: true,
      extension: 'pdf',
      mimeType: 'application/pdf',
    });
  });

  it.each([
    ['a text file renamed .pdf', ascii('just some text, not a PDF\n'), 'notes.pdf'],
    ['an MZ executable renamed .docx', exe(), 'report.docx'],
    ['an MZ executable renamed .pdf', exe(), 'report.pdf'],
    ['a plain zip renamed .docx', storedZip({ 'a.txt': 'hello' }), 'a.docx'],
    ['a macro-enabled Word file', docm(), 'macro.docx'],
    ['a compound file not named .doc/.xls/.ppt', cfb('WordDocument'), 'setup.msi'],
    ['a compound file named .docx (encrypted OOXML)', cfb('EncryptedPackage'), 'secret.docx'],
    ['a compound file named .doc without a Word stream', cfb('SummaryInformation'), 'x.doc'],
    ['an SVG image', ascii('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'x.svg'],
  ])('refuses %s', async (_label, bytes, name) => {
    expect(await sniffAttachment(bytes, name)).toEqual({ ok: false, error: 'type' });
  });

  it('refuses an empty file', async () => {
    expect(await sniffAttachment(new Uint8Array(0), 'empty.pdf')).toEqual({
      ok: false,
      error: 'empty',
    });
  });

  it('accepts 20 MB and refuses 20 MB + 1 byte', async () => {
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(pdf());
    expect(await sniffAttachment(big.subarray(0, MAX_ATTACHMENT_BYTES), 'big.pdf')).toMatchObject({
      ok: true,
      extension: 'pdf',
    });
    expect(await sniffAttachment(big, 'big.pdf')).toEqual({ ok: false, error: 'too_large' });
  });
});

describe('sanitizeFileName', () => {
  it('keeps only the last path segment', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\张三\\方案.pdf')).toBe('方案.pdf');
  });

  it('drops control and bidi-override characters', () => {
    expect(sanitizeFileName('a\u0000b.pdf')).toBe('ab.pdf');
    expect(sanitizeFileName('line\r\nbreak.pdf')).toBe('linebreak.pdf');
    expect(sanitizeFileName('evil\u202Efdp.exe')).toBe('evilfdp.exe');
  });

  it('keeps Chinese and trims', () => {
    expect(sanitizeFileName('  技术方案 v2.pdf ')).toBe('技术方案 v2.pdf');
  });

  it('leaves nothing of a bare dot name', () => {
    expect(sanitizeFileName('..')).toBe('');
    expect(sanitizeFileName('a/')).toBe('');
  });

  it('shortens to 200 characters, keeping the extension', () => {
    const long = sanitizeFileName(`${'长'.repeat(300)}.docx`);
    expect(Array.from(long)).toHaveLength(200);
    expect(long.endsWith('长.docx')).toBe(true);
  });

  it('replaces lone surrogates', () => {
    expect(sanitizeFileName('a\uD800b.pdf')).toBe('a\uFFFDb.pdf');
  });
});

describe('download headers', () => {
  it('encodes a Chinese name in filename* with an ASCII fallback', () => {
    expect(contentDisposition('技术方案 v2.pdf')).toBe(
      `attachment; filename="____ v2.pdf"; filename*=UTF-8''%E6%8A%80%E6%9C%AF%E6%96%B9%E6%A1%88%20v2.pdf`,
    );
  });

  it('cannot break out of the quoted fallback or the header', () => {
    const value = contentDisposition('a"b%c\r\n(1)\'*.pdf');
    expect(value).toBe(
      `attachment; filename="a_b_c(1)'*.pdf"; filename*=UTF-8''a%22b%25c%281%29%27%2A.pdf`,
    );
  });

  it('sets type, length, disposition, nosniff and no-store', async () => {
    const bytes = pdf();
    const response = attachmentResponse(
      { originalName: '技术方案 v2.pdf', mimeType: 'application/pdf', sizeBytes: bytes.byteLength },
      new Blob([bytes]).stream(),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/pdf');
    expect(response.headers.get('Content-Length')).toBe(String(bytes.byteLength));
    expect(response.headers.get('Content-Disposition')).toBe(contentDisposition('技术方案 v2.pdf'));
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });

  it('serves an unknown stored type as octet-stream', () => {
    const response = attachmentResponse(
      { originalName: 'x.html', mimeType: 'text/html', sizeBytes: 0 },
      new Blob([]).stream(),
    );
    expect(response.headers.get('Content-Type')).toBe('application/octet-stream');
  });
});

describe('storageDir', () => {
  const saved = process.env.STORAGE_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.STORAGE_DIR;
    else process.env.STORAGE_DIR = saved;
  });

  it('resolves and creates the configured folder', () => {
    const base = mkdtempSync(path.join(tmpdir(), 'jiebang-storage-'));
    try {
      process.env.STORAGE_DIR = path.join(base, 'nested', 'files');
      expect(storageDir()).toBe(path.join(base, 'nested', 'files'));
      expect(existsSync(path.join(base, 'nested', 'files'))).toBe(true);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it.each(['public', './public/uploads', 'build/client/files'])('refuses %s', (dir) => {
    process.env.STORAGE_DIR = dir;
    expect(() => storageDir()).toThrow(/outside the public and build folders/);
  });
});

describe('parseUploadForm', () => {
  const formRequest = (form: FormData, headers: Record<string, string> = {}) => {
    const request = new Request('http://localhost/upload', { method: 'POST', body: form });
    for (const [k, v] of Object.entries(headers)) request.headers.set(k, v);
    return request;
  };
  // the needs page's form: one file field, its messages under needs.errors
  const parseNeedsForm = (request: Request) =>
    parseUploadForm(request, { fileFields: ['file'], errors: 'needs.errors' });
  const formTooLarge = {
    ok: false,
    error: 'upload_too_large',
    key: 'needs.errors.upload_too_large',
  };

  it('returns the fields and the file', async () => {
    const form = new FormData();
    form.set('title', '方案');
    form.set('file', new File([pdf()], '技术方案.pdf', { type: 'application/pdf' }));
    const result = await parseNeedsForm(formRequest(form));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.formData.get('title')).toBe('方案');
    const file = result.formData.get('file');
    expect(file).toBeInstanceOf(File);
    expect((file as File).name).toBe('技术方案.pdf');
    expect(new Uint8Array(await (file as File).arrayBuffer())).toEqual(pdf());
  });

  it('refuses a part above 20 MB on its field, with the page message', async () => {
    const form = new FormData();
    form.set('file', new File([new Uint8Array(MAX_ATTACHMENT_BYTES + 1)], 'big.pdf'));
    const result = await parseUploadForm(formRequest(form), {
      fileFields: ['file', 'other'],
      errors: 'needs.errors',
    });
    expect(result).toEqual({
      ok: false,
      error: 'upload_too_large',
      key: 'needs.errors.upload_too_large',
      field: 'file',
    });
    expect(result.ok || uploadRefusalStatus(result)).toBe(413);
  });

  it('refuses a declared Content-Length above the form limit without reading', async () => {
    const form = new FormData();
    form.set('file', new File([pdf()], 'a.pdf'));
    const request = formRequest(form, { 'Content-Length': String(2 * MAX_ATTACHMENT_BYTES) });
    expect(await parseNeedsForm(request)).toEqual(formTooLarge);
    expect(request.bodyUsed).toBe(false);
  });

  it('enforces the form limit while reading a body without a declared length', async () => {
    const form = new FormData();
    const part = new Uint8Array(15 * 1024 * 1024);
    form.append('file', new File([part], 'a.pdf'));
    form.append('file', new File([part], 'b.pdf'));
    const request = formRequest(form);
    expect(request.headers.get('Content-Length')).toBeNull();
    expect(await parseNeedsForm(request)).toEqual(formTooLarge);
  });

  it('drops files sent under another name', async () => {
    const form = new FormData();
    form.set('file', new File([pdf()], 'a.pdf'));
    form.set('sneaky', new File([pdf()], 'b.pdf'));
    const result = await parseNeedsForm(formRequest(form));
    expect(result.ok && [...result.formData.keys()]).toEqual(['file']);
  });

  it('answers malformed to a body that is not multipart', async () => {
    const request = new Request('http://localhost/upload', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'file=x',
    });
    const result = await parseNeedsForm(request);
    expect(result).toEqual({
      ok: false,
      error: 'upload_malformed',
      key: 'needs.errors.upload_malformed',
    });
    expect(result.ok || uploadRefusalStatus(result)).toBe(400);
  });
});
