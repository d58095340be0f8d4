/**
 * The follow-up dashboard's response times one request at a time (no queueing): what one visitor
 * waits for, in the cases that differ in cost. Run by bench/run.ts after the load routes.
 *
 * - after a write: every kept figure and page is dropped first; the first visitor gets the previous
 *   figures (marked stale, not page-cached) while they are read again in the background, and the
 *   time until the new figures are in is measured too (the snapshot read);
 * - page cache miss: a filter not seen before, the snapshot kept (figures in memory, page rendered);
 * - page cache hit: the same page again;
 * - the indicators API with the snapshot kept, and after a write.
 */
export interface LatencyRow {
  label: string;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface DashboardLatency {
  rows: LatencyRow[];
  pageBytes: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

async function timed(url: string): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  return { ms: performance.now() - t0, bytes: body.byteLength };
}

async function series(label: string, urls: string[], before?: () => void): Promise<LatencyRow> {
  const times: number[] = [];
  for (const url of urls) {
    before?.();
    times.push((await timed(url)).ms);
  }
  times.sort((a, b) => a - b);
  return { label, requests: times.length, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99), max: times[times.length - 1] ?? Number.NaN };
}

/** `dropCaches`: what a committed write does to this process (PageCache.clear, which also drops the dashboard's snapshot). */
export async function measureDashboardLatency(base: string, dropCaches: () => void, log: (m: string) => void, n = 200): Promise<DashboardLatency> {
  const year = new Date().getUTCFullYear();
  const counties = ['', '03', '11', '15', '18', '31', '32', '33', '34', '39', '40', '42', '46', '50', '55', '56'];
  // `sort=name` keeps these addresses apart from the load routes' (which may have cached theirs).
  const distinct = Array.from({ length: n }, (_, i) => {
    const c = counties[i % counties.length]!;
    const len = Math.floor(i / counties.length) % 10;
    return `${base}/dashboard?from=${year - len}&to=${year}${c ? `&county=${c}` : ''}&sort=name`;
  });
  const first = await timed(`${base}/dashboard`);
  const rows: LatencyRow[] = [];
  // After a write: the request that sees it first, then how long until the figures have caught up.
  const afterWrite: number[] = [];
  const catchUp: number[] = [];
  for (const url of distinct.slice(0, 20)) {
    dropCaches();
    const t0 = performance.now();
    afterWrite.push((await timed(url)).ms);
    for (;;) {
      const res = await fetch(`${base}/api/v1/participation?period=2001&kind=county_authority`);
      await res.arrayBuffer();
      if (res.headers.get('x-dashboard-data') === 'fresh') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    catchUp.push(performance.now() - t0);
  }
  const row = (label: string, times: number[]): LatencyRow => {
    const sorted = [...times].sort((a, b) => a - b);
    return { label, requests: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? Number.NaN };
  };
  rows.push(row('`/dashboard`, first request after a write (previous figures, marked stale; new ones read in the background)', afterWrite));
  rows.push(row('after a write, until the new figures are in (the snapshot read: a few grouped statements)', catchUp));
  rows.push(await series('`/dashboard?from=…&county=…`, page cache miss (snapshot kept, page rendered)', distinct.slice(30)));
  rows.push(await series('`/dashboard`, page cache hit', Array.from({ length: n }, () => `${base}/dashboard`)));
  rows.push(await series('`/api/v1/indicators?period=…&county=…`, snapshot kept', distinct.map((u) => u.replace('/dashboard?', '/api/v1/indicators?').replace('&sort=name', ''))));
  for (const r of rows) log(`dashboard latency: ${r.label}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${r.requests} requests)`);
  return { rows, pageBytes: first.bytes };
}

export function dashboardLatencyTable(d: DashboardLatency): string {
  const f = (n: number) => n.toFixed(1);
  return [
    `Follow-up dashboard, one request at a time (client-side, body read; page ${(d.pageBytes / 1024).toFixed(0)} KB):`,
    '',
    '| request | n | p50 ms | p95 ms | p99 ms | max ms |',
    '|---|---:|---:|---:|---:|---:|',
    ...d.rows.map((r) => `| ${r.label} | ${r.requests} | ${f(r.p50)} | ${f(r.p95)} | ${f(r.p99)} | ${f(r.max)} |`),
  ].join('\n');
}
