/**
 * `npm run bench:fanout`: notification fan-out for a case with 10,000 followers (issue 5: under
 * 5 s, without blocking requests). Per database (the embedded PostgreSQL in a temporary data dir,
 * then BENCH_DATABASE_URL's server in a database made for the run): the real app on loopback, a
 * published case of Oslo kommune's followed by N users (10 % instant e-mail, 30 % daily, the rest
 * weekly), and autocannon (child process) on the case API. It measures that route's latency for a
 * few seconds without fan-out, then edits the case through the API and runs the same background
 * work the server runs (fan-out, then queuing the instant e-mails, then sending them to an SMTP server in the same process)
 * in the app's process while the load goes on, and reports each step's time and the request
 * latency during it. Writes bench/results/latest-fanout.md.
 *
 * Environment: BENCH_FOLLOWERS (default 10000), BENCH_DATABASE_URL, BENCH_EMBEDDED=0,
 * BENCH_CONNECTIONS (default 10).
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eachDatabase, machineLine } from './common.js';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { createOrUpdateUser, issueToken } from '../src/auth/auth.service.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { fanOutPending, queueDigests, sendDue } from '../src/notifications/notifications.service.js';
import { findOrganisation, grantMembership } from '../src/orgs/orgs.service.js';
import { ensureReferenceData } from '../src/orgs/reference.js';
import { ensureLosConcepts } from '../src/themes/themes.service.js';
import type { LoadJob, LoadResult } from './load.js';
import { smtpMailer } from '../src/notifications/mailer.js';
import { startSmtpServer } from '../test/helpers/smtp.js';
import { registry } from '../src/modules.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FOLLOWERS = Number(process.env.BENCH_FOLLOWERS ?? 10_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const log = (m: string) => process.stderr.write(`[fanout] ${m}\n`);

function startLoader(): Promise<{ run(url: string, seconds: number): Promise<LoadResult>; stop(): void }> {
  const child: ChildProcess = fork(path.join(ROOT, 'bin/run-ts.js'), [path.join(ROOT, 'bench/load.ts')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 1;
  const waiting = new Map<number, (r: LoadResult) => void>();
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`load generator exited ${code}`)));
    child.on('message', (msg: { ready?: boolean; ok?: boolean; result?: LoadResult; error?: string }) => {
      if (msg.ready) {
        resolve({
          run: (url, seconds) =>
            new Promise((done) => {
              const job: LoadJob = { id: nextId++, url, connections: CONNECTIONS, seconds };
              waiting.set(job.id, done);
              child.send(job);
            }),
          stop: () => child.disconnect(),
        });
        return;
      }
      if (msg.result) waiting.get(msg.result.id)?.(msg.result);
      else if (!msg.ok) reject(new Error(msg.error));
    });
  });
}

interface Figures {
  label: string;
  baseline: LoadResult;
  during: LoadResult;
  fanOutMs: number;
  notifications: number;
  queueMs: number;
  queued: number;
  outboxMs: number;
  sent: number;
}

async function round(label: string, databaseUrl: string | undefined, dataDir: string): Promise<Figures> {
  const config = loadConfig({ NYTENK_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  const database = await openDatabase(config, { derived: registry().derivedFunctions, applicationName: 'nytenk-bench-fanout' });
  const { db, pool } = database;
  try {
    await ensureReferenceData(db);
    await ensureLosConcepts(db);
    // Oslo's member writes the case; N followers.
    const writer = await createOrUpdateUser(db, { email: 'skriver@oslo.kommune.no', name: 'Sigrid Skriver', password: 'et langt og trygt passord' });
    if (!writer.ok) throw new Error('writer');
    const oslo = await findOrganisation(db, '958935420');
    if (!oslo.ok) throw new Error('oslo');
    await grantMembership(db, writer.user.id, oslo.org.id, 'member');
    const token = (await issueToken(db, writer.user.id, 'bench')).token;
    const app = await buildApp({ config, db, pool, logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    const auth = { authorization: `Bearer ${token}` };
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: auth,
      payload: {
        title: 'Digital innbyggerdialog i skolen',
        summary: 'Foreldre og elever melder fra om skolevei og trivsel i en enkel app; skolen svarer innen to dager.',
        problem: 'Henvendelser kom på papir og e-post og ble borte.',
        whatIsNew: 'Én kanal for alle henvendelser, med svarfrist.',
        types: ['service'],
        themes: ['https://psi.norge.no/los/tema/skole-og-utdanning'],
        stage: 'implement',
        status: 'in_use',
        visibility: 'public',
        language: 'nb',
      },
    });
    const caseId = created.json().id as string;
    await app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/publish`, headers: auth });
    const t0 = performance.now();
    await sql`
      with u as (
        insert into users (email, name, email_frequency)
        select 'folger' || g || '@bench.nytenk.no', 'Følger ' || g,
               case when g % 10 = 0 then 'instant' when g % 10 < 4 then 'daily' else 'weekly' end
        from generate_series(1, ${FOLLOWERS}) g
        returning id
      )
      insert into follows (user_id, target_kind, target_key, label, created_at)
      select id, 'case', ${caseId}, 'Digital innbyggerdialog i skolen', now() - interval '1 minute' from u`.execute(db);
    await fanOutPending(db); // the publish event, before anyone followed: nothing to fan out
    log(`${label}: ${FOLLOWERS} followers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const loader = await startLoader();
    const smtp = await startSmtpServer();
    try {
      const url = `${base}/api/v1/cases/${caseId}`;
      await loader.run(url, 2); // warm-up
      const baseline = await loader.run(url, 5);
      // The same route under the same load, while the case is edited and its followers told.
      const during = loader.run(url, 8);
      await new Promise((r) => setTimeout(r, 1000));
      const edited = await app.inject({ method: 'PATCH', url: `/api/v1/cases/${caseId}`, headers: auth, payload: { summary: 'Foreldre og elever melder fra om skolevei og trivsel; skolen svarer innen én dag.' } });
      if (edited.statusCode !== 200) throw new Error(`edit ${edited.statusCode}: ${edited.body}`);
      let s = performance.now();
      const fanned = await fanOutPending(db);
      const fanOutMs = performance.now() - s;
      s = performance.now();
      const queued = await queueDigests(db, { baseUrl: base }, { frequencies: ['instant'], maxUsers: FOLLOWERS });
      const queueMs = performance.now() - s;
      // Sent through a real SMTP server (in this process too, so its work also competes with the requests).
      s = performance.now();
      let sent = 0;
      const mailer = smtpMailer(smtp.url, 'Nytenk <ikke-svar@bench.nytenk.no>');
      try {
        for (;;) {
          const r = await sendDue(db, mailer, 1000);
          sent += r.sent;
          if (r.sent === 0) break;
        }
      } finally {
        mailer.close();
      }
      const outboxMs = performance.now() - s;
      const result = { label, baseline, during: await during, fanOutMs, notifications: fanned.notifications, queueMs, queued, outboxMs, sent };
      log(`${label}: fan-out ${fanOutMs.toFixed(0)} ms (${fanned.notifications}), queue ${queueMs.toFixed(0)} ms (${queued}), outbox ${outboxMs.toFixed(0)} ms (${sent})`);
      return result;
    } finally {
      loader.stop();
      await smtp.close();
      await app.close();
    }
  } finally {
    await database.close();
  }
}

const loadBefore = os.loadavg()[0]!;
const figures: Figures[] = await eachDatabase('nytenk_bench_fanout', round);

const f1 = (n: number) => n.toFixed(1);
const lines = [
  `### Notification fan-out benchmark (\`npm run bench:fanout\`), ${FOLLOWERS.toLocaleString('en')} followers`,
  '',
  `- run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; machine: ${machineLine()}; load average ${loadBefore.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after`,
  `- load: autocannon in a child process, ${CONNECTIONS} connections on \`GET /api/v1/cases/{id}\` (a database read per request) — 5 s without fan-out, then 8 s during which the case is edited through the API and the background work runs in the app's process`,
  '',
  '| database | fan-out: notifications made, ms | instant e-mails queued, ms | e-mails sent over SMTP, ms | requests p50 / p99 ms without | with fan-out | req/s without / with |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...figures.map(
    (f) =>
      `| ${f.label} | ${f.notifications.toLocaleString('en')} in ${f.fanOutMs.toFixed(0)} | ${f.queued.toLocaleString('en')} in ${f.queueMs.toFixed(0)} | ${f.sent.toLocaleString('en')} in ${f.outboxMs.toFixed(0)} | ${f1(f.baseline.p50)} / ${f1(f.baseline.p99)} | ${f1(f.during.p50)} / ${f1(f.during.p99)} | ${f.baseline.rps.toFixed(0)} / ${f.during.rps.toFixed(0)} |`,
  ),
  '',
  `Errors and non-2xx during the runs: ${figures.map((f) => `${f.label} ${f.baseline.errors + f.during.errors} / ${f.baseline.non2xx + f.during.non2xx}`).join('; ')}.`,
];
const table = lines.join('\n');
console.log(table);
await fs.writeFile(path.join(ROOT, 'bench/results/latest-fanout.md'), `${table}\n`);
process.exit(0);
