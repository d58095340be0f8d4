/**
 * Search latency by query class (issue 4): a rare term, a common term, a three-word phrase and a
 * term that matches over half of all cases, each with facets, sent one at a time (no queueing) so
 * the time is what one search costs the server. Each class is a set of different queries found in
 * the generated data itself, asked in turn, so no answer is reused from a previous identical query.
 *
 * Per request it records the time seen by the client (HTTP over loopback) and the server's own
 * Server-Timing header: `search` (the handler) and `sql` (time waiting for PostgreSQL statements).
 */
import type pg from 'pg';

export interface ClassFigures {
  id: 'rare' | 'common' | 'phrase' | 'broad';
  label: string;
  queries: string[];
  /** Matches per query (min–max). */
  matches: [number, number];
  requests: number;
  http: { p50: number; p95: number };
  server: { p50: number; p95: number };
  sql: { p50: number; p95: number };
}

const LABELS: Record<ClassFigures['id'], string> = {
  rare: 'rare term (≤ 0.1 % of cases)',
  common: 'common term (1–20 % of cases)',
  phrase: 'three-word phrase (quoted)',
  broad: 'term in over half of all cases',
};

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

/** A small deterministic shuffle (the same sample for the same data). */
function shuffled<T>(xs: T[]): T[] {
  const a = [...xs];
  let seed = 7;
  for (let i = a.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const j = seed % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

async function timed(base: string, q: string): Promise<{ total: number; http: number; server: number; sql: number }> {
  const started = performance.now();
  const res = await fetch(`${base}/api/v1/cases?q=${encodeURIComponent(q)}&per_page=20`);
  const body = (await res.json()) as { total?: number };
  const http = performance.now() - started;
  if (res.status !== 200) throw new Error(`search «${q}» answered ${res.status}`);
  const timing = res.headers.get('server-timing') ?? '';
  const dur = (name: string) => Number(new RegExp(`${name};dur=([0-9.]+)`).exec(timing)?.[1] ?? Number.NaN);
  return { total: body.total ?? 0, http, server: dur('search'), sql: dur('sql') };
}

export async function measureSearchLatency(base: string, pool: pg.Pool, log: (m: string) => void, rounds = 10): Promise<SearchLatency> {
  const visible = (await pool.query<{ n: number }>(`select count(*)::int as n from cases where published_at is not null and visibility = 'public'`)).rows[0]!.n;
  const sample = await pool.query<{ title: string; summary: string }>(
    `select title, summary from cases where published_at is not null and visibility = 'public' order by md5(id::text) limit 400`,
  );
  const words = shuffled([...new Set(sample.rows.flatMap((r) => `${r.title} ${r.summary}`.toLowerCase().split(/[^\p{L}]+/u)).filter((w) => w.length >= 4))]).slice(0, 600);
  const byClass: Record<ClassFigures['id'], { q: string; total: number }[]> = { rare: [], common: [], phrase: [], broad: [] };
  for (const w of words) {
    const { total } = await timed(base, w);
    if (total >= 1 && total <= visible * 0.001) byClass.rare.push({ q: w, total });
    else if (total >= visible * 0.01 && total <= visible * 0.2) byClass.common.push({ q: w, total });
    else if (total > visible * 0.5) byClass.broad.push({ q: w, total });
  }
  for (const r of shuffled(sample.rows)) {
    if (byClass.phrase.length >= 20) break;
    const t = r.title.toLowerCase().split(/[^\p{L}]+/u).filter((w) => w.length >= 3);
    if (t.length < 3) continue;
    const q = `"${t.slice(0, 3).join(' ')}"`;
    const { total } = await timed(base, q);
    if (total > 0) byClass.phrase.push({ q, total });
  }
  const classes: ClassFigures[] = [];
  for (const id of ['rare', 'common', 'phrase', 'broad'] as const) {
    const chosen = byClass[id].slice(0, 20);
    if (chosen.length === 0) {
      log(`search latency: no ${id} queries found in this data`);
      continue;
    }
    const http: number[] = [];
    const server: number[] = [];
    const sql: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const { q } of chosen) {
        const t = await timed(base, q);
        if (round === 0) continue; // the first round warms the stem cache and the JIT
        http.push(t.http);
        server.push(t.server);
        sql.push(t.sql);
      }
    }
    const totals = chosen.map((c) => c.total);
    const f: ClassFigures = {
      id,
      label: LABELS[id],
      queries: chosen.map((c) => c.q),
      matches: [Math.min(...totals), Math.max(...totals)],
      requests: http.length,
      http: { p50: pct(http, 50), p95: pct(http, 95) },
      server: { p50: pct(server, 50), p95: pct(server, 95) },
      sql: { p50: pct(sql, 50), p95: pct(sql, 95) },
    };
    log(`search ${id.padEnd(7)} ${chosen.length} queries, ${f.matches[0]}–${f.matches[1]} matches: http p50 ${f.http.p50.toFixed(2)} p95 ${f.http.p95.toFixed(2)} ms; server p50 ${f.server.p50.toFixed(2)} p95 ${f.server.p95.toFixed(2)}; sql p50 ${f.sql.p50.toFixed(2)} p95 ${f.sql.p95.toFixed(2)}`);
    classes.push(f);
  }
  return { visible, rounds, classes };
}

export interface SearchLatency {
  visible: number;
  rounds: number;
  classes: ClassFigures[];
}

export function searchLatencyTable(r: SearchLatency): string {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
  const lines = [
    `Search latency by query class (\`/api/v1/cases?q=…&per_page=20\`, facets included; one request at a time; ${r.visible.toLocaleString('en-US').replace(/,/g, ' ')} public cases; the first of ${r.rounds} rounds over each set not counted):`,
    '',
    '| class | queries | matches | requests | HTTP p50 / p95 ms | server p50 / p95 ms | SQL p50 / p95 ms |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...r.classes.map((c) => `| ${c.label} | ${c.queries.length} | ${c.matches[0]}–${c.matches[1]} | ${c.requests} | ${f(c.http.p50)} / ${f(c.http.p95)} | ${f(c.server.p50)} / ${f(c.server.p95)} | ${f(c.sql.p50)} / ${f(c.sql.p95)} |`),
    '',
    `Queries: ${r.classes.map((c) => `${c.id}: ${c.queries.slice(0, 6).join(', ')}${c.queries.length > 6 ? ' …' : ''}`).join('; ')}.`,
  ];
  return lines.join('\n');
}
