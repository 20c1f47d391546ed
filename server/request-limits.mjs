// How much a request may send, decided before the app reads a byte of it
// (docs/decisions/018-request-limits-at-the-edge.md). Plain JavaScript without Node imports:
// server.mjs runs it unbuilt, and the app (attachments, the upload forms in the browser) takes
// its numbers from here so that the edge and the app cannot disagree.

const MiB = 1024 * 1024;

/** Largest attachment, per file, and per upload form in total. */
export const MAX_ATTACHMENT_BYTES = 20 * MiB;
/** Room for an upload form's text fields and its multipart framing, on top of its files. */
export const UPLOAD_OVERHEAD_BYTES = 1 * MiB;
/** A multipart request: one form's files plus the overhead. */
export const UPLOAD_BODY_LIMIT = MAX_ATTACHMENT_BYTES + UPLOAD_OVERHEAD_BYTES;
/** Any other form (url-encoded), JSON and the like: the longest form of the app is ~100 KB. */
export const FORM_BODY_LIMIT = 1 * MiB;
/** Stripe's events are a few KB; Stripe documents no event near this. */
export const WEBHOOK_BODY_LIMIT = 1 * MiB;
/**
 * After refusing, the server keeps reading (and discarding) what the client still sends, so
 * that the client gets to read the answer: a browser that is still uploading when the server
 * closes the connection shows "connection reset" instead of the page. Beyond these bounds the
 * connection is cut.
 */
export const DRAIN_LIMIT_BYTES = 64 * MiB;
export const DRAIN_TIMEOUT_MS = 30_000;
/**
 * Request line and headers. Node's default (16 KiB) refuses a 2,000-character Chinese search
 * link (~18 KB percent-encoded) with a bare 431; browsers send URLs far longer than that.
 */
export const MAX_HEADER_BYTES = 64 * 1024;

/**
 * The most bytes a request's body may have.
 * @param {{ path: string, contentType?: string | null }} r
 */
export function bodyLimitFor({ path, contentType }) {
  if (path === '/webhooks/stripe' || path.startsWith('/webhooks/')) return WEBHOOK_BODY_LIMIT;
  if (isMultipart(contentType)) return UPLOAD_BODY_LIMIT;
  return FORM_BODY_LIMIT;
}

/** @param {string | null | undefined} contentType */
export function isMultipart(contentType) {
  return /^\s*multipart\/form-data\s*(;|$)/i.test(contentType ?? '');
}

/**
 * The boundary of a multipart body (RFC 2046: 1–70 characters of a restricted set), or null.
 * @param {string | null | undefined} contentType
 */
export function multipartBoundary(contentType) {
  if (!isMultipart(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType ?? '');
  const boundary = m?.[1] ?? m?.[2] ?? null;
  return boundary && /^[0-9A-Za-z'()+_,\-./:=? ]+$/.test(boundary) ? boundary : null;
}

/**
 * The declared Content-Length: a number, `null` when none was sent (a chunked body), or NaN
 * when the header is not a plain number (Node's parser refuses most such requests itself).
 * @param {string | null | undefined} header
 */
export function declaredLength(header) {
  if (header === undefined || header === null) return null;
  return /^\s*\d{1,15}\s*$/.test(header) ? Number(header) : Number.NaN;
}

/**
 * The visitor's language the way the app decides it (app/i18n/locale.server.ts): `?lang=`,
 * then the `lang` cookie, then Chinese.
 * @param {{ url: string, cookie?: string | null }} r
 * @returns {'zh' | 'en'}
 */
export function localeOf({ url, cookie }) {
  const param = /[?&]lang=(zh|en)(?:&|#|$)/.exec(url)?.[1];
  if (param === 'zh' || param === 'en') return param;
  const fromCookie = /(?:^|;\s*)lang=(zh|en)\b/.exec(cookie ?? '')?.[1];
  return fromCookie === 'en' ? 'en' : 'zh';
}

const MB = (bytes) => Math.round(bytes / MiB);

const TEXTS = {
  zh: {
    413: {
      title: '提交的内容过大',
      body: (limit) =>
        `这次提交超过了 ${MB(limit)} MB 的上限，服务器没有接收。附件单个不超过 ${MB(MAX_ATTACHMENT_BYTES)} MB；请缩小文件或分开上传后重试。`,
    },
    403: {
      title: '请求被拒绝',
      body: () => '这次提交并非来自本站页面，已被拒绝。请回到本站页面重新操作。',
    },
    back: '返回首页',
  },
  en: {
    413: {
      title: 'Too much data sent',
      body: (limit) =>
        `This submission exceeds the limit of ${MB(limit)} MB and was not accepted. Attachments may be at most ${MB(MAX_ATTACHMENT_BYTES)} MB each; make the file smaller or upload it separately, then try again.`,
    },
    403: {
      title: 'Request refused',
      body: () =>
        'This submission did not come from one of this site’s pages and was refused. Go back to the site and try again.',
    },
    back: 'Back to the home page',
  },
};

/**
 * A small page of its own for a request the edge refuses before the app sees it (it cannot
 * use the app's layout or translation layer, which live in the build).
 * @param {{ status: 403 | 413, locale: 'zh' | 'en', limit?: number }} r
 */
export function refusalPage({ status, locale, limit = FORM_BODY_LIMIT }) {
  const t = TEXTS[locale] ?? TEXTS.zh;
  const text = t[status];
  const lang = locale === 'en' ? 'en' : 'zh-CN';
  return `<!DOCTYPE html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${text.title}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.6">
<h1>${text.title}</h1>
<p>${text.body(limit)}</p>
<p><a href="/">${t.back}</a></p>
</body>
</html>
`;
}

/**
 * Request line or headers too large (Node's parser refuses them before any header is read, so
 * the language is unknown: both).
 */
export function headersTooLargeResponse() {
  const body = `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>链接过长 / Link too long</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.6">
<h1>链接过长</h1>
<p>这个链接或请求头太长，服务器无法处理。请缩短搜索词后重试。</p>
<p><a href="/">返回首页</a></p>
<hr>
<h1 lang="en">Link too long</h1>
<p lang="en">This link or its request headers are too long for the server. Shorten the search and try again.</p>
<p lang="en"><a href="/?lang=en">Back to the home page</a></p>
</body>
</html>
`;
  const bytes = new TextEncoder().encode(body).byteLength;
  return (
    'HTTP/1.1 431 Request Header Fields Too Large\r\n' +
    'Content-Type: text/html; charset=utf-8\r\n' +
    `Content-Length: ${bytes}\r\n` +
    'Cache-Control: no-store\r\n' +
    'Connection: close\r\n\r\n' +
    body
  );
}
