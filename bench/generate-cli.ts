/**
 * The generator from the command line:
 *
 *   node bin/run-ts.js bench/generate-cli.ts --size 10k --out tmp/bench-data     # JSON lines, one file per kind
 *   node bin/run-ts.js bench/generate-cli.ts --size 1k --digest                  # sha256 per kind (determinism check)
 *   node bin/run-ts.js bench/generate-cli.ts --size 10k --database-url postgres://…/db   # load into a database
 *
 * Loading migrates the database, loads the reference data and LOS themes when missing, then inserts
 * the partner organisations, users, memberships and cases. It refuses a database that already holds
 * bench data.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/database.js';
import { ensureReferenceData } from '../src/orgs/reference.js';
import { ensureLosConcepts } from '../src/themes/themes.service.js';
import {
  checkCases,
  createWorld,
  DEFAULT_SEED,
  digest,
  generateBarometerAnswers,
  generateCases,
  insertCases,
  insertWorld,
  parseSize,
  writeDataset,
} from './generate.js';
import { registry } from '../src/modules.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '10k' },
    seed: { type: 'string', default: DEFAULT_SEED },
    out: { type: 'string' },
    digest: { type: 'boolean', default: false },
    'database-url': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help || (!values.out && !values.digest && !values['database-url'])) {
  console.log('usage: bench/generate-cli.ts [--size 1k|10k|100k|N] [--seed S] [--out DIR] [--digest] [--database-url URL]');
  process.exit(values.help ? 0 : 2);
}

const size = parseSize(values.size);
const t0 = performance.now();
const world = await createWorld({ size: size.n, seed: values.seed });
console.error(`world: ${world.partners.length} partners, ${world.users.length} users, ${world.memberships.length} memberships in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const problems = checkCases(generateCases(world, Math.min(size.n, 2_000)));
if (problems.length > 0) {
  console.error(`generated cases break the case rules:\n${problems.join('\n')}`);
  process.exit(1);
}

if (values.digest) {
  for (const [name, items] of [
    ['partner-organisations', world.partners],
    ['users', world.users],
    ['memberships', world.memberships],
    ['cases', generateCases(world)],
    ['barometer-answers', generateBarometerAnswers(world)],
  ] as const) {
    const d = digest(items);
    console.log(`${name.padEnd(22)} ${String(d.count).padStart(7)}  ${d.sha256}`);
  }
}

if (values.out) {
  const dir = path.resolve(values.out);
  const written = await writeDataset(dir, world);
  for (const [name, w] of Object.entries(written)) console.error(`${name}: ${w.lines} lines, ${(w.bytes / 2 ** 20).toFixed(1)} MB`);
  console.error(`wrote ${dir}`);
}

if (values['database-url']) {
  const database = await openDatabase({ databaseUrl: values['database-url'], dataDir: '.', dbPoolSize: 4 }, { derived: registry().derivedFunctions, applicationName: 'nytenk-bench-generate' });
  try {
    await ensureReferenceData(database.db);
    await ensureLosConcepts(database.db);
    const w = await insertWorld(database.db, world, { onProgress: (m) => console.error(m) });
    console.error(`inserted ${w.partners} partners (${(w.ms.partners / 1000).toFixed(1)} s), ${w.users} users and ${w.memberships} memberships (${(w.ms.users / 1000).toFixed(1)} s)`);
    const c = await insertCases(database.db, generateCases(world));
    console.error(`inserted ${c.cases} cases, ${c.trials} trials, ${c.adoptions} adoptions (${(c.ms / 1000).toFixed(1)} s)`);
  } finally {
    await database.close();
  }
}
