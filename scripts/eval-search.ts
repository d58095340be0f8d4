/**
 * `npm run eval:search`: relevance of the case search on a question-answering set (NorQuAD by
 * default). Imports the documents as published cases into a fresh database (the embedded PostgreSQL
 * in a temporary data dir, or a database created and dropped on the server in DATABASE_URL), runs
 * every question through the search the API uses, and prints recall@10 and MRR@10 beside a baseline
 * (`simple` text-search config: no stemming, no expansion). The last line is
 * `recall@10=0.xxx mrr@10=0.xxx` for Nytenk's search.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { connect } from '../src/db/database.js';
import { acquireEmbeddedPostgres, withDatabase, type EmbeddedPostgresHandle } from '../src/db/embedded.js';
import { migrate } from '../src/db/migrate.js';
import { loadReferenceData } from '../src/orgs/reference.js';
import { evaluate, parseDocs, parseQueries, type EvalReport } from '../src/search/search.eval.js';
import { loadLosConcepts } from '../src/themes/themes.service.js';
import { registry } from '../src/modules.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DOCS = path.resolve(ROOT, '../shared/data/search/norquad-docs.jsonl');
const DEFAULT_QUERIES = path.resolve(ROOT, '../shared/data/search/norquad-queries-dev.tsv');

const USAGE = `Usage: npm run eval:search -- [--docs FILE] [--queries FILE] [--verbose]

  --docs FILE     documents, JSON lines {"doc_id", "title", "text"}   (default ${path.relative(process.cwd(), DEFAULT_DOCS)})
  --queries FILE  questions, TSV with query_id, question, relevant_doc_id (default ${path.relative(process.cwd(), DEFAULT_QUERIES)})
  --verbose       list the questions whose document is not in our top 10, or not first
  --help          this text

Uses DATABASE_URL when set (a database is created and dropped there; its user needs CREATEDB),
otherwise an embedded PostgreSQL in a temporary folder.`;

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        docs: { type: 'string', default: DEFAULT_DOCS },
        queries: { type: 'string', default: DEFAULT_QUERIES },
        verbose: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}
const args = parseCommandLine();
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}

const log = (m: string) => process.stderr.write(`${m}\n`);
const fmt = (x: number) => x.toFixed(3);

function printReport(r: EvalReport, titles: Map<string, string>, seconds: number): void {
  if (args.verbose) {
    const misses = r.outcomes.filter((o) => o.rank === null);
    console.log(`\nNot in our top ${r.k} (${misses.length}):`);
    for (const o of misses) {
      console.log(`  ${o.query.queryId} «${o.query.question}» → ${o.query.relevantDocId} «${titles.get(o.query.relevantDocId)}»` +
        ` (baseline ${o.baselineRank ?? '–'})`);
      console.log(`      ours: ${o.top.slice(0, 3).map((d) => `${d} «${titles.get(d) ?? '?'}»`).join(', ') || '(nothing)'}`);
    }
    const lower = r.outcomes.filter((o) => o.rank !== null && o.rank > 1);
    console.log(`\nIn our top ${r.k} but not first (${lower.length}):`);
    for (const o of lower) {
      console.log(`  #${o.rank} ${o.query.queryId} «${o.query.question}» → ${o.query.relevantDocId}; first: ${o.top[0]} «${titles.get(o.top[0]!) ?? '?'}»`);
    }
  }
  const rows = [
    ['method', `recall@${r.k}`, `MRR@${r.k}`, 'ms/query'],
    ...[r.baseline, r.ours].map((m) => [m.method, fmt(m.recall), fmt(m.mrr), m.meanMs.toFixed(1)]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  console.log(`\n${r.docs} documents, ${r.queries} questions, ${seconds.toFixed(1)} s in all`);
  console.log(line(rows[0]!));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of rows.slice(1)) console.log(line(row));
  console.log(`recall@${r.k}=${fmt(r.ours.recall)} mrr@${r.k}=${fmt(r.ours.mrr)}`);
}

/** What this run holds, released in reverse on the way out (also on Ctrl-C). */
const held: { dataDir?: string; embedded?: EmbeddedPostgresHandle; adminUrl?: string; dbName?: string } = {};
let interrupted = false;
let cleaning: Promise<void> | undefined;

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    if (held.dbName && held.adminUrl) {
      const admin = new pg.Client(held.adminUrl);
      await admin.connect();
      // with (force): on Ctrl-C our own pool may still be connected.
      await admin.query(`drop database if exists ${admin.escapeIdentifier(held.dbName)} with (force)`).finally(() => admin.end());
    }
    await held.embedded?.release();
    if (held.dataDir) await fs.rm(held.dataDir, { recursive: true, force: true });
  })();
  return cleaning;
}

process.once('SIGINT', () => {
  interrupted = true;
  log('interrupted: cleaning up');
  void cleanup().finally(() => process.exit(130));
});

async function main(): Promise<{ report: EvalReport; titles: Map<string, string>; started: number }> {
  const started = Date.now();
  const docs = parseDocs(await fs.readFile(args.docs, 'utf8'));
  const queries = parseQueries(await fs.readFile(args.queries, 'utf8'));
  const config = loadConfig();
  try {
    if (config.databaseUrl) {
      held.adminUrl = config.databaseUrl;
    } else {
      held.dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'nytenk-eval-'));
      // As root the server runs as "postgres", which must be able to enter the folder.
      await fs.chmod(held.dataDir, 0o755);
      held.embedded = await acquireEmbeddedPostgres({ dataDir: held.dataDir, database: 'postgres' });
      held.adminUrl = held.embedded.url;
    }
    if (interrupted) throw new Error('interrupted');
    const name = `nytenk_eval_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client(held.adminUrl);
    await admin.connect();
    await admin.query(`create database ${admin.escapeIdentifier(name)}`).finally(() => admin.end());
    held.dbName = name;
    log(`database: ${held.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL server'}, ${name}`);

    const { db, pool } = await connect(withDatabase(held.adminUrl, name), 4, 'nytenk:eval-search');
    // A connection cut by the drop on Ctrl-C must fail its query, not crash the process.
    pool.on('connect', (client) => client.on('error', () => undefined));
    try {
      await migrate(pool, registry().derivedFunctions);
      await loadReferenceData(db);
      await loadLosConcepts(db);
      log(`loading ${docs.length} documents, asking ${queries.length} questions`);
      const report = await evaluate(db, docs, queries);
      return { report, titles: new Map(docs.map((d) => [d.docId, d.title])), started };
    } finally {
      await db.destroy();
    }
  } finally {
    await cleanup();
  }
}

main().then(
  ({ report, titles, started }) => printReport(report, titles, (Date.now() - started) / 1000),
  (err: unknown) => {
    if (interrupted) return; // the SIGINT handler exits once cleaned up
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
