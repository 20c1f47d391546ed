// Attachments as rows of AttachmentBlob, 256 KiB a chunk (docs/decisions/029): every instance on
// one PostgreSQL reaches them, a backup's dump holds them, and the chunks go with their row.
// Written with the row's own client, so inside its transaction; read one chunk per query, so a
// download holds one chunk at a time whatever the file's size.
import { Prisma } from '~/lib/db.server';
import type { AttachmentStore, Client } from './attachment-store.server';
import { filesStore } from './files-store.server';

export const CHUNK_BYTES = 256 * 1024;

/** The source cut into chunks of exactly CHUNK_BYTES (the last one shorter). */
export async function* chunked(
  source: ReadableStream<Uint8Array>,
  size = CHUNK_BYTES,
): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  let pending: Uint8Array<ArrayBuffer> = new Uint8Array(size);
  let filled = 0;
  const reader = source.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let offset = 0;
      while (offset < value.byteLength) {
        const n = Math.min(size - filled, value.byteLength - offset);
        pending.set(value.subarray(offset, offset + n), filled);
        filled += n;
        offset += n;
        if (filled === size) {
          yield pending;
          pending = new Uint8Array(size);
          filled = 0;
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
  if (filled > 0) yield pending.subarray(0, filled);
}

/** How many chunks and bytes an attachment has, without reading them. */
async function extent(client: Client, attachmentId: string) {
  const [row] = await client.$queryRaw<{ chunks: bigint | number; bytes: bigint | number }[]>(
    Prisma.sql`SELECT COUNT(*) AS "chunks", COALESCE(SUM(LENGTH("bytes")), 0) AS "bytes"
      FROM "AttachmentBlob" WHERE "attachmentId" = ${attachmentId}`,
  );
  return { chunks: Number(row?.chunks ?? 0), bytes: Number(row?.bytes ?? 0) };
}

export const databaseStore: AttachmentStore = {
  kind: 'database',
  transactional: true,

  async put(client, { id }, source) {
    let seq = 0;
    for await (const bytes of chunked(source)) {
      await client.attachmentBlob.create({ data: { attachmentId: id, seq, bytes } });
      seq++;
    }
  },

  async get(client, ref) {
    const { id, sizeBytes } = ref;
    const { chunks, bytes } = await extent(client, id);
    // an upgraded installation before `attachments:migrate` has copied this one: the file it
    // left under STORAGE_DIR still serves, so downloads never break during the switch
    if (chunks === 0) return filesStore.get(client, ref);
    if (bytes !== sizeBytes)
      throw new Error(
        `Attachment ${id}: stored chunks hold ${bytes} bytes, the row says ${sizeBytes}`,
      );
    let seq = 0;
    return new ReadableStream<Uint8Array>(
      {
        // one chunk per pull: the next is read only once the reader has taken this one
        async pull(controller) {
          if (seq === chunks) return controller.close();
          const chunk = await client.attachmentBlob.findUnique({
            where: { attachmentId_seq: { attachmentId: id, seq } },
            select: { bytes: true },
          });
          // removed while being read: the download breaks off rather than ending short
          if (!chunk) return controller.error(new Error(`Attachment ${id}: chunk ${seq} is gone`));
          seq++;
          controller.enqueue(chunk.bytes);
        },
      },
      { highWaterMark: 0 },
    );
  },

  async has(client, { id }) {
    return (await client.attachmentBlob.count({ where: { attachmentId: id }, take: 1 })) > 0;
  },

  // the chunks went with their row (cascade), or never committed
  discard: async () => undefined,
};
