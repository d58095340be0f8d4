/**
 * The load generator, run by bench/run.ts as a child process: autocannon must not share the event
 * loop (or the core) of the server it measures. It takes one job at a time over IPC and answers with
 * the figures; it exits when its parent goes away.
 *
 * Latency percentiles are computed here from every response time autocannon reports (float
 * milliseconds), because autocannon's own histogram keeps whole milliseconds: too coarse for a route
 * that answers in 0.4 ms.
 */
import autocannon from 'autocannon';

export interface LoadJob {
  id: number;
  url: string;
  /** Paths to cycle through instead of always `url`'s (each request takes the next one). */
  paths?: string[];
  connections: number;
  seconds: number;
}

export interface LoadResult {
  id: number;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

async function runJob(job: LoadJob): Promise<LoadResult> {
  let times = new Float64Array(1 << 16);
  let count = 0;
  const started = performance.now();
  let next = 0;
  const paths = job.paths;
  const instance = autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    pipelining: 1,
    timeout: 10,
    ...(paths?.length
      ? { requests: [{ setupRequest: (req: { path?: string }) => ({ ...req, path: paths[next++ % paths.length] }) }] }
      : {}),
  });
  instance.on('response', (_client, _status, _bytes, responseTime) => {
    if (count === times.length) {
      const bigger = new Float64Array(times.length * 2);
      bigger.set(times);
      times = bigger;
    }
    times[count++] = responseTime;
  });
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;
  const sorted = times.subarray(0, count).sort();
  let sum = 0;
  for (let i = 0; i < count; i++) sum += sorted[i]!;
  return {
    id: job.id,
    requests: count,
    seconds,
    rps: count / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: count ? sum / count : Number.NaN,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
  };
}

if (!process.send) {
  console.error('bench/load.ts is started by bench/run.ts');
  process.exit(2);
}
process.on('disconnect', () => process.exit(0));
process.on('message', (job: LoadJob) => {
  runJob(job).then(
    (result) => process.send!({ ok: true, result }),
    (err: unknown) => process.send!({ ok: false, id: job.id, error: String(err) }),
  );
});
process.send({ ready: true });
