/**
 * `npm run bench:hostile`: does a flood of hostile bodies stall the server? (issue 14, finding 11:
 * 16 clients sending 1 MB of nested JSON arrays held /health/live for 5.5 s.) Per database (the
 * embedded PostgreSQL in a temporary data dir, then BENCH_DATABASE_URL's server): the real server
 * (`nytenk serve` on loopback, a child process), then BENCH_CLIENTS clients (default 16, in another
 * child process so their work does not share this process's event loop) each sending 1 MB hostile
 * bodies back to back — nested JSON arrays, nested JSON objects, a form of qs-style nested keys — to
 * a JSON API write and a form, for BENCH_SECONDS (default 10), while this process asks
 * GET /health/live every 20 ms and times each answer. Prints and writes
 * bench/results/latest-hostile.md: the machine, the load average, the probe's p50/p99/max before
 * and under the flood, and what the hostile requests got. The acceptance line: p99 under 50 ms.
 *
 * Environment: BENCH_CLIENTS, BENCH_SECONDS, BENCH_DATABASE_URL, BENCH_EMBEDDED=0.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanupRegistry, eachDatabase, intEnv, machineLine } from './common.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (m: string) => process.stderr.write(`[hostile] ${m}\n`);
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// The clients (a child process): BENCH_CLIENTS loops, each sending hostile bodies until told to stop.

interface ClientJob {
  port: number;
  clients: number;
  seconds: number;
}
interface ClientResult {
  sent: number;
  mbSent: number;
  statuses: Record<string, number>;
  slowestMs: number;
}

function hostileBodies(): { path: string; type: string; body: Buffer }[] {
  const half = Math.floor((MB - 64) / 2);
  const arrays = '['.repeat(half) + ']'.repeat(half);
  const objectsN = Math.floor((MB - 64) / 6);
  const objects = '{"a":'.repeat(objectsN) + '}'.repeat(objectsN);
  const form = `title${'[a]'.repeat(Math.floor((MB - 64) / 3))}=x`;
  return [
    { path: '/api/v1/cases', type: 'application/json', body: Buffer.from(arrays) },
    { path: '/api/v1/cases', type: 'application/json', body: Buffer.from(objects) },
    { path: '/register', type: 'application/x-www-form-urlencoded', body: Buffer.from(form) },
  ];
}

async function runClients(job: ClientJob): Promise<ClientResult> {
  const bodies = hostileBodies();
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.clients });
  const statuses: Record<string, number> = {};
  let sent = 0;
  let bytes = 0;
  let slowestMs = 0;
  const until = Date.now() + job.seconds * 1000;
  const one = (b: (typeof bodies)[number]) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      const req = http.request({ host: '127.0.0.1', port: job.port, method: 'POST', path: b.path, agent, headers: { 'content-type': b.type, 'content-length': b.body.length, accept: 'application/json' } }, (res) => {
        res.resume();
        res.on('end', () => {
          statuses[String(res.statusCode)] = (statuses[String(res.statusCode)] ?? 0) + 1;
          slowestMs = Math.max(slowestMs, performance.now() - started);
          resolve();
        });
      });
      req.on('error', (err) => {
        statuses[`error ${(err as NodeJS.ErrnoException).code ?? err.message}`] = (statuses[`error ${(err as NodeJS.ErrnoException).code ?? err.message}`] ?? 0) + 1;
        resolve();
      });
      req.end(b.body);
      sent++;
      bytes += b.body.length;
    });
  await Promise.all(
    Array.from({ length: job.clients }, async (_, i) => {
      for (let k = i; Date.now() < until; k++) await one(bodies[k % bodies.length]!);
    }),
  );
  agent.destroy();
  return { sent, mbSent: Math.round(bytes / MB), statuses, slowestMs: Math.round(slowestMs) };
}

// ---------------------------------------------------------------------------------------------
// The measuring process.

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** GET /health/live every `everyMs` until `stop()`, each answer timed (a fresh connection is not used: keep-alive, as a load balancer's probe). */
function probe(port: number, everyMs: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  let failures = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      const started = performance.now();
      await new Promise<void>((resolve) => {
        const req = http.get({ host: '127.0.0.1', port, path: '/health/live', agent }, (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 200) times.push(performance.now() - started);
            else failures++;
            resolve();
          });
        });
        req.on('error', () => {
          failures++;
          resolve();
        });
      });
      const wait = everyMs - (performance.now() - started);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      agent.destroy();
      const sorted = [...times].sort((a, b) => a - b);
      return { n: sorted.length, failures, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
    },
  };
}

async function startServe(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/nytenk.js'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', LOAD_REFERENCE_DATA: 'false', BACKGROUND_JOBS: 'false' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nytenk serve exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('nytenk serve did not become ready');
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function runClientsChild(job: ClientJob): Promise<ClientResult> {
  const child = fork(path.join(ROOT, 'bin/run-ts.js'), [fileURLToPath(import.meta.url), 'clients'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => (code ? reject(new Error(`clients exited ${code}`)) : undefined));
    child.on('message', (msg: { ready?: boolean } & Partial<ClientResult>) => {
      if (msg.ready) child.send(job);
      else resolve(msg as ClientResult);
    });
  });
}

async function main() {
  const clients = intEnv('BENCH_CLIENTS', 16, 1, 256);
  const seconds = intEnv('BENCH_SECONDS', 10, 1, 600);
  const { onCleanup, cleanupAll, exitAfterCleanup } = cleanupRegistry(log);
  const lines: string[] = [];
  const machine = machineLine();
  try {
    await eachDatabase('nytenk_hostile', async (label, databaseUrl, dataDir) => {
      const port = await freePort();
      const env: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : { NYTENK_DATA_DIR: path.join(dataDir, 'data') };
      if (!databaseUrl) delete process.env.DATABASE_URL;
      log(`${label}: starting the server`);
      const server = await startServe(env, port);
      const undo = onCleanup('server', () => stopServe(server));
      try {
        const quiet = probe(port, 20);
        await new Promise((r) => setTimeout(r, 3000));
        const before = await quiet.stop();
        const load0 = os.loadavg()[0]!;
        log(`${label}: ${clients} clients sending 1 MB hostile bodies for ${seconds} s`);
        const under = probe(port, 20);
        const flood = await runClientsChild({ port, clients, seconds });
        const during = await under.stop();
        const load1 = os.loadavg()[0]!;
        const ms = (v: number) => v.toFixed(1);
        const verdict = during.p99 < 50 && during.failures === 0 ? 'PASS' : 'FAIL';
        const statuses = Object.entries(flood.statuses).map(([s, n]) => `${n}× ${s}`).join(', ');
        lines.push(
          `- ${label}, ${new Date().toISOString().slice(0, 10)}: ${clients} clients × ${seconds} s, ${flood.sent} hostile bodies (${flood.mbSent} MB; ${statuses}; slowest answer ${flood.slowestMs} ms). ` +
            `/health/live every 20 ms: quiet p50/p99/max ${ms(before.p50)}/${ms(before.p99)}/${ms(before.max)} ms (${before.n}); ` +
            `under the flood p50/p99/max ${ms(during.p50)}/${ms(during.p99)}/${ms(during.max)} ms (${during.n} probes, ${during.failures} failed). Load average ${load0.toFixed(1)} → ${load1.toFixed(1)}. p99 < 50 ms: ${verdict}`,
        );
        log(lines[lines.length - 1]!);
      } finally {
        await stopServe(server);
        undo();
      }
    });
    const report = [`# Hostile bodies (npm run bench:hostile)`, '', machine, '', ...lines, ''].join('\n');
    await fs.mkdir(path.join(ROOT, 'bench/results'), { recursive: true });
    await fs.writeFile(path.join(ROOT, 'bench/results/latest-hostile.md'), report);
    process.stdout.write(report);
    await cleanupAll();
    process.exit(lines.every((l) => l.endsWith('PASS')) ? 0 : 1);
  } catch (err) {
    exitAfterCleanup(1, `failed: ${String(err)}`);
  }
}

// The same file is the measuring process and (with the argument `clients`) the clients' process.
if (process.argv[2] === 'clients') {
  process.on('message', (job: ClientJob) => {
    void runClients(job).then((result) => {
      process.send!(result);
      process.disconnect();
    });
  });
  process.send!({ ready: true });
} else {
  await main();
}
