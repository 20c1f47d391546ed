import { Link, useLoaderData } from '@remix-run/react';

// 20 rows as the catalogue's first page has them, from memory: the framework's cost alone
const ROWS = Array.from({ length: 20 }, (_, i) => ({
  code: `ZB-2021-${String(i + 1).padStart(3, '0')}`,
  title: `高性能复合材料关键技术攻关第 ${i + 1} 项`,
  enterprise: `淄博新材料有限公司 ${i + 1}`,
  bountyFen: 50_000_000 + i * 1_000_000,
  deadline: '2026-12-31',
}));

export const loader = () => ({ rows: ROWS });

export default function Index() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <main>
      <h1>榜单</h1>
      <ul>
        {rows.map((r) => (
          <li key={r.code}>
            <Link to={`/challenges/${r.code}`}>{r.title}</Link>
            <span>{r.enterprise}</span>
            <span>{(r.bountyFen / 1_000_000).toFixed(0)} 万元</span>
            <time dateTime={r.deadline}>{r.deadline}</time>
          </li>
        ))}
      </ul>
    </main>
  );
}
