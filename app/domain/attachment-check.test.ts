import { describe, expect, it } from 'vitest';
import { ALLOWED_ATTACHMENT_TYPES } from '~/services/attachments/attachments.server';
import {
  ATTACHMENT_ACCEPT,
  ATTACHMENT_EXTENSIONS,
  checkChosenFiles,
  MAX_ATTACHMENT_BYTES,
} from './attachment-check';

const MB = 1024 * 1024;

describe('checking chosen files in the browser', () => {
  it('accepts what the server accepts, up to 20 MB', () => {
    expect(checkChosenFiles([{ name: '方案.PDF', size: 20 * MB }])).toBeNull();
    expect(
      checkChosenFiles([
        { name: 'a.docx', size: 1 },
        { name: 'b.jpeg', size: 1 },
      ]),
    ).toBeNull();
    expect(checkChosenFiles([])).toBeNull();
  });

  it('refuses a file above the limit, and several that exceed it together', () => {
    expect(checkChosenFiles([{ name: 'big.pdf', size: 25 * MB }])).toBe('too_large');
    expect(checkChosenFiles([{ name: 'big.pdf', size: 20 * MB + 1 }])).toBe('too_large');
    expect(
      checkChosenFiles([
        { name: 'a.pdf', size: 12 * MB },
        { name: 'b.pdf', size: 12 * MB },
      ]),
    ).toBe('too_large');
  });

  it('refuses names the server would never accept', () => {
    for (const name of ['setup.exe', 'notes.txt', 'pdf', '.pdf', 'macro.docm', 'x.svg']) {
      expect(checkChosenFiles([{ name, size: 10 }]), name).toBe('type');
    }
  });

  it('names exactly the server’s types, and the limit the edge enforces', () => {
    const server = Object.values(ALLOWED_ATTACHMENT_TYPES).flatMap((t) => [...t.extensions]);
    expect([...ATTACHMENT_EXTENSIONS].sort()).toEqual(server.sort());
    expect(ATTACHMENT_ACCEPT.split(',')).toHaveLength(ATTACHMENT_EXTENSIONS.length);
    expect(MAX_ATTACHMENT_BYTES).toBe(20 * MB);
  });
});
