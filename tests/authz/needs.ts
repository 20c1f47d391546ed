import { deflateSync } from 'node:zlib';
import { saveAttachment } from '~/services/attachments/attachments.server';
import { all, none, staffOnly, type Fixtures, type MatrixEntry, type Row } from '../authz-rows';

const enterprises: Row = {
  ...all('forbidden'),
  anonymous: 'login',
  enterpriseA: 'ok',
  enterpriseB: 'ok',
};
/** Enterprise A's own record: B gets 404 as if it did not exist. */
const ownedByA: Row = { ...enterprises, enterpriseB: 'notFound' };

async function needOf(f: Fixtures, status: string) {
  const n = await f.db.challenge.create({
    data: {
      ref: `AUTHZ-${status}-${Math.random().toString(36).slice(2, 10)}`,
      enterpriseId: f.actors.enterpriseA.organizationId,
      title: '权限矩阵测试需求',
      field: '新材料',
      background: '—',
      bountyType: 'OPEN',
      applicationDeadline: new Date('2099-01-01T00:00:00+08:00'),
      implementationMonths: 12,
      contactName: '—',
      contactPhone: '—',
      status,
      submittedAt: status === 'DRAFT' ? null : new Date(),
    },
  });
  return n.id;
}

function tinyPng() {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    return Buffer.concat([len, Buffer.from(type), data, Buffer.alloc(4)]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export const entries: Record<string, MatrixEntry> = {
  'needs._index': { loader: enterprises, action: none },
  'needs.new': { loader: enterprises, action: enterprises },
  'needs.$id._index': {
    params: async (f) => ({ id: await needOf(f, 'DRAFT') }),
    loader: ownedByA,
    action: ownedByA,
  },
  'needs.$id.edit': {
    params: async (f) => ({ id: await needOf(f, 'DRAFT') }),
    loader: ownedByA,
    action: ownedByA,
  },
  'review._index': {
    loader: { ...staffOnly, reviewer: 'redirect', admin: 'redirect' },
    action: none,
  },
  'review.needs._index': { loader: staffOnly, action: none },
  'review.needs.$id': {
    params: async (f) => ({ id: await needOf(f, 'SUBMITTED') }),
    loader: staffOnly,
    action: staffOnly,
  },
  // an attachment of enterprise A's draft: nobody else may know it exists, the bureau included
  'attachments.$id': {
    params: async (f) => {
      const id = await needOf(f, 'DRAFT');
      const file = new File([tinyPng()], 'pixel.png', { type: 'image/png' });
      const saved = await saveAttachment(f.db, { ownerType: 'Challenge', ownerId: id, file });
      if (!saved.ok) throw new Error(`fixture attachment refused: ${saved.error}`);
      return { id: saved.attachment.id };
    },
    loader: { ...all('notFound'), enterpriseA: 'ok' },
    action: none,
  },
};
