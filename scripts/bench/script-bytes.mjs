// The gzipped script a page makes the browser fetch: every module script, modulepreload and
// `Link` header the page names, summed from the client build's `.gz` copies (ADR 020,
// "Catalogues by area"). Against a running server of that build:
//   node scripts/bench/script-bytes.mjs http://localhost:3000 build/client / /challenges /stats
import fs from 'node:fs';
import path from 'node:path';

const [base, clientDir, ...pages] = process.argv.slice(2);
if (!base || !clientDir || pages.length === 0) {
  console.error('usage: script-bytes.mjs <base url> <client build dir> <path> [path …]');
  process.exit(2);
}
for (const lang of ['zh', 'en']) {
  for (const page of pages) {
    const url = new URL(page, base);
    url.searchParams.set('lang', lang);
    const res = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    const html = await res.text();
    const named = new Set();
    for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g))
      named.add(m[1]);
    for (const m of html.matchAll(/<script[^>]+src="([^"]+)"/g)) named.add(m[1]);
    for (const m of html.matchAll(/import\s*(?:[^'"]*from\s*)?["'](\/assets\/[^"']+)["']/g))
      named.add(m[1]);
    for (const m of (res.headers.get('link') ?? '').matchAll(/<([^>]+)>/g)) named.add(m[1]);
    let bytes = 0;
    const catalogues = [];
    for (const u of named) {
      const file = path.join(clientDir, u.split('?')[0]);
      const gz = fs.existsSync(`${file}.gz`) ? `${file}.gz` : file;
      if (fs.existsSync(gz)) bytes += fs.statSync(gz).size;
      const part = /\/(zh|en)-(public|members|staff)-/.exec(u);
      if (part) catalogues.push(`${part[1]}-${part[2]}`);
    }
    console.log(
      `${lang} ${page}: ${res.status}, ${named.size} scripts, ${(bytes / 1024).toFixed(1)} KiB gzip` +
        ` (catalogues: ${catalogues.join(' ') || 'none'})`,
    );
  }
}
