// Raw HTTP/1.1 for tests that must see what a browser sees on the wire (a reset while
// sending, a 413 read after the whole upload), which fetch hides.
import net from 'node:net';
import zlib from 'node:zlib';

/** Status, headers and body of a complete HTTP/1.1 response in `data`, or null if incomplete. */
export function parseHttpResponse(data: Buffer) {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return null;
  const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const headers = Object.fromEntries(
    lines.map((l) => [
      l.slice(0, l.indexOf(':')).toLowerCase(),
      l.slice(l.indexOf(':') + 1).trim(),
    ]),
  );
  let rest = data.subarray(end + 4);
  let body: Buffer;
  if (headers['content-length'] !== undefined) {
    const n = Number(headers['content-length']);
    if (rest.length < n) return null;
    body = rest.subarray(0, n);
  } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = rest.indexOf('\r\n');
      if (lineEnd < 0) return null;
      const size = parseInt(rest.subarray(0, lineEnd).toString(), 16);
      if (size === 0) break;
      if (rest.length < lineEnd + 2 + size + 2) return null;
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      rest = rest.subarray(lineEnd + 2 + size + 2);
    }
    body = Buffer.concat(parts);
  } else return null;
  return { status: Number(statusLine.split(' ')[1]), headers, body: body.toString('utf8') };
}

export type Sent = {
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** a reset or close before the answer (what a browser shows as ERR_CONNECTION_RESET) */
  error: string | null;
  ms: number;
  /** body bytes handed to the socket when the answer's first byte came back */
  sentAtAnswer: number | null;
};

/**
 * A POST of `total` bytes over a raw socket, sent the way a browser sends a form or an upload:
 * the whole body, whatever the server answers meanwhile (a browser reads the answer only once
 * it has sent everything, so a reset while sending loses the answer), then the answer is read.
 * `head` is sent first in place of the same number of filler bytes.
 */
export function sendLikeABrowser(
  port: number,
  opts: {
    path: string;
    total: number;
    chunked?: boolean;
    headers?: Record<string, string>;
    keepAlive?: boolean;
    head?: Buffer;
    /**
     * after this many body bytes, wait (up to 10 s) for the answer before sending the rest: a
     * server that answers before reading the body is seen to, whatever the machine's load (a
     * server that waits for the body answers only after the wait)
     */
    holdAfter?: number;
  },
): Promise<Sent> {
  return new Promise((resolve) => {
    const started = performance.now();
    const out: Sent = {
      status: null,
      headers: {},
      body: '',
      error: null,
      ms: 0,
      sentAtAnswer: null,
    };
    let written = 0;
    const socket = net.connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let sentAll = false;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      out.ms = performance.now() - started;
      socket.destroy();
      resolve(out);
    };
    const check = () => {
      const answer = parseHttpResponse(received);
      if (answer) Object.assign(out, answer);
      if (answer && sentAll) settle();
    };
    let answered: (() => void) | undefined;
    socket.on('data', (d) => {
      out.sentAtAnswer ??= written;
      received = Buffer.concat([received, d]);
      answered?.();
      check();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      out.error ??= e.code ?? e.message;
      settle();
    });
    socket.on('close', () => {
      check();
      if (settled) return;
      out.error ??= sentAll ? 'closed before answering' : 'closed while sending';
      settle();
    });
    const headers = {
      Host: `127.0.0.1:${port}`,
      Connection: opts.keepAlive === false ? 'close' : 'keep-alive',
      'Content-Type': 'application/x-www-form-urlencoded',
      ...opts.headers,
      ...(opts.chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': opts.total }),
    };
    socket.write(
      `POST ${opts.path} HTTP/1.1\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join('\r\n')}\r\n\r\n`,
    );
    const filler = Buffer.alloc(64 * 1024, 0x61);
    let left = opts.total;
    let first = opts.head;
    let held = opts.holdAfter === undefined;
    const pump = () => {
      while (left > 0) {
        if (!held && written >= opts.holdAfter!) {
          held = true;
          if (out.sentAtAnswer !== null) continue;
          const timer = setTimeout(() => answered?.(), 10_000);
          answered = () => {
            answered = undefined;
            clearTimeout(timer);
            pump();
          };
          return;
        }
        let piece: Buffer = filler.subarray(0, Math.min(left, filler.length));
        if (first) {
          piece = first;
          first = undefined;
        }
        left -= piece.length;
        written += piece.length;
        const framed = opts.chunked
          ? Buffer.concat([
              Buffer.from(`${piece.length.toString(16)}\r\n`),
              piece,
              Buffer.from('\r\n'),
            ])
          : piece;
        if (!socket.write(framed)) return void socket.once('drain', pump);
      }
      socket.write(opts.chunked ? '0\r\n\r\n' : '', () => {
        sentAll = true;
        check();
      });
    };
    pump();
  });
}

/** A body as its Content-Encoding says (br, gzip, or none), decompressed. */
export function decoded(body: Buffer, coding: string | string[] | undefined): Buffer {
  if (coding === 'br') return zlib.brotliDecompressSync(body);
  if (coding === 'gzip') return zlib.gunzipSync(body);
  return body;
}
