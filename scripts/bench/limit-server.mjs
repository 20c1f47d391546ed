// The limits the app is measured against (npm run bench, docs/decisions/020-performance.md):
//   node scripts/bench/limit-server.mjs bare PORT DB_FILE
//     (c) a bare node:http handler that reads the same rows as each page with better-sqlite3
//         and builds the HTML as a string: what this machine can do with the same data;
//   node scripts/bench/limit-server.mjs static PORT PAGES_JSON
//     (d) the pages' bytes as the app sent them, from memory: what node:http itself can do.
import cluster from 'node:cluster';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { serveInWorkers } from './workers.mjs';
import Database from 'better-sqlite3';

const [mode, portArg, source] = process.argv.slice(2);
const port = Number(portArg);

/** @param {unknown} s */
const esc = (s) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
const yuan = (/** @type {number | bigint | null} */ fen) =>
  fen === null ? '不限定榜额' : `${(Number(fen) / 1_000_000).toFixed(0)} 万元`;
const day = (/** @type {string | null} */ iso) => (iso ? iso.slice(0, 10) : '—');

/** @param {string} title @param {string} main */
function page(title, main) {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)} · 揭榜挂帅</title><meta name="viewport" content="width=device-width,initial-scale=1"></head><body><header><a href="/">揭榜挂帅</a><nav><a href="/challenges">榜单</a><a href="/events">活动</a><a href="/contracts">合同</a><a href="/stats">统计</a></nav></header><main>${main}</main><footer>淄博市科学技术局</footer></body></html>`;
}

/** @param {string} file */
function bareHandlers(file) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  // the catalogue's rows (app/domain/need.ts PUBLIC_STATUSES)
  const listedIn = (/** @type {string} */ t) =>
    `${t}.publishedAt IS NOT NULL AND ${t}.status IN ('PUBLISHED','CLOSED','AWARDED','UNAWARDED','COMPLETED','TERMINATED')`;
  const listed = listedIn('Challenge');
  const rows = db.prepare(
    `SELECT c.code, c.title, c.titleEn, c.field, c.bountyFen, c.applicationDeadline, c.publishedAt, c.status, o.name AS enterprise
     FROM Challenge c JOIN Organization o ON o.id = c.enterpriseId
     WHERE ${listedIn('c')}
     ORDER BY c.publishedAt DESC, c.id DESC LIMIT 20`,
  );
  const count = db.prepare(`SELECT count(*) AS n FROM Challenge WHERE ${listed}`);
  const events = db.prepare('SELECT slug, name FROM MatchingEvent ORDER BY date DESC');
  const one = db.prepare(
    `SELECT c.id, c.code, c.title, c.titleEn, c.field, c.background, c.bountyFen, c.applicationDeadline, c.implementationMonths, c.status, c.contactName, o.name AS enterprise
     FROM Challenge c JOIN Organization o ON o.id = c.enterpriseId WHERE c.code = ?`,
  );
  const targets = db.prepare(
    'SELECT text FROM ChallengeTarget WHERE challengeId = ? ORDER BY position',
  );
  const figures = db.prepare(
    `SELECT status, count(*) AS n, sum(bountyFen) AS fen FROM Challenge WHERE ${listed} GROUP BY status`,
  );
  const contracts = db.prepare(
    'SELECT count(*) AS n, sum(rewardFen) AS reward, sum(rdInvestmentFen) AS rd FROM Contract',
  );
  const session = db.prepare(
    `SELECT u.name, u.organizationId FROM Session s JOIN User u ON u.id = s.userId WHERE s.id = ?`,
  );
  const applications = db.prepare(
    `SELECT a.id, a.status, a.updatedAt, c.code, c.title FROM Application a JOIN Challenge c ON c.id = a.challengeId
     WHERE a.teamId = ? ORDER BY a.updatedAt DESC`,
  );
  /** @type {Record<string, (req: http.IncomingMessage, rest: string) => [number, string]>} */
  return {
    challenges() {
      const items = rows
        .all()
        .map(
          (/** @type {any} */ r) =>
            `<li><a href="/challenges/${esc(r.code)}"><span>${esc(r.code)}</span><h2>${esc(r.title)}</h2></a><p>${esc(r.enterprise)} · ${esc(r.field)}</p><dl><dt>榜额</dt><dd>${yuan(r.bountyFen)}</dd><dt>截止</dt><dd>${day(r.applicationDeadline)}</dd><dt>状态</dt><dd>${esc(r.status)}</dd></dl></li>`,
        )
        .join('');
      const options = events
        .all()
        .map((/** @type {any} */ e) => `<option value="${esc(e.slug)}">${esc(e.name)}</option>`)
        .join('');
      const n = /** @type {any} */ (count.get()).n;
      return [
        200,
        page(
          '榜单',
          `<h1>技术难题榜单</h1><form><input name="q" type="search"><select name="event">${options}</select><button>搜索</button></form><p>共 ${n} 项</p><ul>${items}</ul>`,
        ),
      ];
    },
    challenge(_req, code) {
      const c = /** @type {any} */ (one.get(code));
      if (!c) return [404, page('未找到', '<h1>未找到</h1>')];
      const list = targets
        .all(c.id)
        .map((/** @type {any} */ t) => `<li>${esc(t.text)}</li>`)
        .join('');
      return [
        200,
        page(
          c.title,
          `<h1>${esc(c.title)}</h1><p>${esc(c.titleEn)}</p><dl><dt>编号</dt><dd>${esc(c.code)}</dd><dt>发榜单位</dt><dd>${esc(c.enterprise)}</dd><dt>领域</dt><dd>${esc(c.field)}</dd><dt>榜额</dt><dd>${yuan(c.bountyFen)}</dd><dt>截止</dt><dd>${day(c.applicationDeadline)}</dd><dt>实施周期</dt><dd>${c.implementationMonths} 个月</dd><dt>联系人</dt><dd>${esc(c.contactName)}</dd></dl><h2>背景</h2><p>${esc(c.background)}</p><h2>考核指标</h2><ol>${list}</ol>`,
        ),
      ];
    },
    stats() {
      const byStatus = figures
        .all()
        .map(
          (/** @type {any} */ f) =>
            `<tr><th>${esc(f.status)}</th><td>${f.n}</td><td>${yuan(f.fen ?? 0)}</td></tr>`,
        )
        .join('');
      const k = /** @type {any} */ (contracts.get());
      return [
        200,
        page(
          '统计',
          `<h1>工作统计</h1><table>${byStatus}</table><p>合同 ${k.n} 份，奖励 ${yuan(k.reward ?? 0)}，带动研发投入 ${yuan(k.rd ?? 0)}</p>`,
        ),
      ];
    },
    applications(req) {
      const token = /jiebang_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      const who = token
        ? /** @type {any} */ (session.get(createHash('sha256').update(token).digest('hex')))
        : null;
      if (!who) return [303, ''];
      const items = applications
        .all(who.organizationId)
        .map(
          (/** @type {any} */ a) =>
            `<li><a href="/applications/${esc(a.id)}">${esc(a.code)} ${esc(a.title)}</a><span>${esc(a.status)}</span><time>${day(a.updatedAt)}</time></li>`,
        )
        .join('');
      return [200, page('我的揭榜', `<h1>我的揭榜</h1><p>${esc(who.name)}</p><ul>${items}</ul>`)];
    },
  };
}

/** Serves `mode`'s pages on the port in this process. */
function serve() {
  /** @type {http.RequestListener} */
  let handle;
  if (mode === 'bare') {
    const h = bareHandlers(source);
    handle = (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const [status, body] =
        path === '/challenges'
          ? h.challenges(req, '')
          : path.startsWith('/challenges/')
            ? h.challenge(req, decodeURIComponent(path.slice('/challenges/'.length)))
            : path === '/stats'
              ? h.stats(req, '')
              : path === '/applications'
                ? h.applications(req, '')
                : [404, 'not found'];
      res.writeHead(status, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(body);
    };
  } else if (mode === 'static') {
    /** @type {Map<string, Buffer>} */
    const pages = new Map(
      Object.entries(JSON.parse(readFileSync(source, 'utf8'))).map(([p, body]) => [
        p,
        Buffer.from(String(body)),
      ]),
    );
    handle = (req, res) => {
      const body = pages.get((req.url ?? '/').split('?')[0]);
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': body.length,
      });
      res.end(body);
    };
  } else {
    console.error('usage: limit-server.mjs bare|static PORT SOURCE');
    process.exit(2);
  }
  http
    .createServer(handle)
    .listen(
      port,
      '127.0.0.1',
      () => cluster.isPrimary && console.log(`limit listening on ${port}`),
    );
  process.on('SIGTERM', () => process.exit(0));
}

await serveInWorkers(serve, `limit listening on ${port}`);
