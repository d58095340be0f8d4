/**
 * The soak's load client, shared by `npm run soak` (bench/soak.ts) and the kill -9 process test
 * (test/process/kill-restart.test.ts): seeding the writers, N concurrent clients driving a real
 * `nytenk serve` over loopback HTTP with a mix of anonymous page reads, API reads and authenticated
 * API writes, a ledger of every write the server acknowledged (2xx with its id), and the check that
 * every one of them is still there after a crash.
 *
 * Each client is a closed loop: one request at a time, no think time, so N clients keep N requests
 * in flight. Any status other than the one the route documents for success, a network error or a
 * timeout is an error, except for requests cut by a kill -9 the caller announced (`cut()`).
 */
import http from 'node:http';
import { sql } from 'kysely';
import { createOrUpdateUser, issueToken } from '../src/auth/auth.service.js';
import { COMMENT_RATE_LIMIT } from '../src/comments/comments.model.js';
import type { Db } from '../src/db/database.js';
import { findOrganisation, grantMembership } from '../src/orgs/orgs.service.js';
import { ensureReferenceData } from '../src/orgs/reference.js';
import { ensureLosConcepts } from '../src/themes/themes.service.js';
import { createWorld, generateCases, insertCases, insertWorld } from './generate.js';

// ---------------------------------------------------------------------------------------------
// Seeding

/** Real public bodies the soak's writers are members of: Oslo, Asker, Bergen, NAV, Bærum. */
export const SOAK_ORGS = [
  { orgnr: '958935420', domain: 'oslo.kommune.no' },
  { orgnr: '920125298', domain: 'asker.kommune.no' },
  { orgnr: '964338531', domain: 'bergen.kommune.no' },
  { orgnr: '889640782', domain: 'nav.no' },
  { orgnr: '935478715', domain: 'baerum.kommune.no' },
] as const;

const FIRST = ['Ingrid', 'Ola', 'Kari', 'Håkon', 'Sigrid', 'Lars', 'Åse', 'Bjørn', 'Marit', 'Øystein', 'Solveig', 'Eirik'];
const LAST = ['Nordmann', 'Hansen', 'Johansen', 'Olsen', 'Larsen', 'Berg', 'Haugen', 'Dahl', 'Lie', 'Strand', 'Bakken', 'Sæther'];

export interface Writer {
  email: string;
  token: string;
  orgnr: string;
}

export interface SoakFixture {
  writers: Writer[];
  /** Published public cases in a shuffled order: what anonymous readers open, comment on and follow. */
  caseIds: string[];
  /** Pages of the case list that exist (20 a page). */
  listPages: number;
  orgnrs: string[];
  searchWords: string[];
}

export interface SeedOptions {
  /** Generated partners, users and cases (bench/generate.ts); 0 leaves the case bank empty. */
  size: number;
  writers: number;
  seed?: string;
  log?: (message: string) => void;
}

/**
 * Fills a fresh database for a soak: the reference data and LOS themes, the generated world of
 * `size` (bench/generate.ts) with its published cases, and `writers` users, each an active member of
 * one of SOAK_ORGS with a personal API token. Users are made through the same service functions as
 * `nytenk user create` and `nytenk token create`.
 */
export async function seedSoak(db: Db, options: SeedOptions): Promise<SoakFixture> {
  const log = options.log ?? (() => undefined);
  let t0 = performance.now();
  await ensureReferenceData(db);
  await ensureLosConcepts(db);
  log(`reference data and LOS themes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  if (options.size > 0) {
    t0 = performance.now();
    const world = await createWorld({ size: options.size, seed: options.seed ?? 'nytenk-soak' });
    await insertWorld(db, world);
    const inserted = await insertCases(db, generateCases(world));
    await sql`vacuum analyze`.execute(db);
    log(`${world.partners.length} partners, ${world.users.length} users, ${inserted.cases} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  t0 = performance.now();
  const orgIds = new Map<string, string>();
  for (const o of SOAK_ORGS) {
    const found = await findOrganisation(db, o.orgnr);
    if (!found.ok) throw new Error(`no organisation ${o.orgnr} in the reference data`);
    orgIds.set(o.orgnr, found.org.id);
  }
  const writers: Writer[] = [];
  for (let i = 0; i < options.writers; i++) {
    const org = SOAK_ORGS[i % SOAK_ORGS.length]!;
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const email = `${first.toLowerCase().replace('å', 'a').replace('ø', 'o')}.${last.toLowerCase().replace('æ', 'ae')}.${i}@${org.domain}`;
    const user = await createOrUpdateUser(db, { email, name: `${first} ${last}` });
    if (!user.ok) throw new Error(`writer ${email}: ${JSON.stringify(user.violations)}`);
    await grantMembership(db, user.user.id, orgIds.get(org.orgnr)!, 'member');
    writers.push({ email, orgnr: org.orgnr, token: (await issueToken(db, user.user.id, 'soak')).token });
  }
  log(`${writers.length} writers with API tokens in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const cases = await sql<{ id: string }>`
    select id::text as id from cases where published_at is not null and visibility = 'public' order by md5(id::text) limit 5000`.execute(db);
  const total = await sql<{ n: number }>`select count(*)::int as n from cases where published_at is not null and visibility = 'public'`.execute(db);
  return {
    writers,
    caseIds: cases.rows.map((r) => r.id),
    listPages: Math.max(1, Math.ceil((total.rows[0]?.n ?? 0) / 20)),
    orgnrs: SOAK_ORGS.map((o) => o.orgnr),
    searchWords: ['velferdsteknologi', 'skole', 'digital', 'helse', 'klima', 'barnehage', 'innbyggere', 'sensor', 'teknologi', '"digital postkasse"'],
  };
}

// ---------------------------------------------------------------------------------------------
// Requests

export const KINDS = [
  'page-home',
  'page-cases',
  'page-case',
  'page-search',
  'page-challenges',
  'page-dashboard',
  'page-org',
  'api-cases',
  'api-case',
  'write-create',
  'write-patch',
  'write-comment',
  'write-follow',
] as const;
export type Kind = (typeof KINDS)[number];

/** What each kind requests (for the report). */
export const KIND_LABELS: Record<Kind, string> = {
  'page-home': 'page `/`',
  'page-cases': 'page `/cases?page=N`',
  'page-case': 'page `/cases/:id`',
  'page-search': 'page `/search?q=…`',
  'page-challenges': 'page `/challenges`',
  'page-dashboard': 'page `/dashboard`',
  'page-org': 'page `/organisations/:orgnr`',
  'api-cases': 'API `GET /api/v1/cases` (list, search)',
  'api-case': 'API `GET /api/v1/cases/:id`',
  'write-create': 'API `POST /api/v1/cases` (draft)',
  'write-patch': 'API `PATCH /api/v1/cases/:id`',
  'write-comment': 'API `POST /api/v1/cases/:id/comments`',
  'write-follow': 'API `POST /api/v1/following`',
};

/**
 * Default weights: about four in five requests are reads (pages by anonymous visitors more than
 * the API), one in five a write by a signed-in user, as a platform with active editors might see.
 */
export const DEFAULT_MIX: Record<Kind, number> = {
  'page-home': 10,
  'page-cases': 8,
  'page-case': 16,
  'page-search': 8,
  'page-challenges': 4,
  'page-dashboard': 3,
  'page-org': 6,
  'api-cases': 8,
  'api-case': 15,
  'write-create': 5,
  'write-patch': 6,
  'write-comment': 4,
  'write-follow': 4,
};

interface Response {
  status: number;
  body: string;
}

class RequestFailed extends Error {}

function send(agent: http.Agent, base: URL, method: string, path: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        agent,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => reject(new RequestFailed(`response: ${(err as NodeJS.ErrnoException).code ?? err.message}`)));
        res.on('aborted', () => reject(new RequestFailed('response aborted')));
      },
    );
    req.on('timeout', () => req.destroy(new RequestFailed(`timeout after ${timeoutMs} ms`)));
    req.on('error', (err) => reject(err instanceof RequestFailed ? err : new RequestFailed((err as NodeJS.ErrnoException).code ?? err.message)));
    req.end(body);
  });
}

// ---------------------------------------------------------------------------------------------
// The ledger of acknowledged writes

interface CaseRecord {
  id: string;
  writer: number;
  /** Titles in the order this client sent them (the create first); each client edits its own cases one request at a time. */
  titles: string[];
  /** Indices in `titles` of the writes the server acknowledged (the create and every acknowledged edit). */
  acked: number[];
}

/** Every write the server answered with success, kept until it is checked after a crash. */
export class Ledger {
  readonly cases = new Map<string, CaseRecord>();
  /** Comment id → what was sent. */
  readonly comments = new Map<string, { caseId: string; body: string }>();
  /** Writer index → case ids it follows (acknowledged). */
  readonly follows = new Map<number, Set<string>>();
  acknowledged = { creates: 0, edits: 0, comments: 0, follows: 0 };

  get total(): number {
    const a = this.acknowledged;
    return a.creates + a.edits + a.comments + a.follows;
  }
}

export interface VerifyReport {
  acknowledged: Ledger['acknowledged'] & { total: number };
  present: number;
  lost: number;
  /** Cases whose title is a later edit that was cut by the kill before its answer: committed, never acknowledged. */
  unacknowledgedEditsCommitted: number;
  problems: string[];
  ms: number;
}

/**
 * Reads every acknowledged write back through the API of the (restarted) server: each case with its
 * writer's token (drafts are theirs), each case's comments, each writer's follows. A case's title
 * must be its last acknowledged one, or a later edit that was in flight when the server died.
 */
export async function verifyLedger(baseUrl: string, ledger: Ledger, writers: Writer[], options: { concurrency?: number; timeoutMs?: number } = {}): Promise<VerifyReport> {
  const t0 = performance.now();
  const base = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency ?? 20 });
  const timeout = options.timeoutMs ?? 30_000;
  const problems: string[] = [];
  let present = 0;
  let lost = 0;
  let unacked = 0;
  const get = async (path: string, token?: string) => {
    const res = await send(agent, base, 'GET', path, token ? { authorization: `Bearer ${token}`, accept: 'application/json' } : { accept: 'application/json' }, undefined, timeout);
    return { status: res.status, json: res.status === 200 ? (JSON.parse(res.body) as unknown) : null };
  };
  const tasks: (() => Promise<void>)[] = [];
  for (const c of ledger.cases.values()) {
    tasks.push(async () => {
      const res = await get(`/api/v1/cases/${c.id}`, writers[c.writer]!.token);
      const title = (res.json as { title?: string } | null)?.title;
      const at = title === undefined ? -1 : c.titles.lastIndexOf(title);
      const last = Math.max(...c.acked);
      // Every acknowledged write after what is there (all of them, if the case is gone) is lost.
      const missing = c.acked.filter((i) => i > at).length;
      lost += missing;
      present += c.acked.length - missing;
      if (missing > 0) problems.push(`case ${c.id}: HTTP ${res.status}, title ${JSON.stringify(title)}, last acknowledged ${JSON.stringify(c.titles[last])}`);
      else if (at > last) unacked++;
    });
  }
  const byCase = new Map<string, { id: string; body: string }[]>();
  for (const [id, c] of ledger.comments) byCase.set(c.caseId, [...(byCase.get(c.caseId) ?? []), { id, body: c.body }]);
  for (const [caseId, expected] of byCase) {
    tasks.push(async () => {
      const res = await get(`/api/v1/cases/${caseId}/comments`);
      const items = new Map(((res.json as { items?: { id: string; body: string }[] } | null)?.items ?? []).map((i) => [i.id, i.body]));
      for (const e of expected) {
        if (items.get(e.id) === e.body) present++;
        else {
          lost++;
          problems.push(`comment ${e.id} on case ${caseId}: HTTP ${res.status}, ${items.has(e.id) ? 'different text' : 'missing'}`);
        }
      }
    });
  }
  for (const [writer, keys] of ledger.follows) {
    tasks.push(async () => {
      const res = await get('/api/v1/following', writers[writer]!.token);
      const followed = new Set(((res.json as { items?: { kind: string; key: string }[] } | null)?.items ?? []).filter((i) => i.kind === 'case').map((i) => i.key));
      for (const key of keys) {
        if (followed.has(key)) present++;
        else {
          lost++;
          problems.push(`follow of case ${key} by writer ${writer}: HTTP ${res.status}, missing`);
        }
      }
    });
  }
  const queue = tasks.slice();
  await Promise.all(
    Array.from({ length: options.concurrency ?? 20 }, async () => {
      for (let task = queue.shift(); task; task = queue.shift()) await task();
    }),
  );
  agent.destroy();
  return {
    acknowledged: { ...ledger.acknowledged, total: ledger.total },
    present,
    lost,
    unacknowledgedEditsCommitted: unacked,
    problems,
    ms: performance.now() - t0,
  };
}

// ---------------------------------------------------------------------------------------------
// The load

export interface KindFigures {
  kind: Kind | 'all';
  requests: number;
  errors: number;
  /** Requests cut by an announced kill -9 (not errors, not acknowledged). */
  cut: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  rps: number;
}

export interface LoadReport {
  seconds: number;
  clients: number;
  kinds: KindFigures[];
  total: KindFigures;
  /** Error reason → count, with one sample answer per reason. */
  errors: { reason: string; count: number; sample: string }[];
  /** Requests of a kind that could not run as drawn and ran as another (a comment over the per-user limit ran as a follow, an edit with no case yet as a create). */
  substituted: Record<string, number>;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

class Latencies {
  private values = new Float64Array(1024);
  length = 0;
  push(v: number) {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = v;
  }
  sorted(): Float64Array {
    return this.values.slice(0, this.length).sort();
  }
}

interface KindStats {
  latencies: Latencies;
  errors: number;
  cut: number;
}

export interface LoadOptions {
  clients: number;
  fixture: SoakFixture;
  ledger: Ledger;
  /** Relative weights; kinds left out are not requested. */
  mix?: Partial<Record<Kind, number>>;
  /** Per-request timeout (an answer slower than this is an error). */
  timeoutMs?: number;
  /** Writers per client: comments are limited per user (COMMENT_RATE_LIMIT), so each client spreads its comments over its own writers. */
  writersPerClient?: number;
}

/**
 * N clients in closed loops against one server. `run(url, seconds)` drives it and reports;
 * `cut()` (after a kill -9 of the server) stops the clients and books the failures still to come
 * as cut rather than errors. The ledger persists across runs, across a restart too.
 */
export class SoakLoad {
  private stats = new Map<Kind, KindStats>();
  private errorReasons = new Map<string, { count: number; sample: string }>();
  private substituted: Record<string, number> = {};
  private stopAt = 0;
  private isCut = false;
  private seq = 0;
  private readonly table: { kind: Kind; upTo: number }[] = [];
  private readonly weightTotal: number;
  /** Writer index → send times of its comments (the server's limit counts committed ones; ours counts sent ones, which is stricter). */
  private readonly commentTimes = new Map<number, number[]>();
  /** Client index → its acknowledged cases (edited by that client only, one request at a time). */
  private readonly ownCases = new Map<number, string[]>();
  private readonly writersPerClient: number;

  constructor(private readonly options: LoadOptions) {
    let upTo = 0;
    for (const kind of KINDS) {
      const w = (options.mix ?? DEFAULT_MIX)[kind] ?? 0;
      if (w <= 0) continue;
      upTo += w;
      this.table.push({ kind, upTo });
    }
    this.weightTotal = upTo;
    this.writersPerClient = options.writersPerClient ?? Math.max(1, Math.floor(options.fixture.writers.length / options.clients));
    if (options.fixture.writers.length < options.clients * this.writersPerClient) {
      throw new Error(`${options.clients} clients × ${this.writersPerClient} writers need ${options.clients * this.writersPerClient} writers; the fixture has ${options.fixture.writers.length}`);
    }
  }

  /** Stops the clients after a kill -9: failures from now on are cut requests, not errors. */
  cut(): void {
    this.isCut = true;
    this.stopAt = 0;
  }

  async run(baseUrl: string, seconds: number): Promise<LoadReport> {
    this.stats = new Map(KINDS.map((k) => [k, { latencies: new Latencies(), errors: 0, cut: 0 }]));
    this.errorReasons = new Map();
    this.substituted = {};
    this.isCut = false;
    const base = new URL(baseUrl);
    const agent = new http.Agent({ keepAlive: true, maxSockets: this.options.clients, maxFreeSockets: this.options.clients });
    const started = performance.now();
    this.stopAt = started + seconds * 1000;
    await Promise.all(Array.from({ length: this.options.clients }, (_, i) => this.client(i, agent, base)));
    const elapsed = (performance.now() - started) / 1000;
    agent.destroy();
    return this.report(elapsed);
  }

  private draw(): Kind {
    const r = Math.random() * this.weightTotal;
    return this.table.find((t) => r < t.upTo)!.kind;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(Math.random() * items.length)]!;
  }

  private async client(index: number, agent: http.Agent, base: URL): Promise<void> {
    while (performance.now() < this.stopAt && !this.isCut) {
      await this.one(index, this.draw(), agent, base);
    }
  }

  private writerOf(client: number): number {
    return client * this.writersPerClient + Math.floor(Math.random() * this.writersPerClient);
  }

  /** A writer of this client with comments left under the per-user limit, or null. */
  private commenterOf(client: number): number | null {
    const now = Date.now();
    // The server counts a sliding window; a minute's margin covers clock and commit-time skew.
    const windowMs = (COMMENT_RATE_LIMIT.windowMinutes + 1) * 60_000;
    for (let k = 0; k < this.writersPerClient; k++) {
      const w = client * this.writersPerClient + k;
      const times = (this.commentTimes.get(w) ?? []).filter((t) => now - t < windowMs);
      this.commentTimes.set(w, times);
      if (times.length < COMMENT_RATE_LIMIT.max) return w;
    }
    return null;
  }

  private async one(client: number, drawn: Kind, agent: http.Agent, base: URL): Promise<void> {
    const f = this.options.fixture;
    const ledger = this.options.ledger;
    let kind = drawn;
    const own = this.ownCases.get(client) ?? [];
    if (kind === 'write-patch' && own.length === 0) kind = 'write-create';
    let commenter: number | null = null;
    if (kind === 'write-comment') {
      commenter = this.commenterOf(client);
      if (commenter === null) kind = 'write-follow';
    }
    if (kind !== drawn) this.substituted[`${drawn} → ${kind}`] = (this.substituted[`${drawn} → ${kind}`] ?? 0) + 1;

    const html = { accept: 'text/html' };
    const json = { accept: 'application/json' };
    const auth = (w: number) => ({ accept: 'application/json', authorization: `Bearer ${f.writers[w]!.token}` });
    const tag = `${client}-${++this.seq}`;
    let method = 'GET';
    let path: string;
    let headers: Record<string, string> = html;
    let body: string | undefined;
    let expect: number[] = [200];
    let onOk: ((res: Response) => void) | undefined;
    let onSent: (() => void) | undefined;

    switch (kind) {
      case 'page-home':
        path = '/';
        break;
      case 'page-cases':
        // Mostly the first pages, as visitors browse; sometimes deep.
        path = Math.random() < 0.7 ? '/cases' : `/cases?page=${1 + Math.floor(Math.random() * Math.min(f.listPages, 50))}`;
        break;
      case 'page-case':
        path = `/cases/${this.pick(f.caseIds)}`;
        break;
      case 'page-search':
        path = `/search?q=${encodeURIComponent(this.pick(f.searchWords))}`;
        break;
      case 'page-challenges':
        path = '/challenges';
        break;
      case 'page-dashboard':
        path = '/dashboard';
        break;
      case 'page-org':
        path = `/organisations/${this.pick(f.orgnrs)}`;
        break;
      case 'api-cases':
        headers = json;
        path = Math.random() < 0.5 ? '/api/v1/cases?per_page=20' : `/api/v1/cases?q=${encodeURIComponent(this.pick(f.searchWords))}`;
        break;
      case 'api-case':
        headers = json;
        path = `/api/v1/cases/${this.pick(f.caseIds)}`;
        break;
      case 'write-create': {
        const w = this.writerOf(client);
        const title = `Digital innbyggerdialog i nærmiljøet (soak ${tag})`;
        method = 'POST';
        path = '/api/v1/cases';
        headers = auth(w);
        expect = [201];
        body = JSON.stringify({
          title,
          summary: `Innbyggere melder fra om hull i veien, glatte fortau og ødelagt gatelys i én kanal; kommunen svarer innen to dager. Registrert under last (${tag}).`,
          problem: 'Henvendelser kom på papir, telefon og e-post og ble borte mellom etatene.',
          types: ['service'],
          themes: ['https://psi.norge.no/los/tema/skole-og-utdanning'],
          stage: 'implement',
          status: 'active',
          visibility: 'public',
          language: 'nb',
        });
        onOk = (res) => {
          const id = (JSON.parse(res.body) as { id: string }).id;
          ledger.cases.set(id, { id, writer: w, titles: [title], acked: [0] });
          ledger.acknowledged.creates++;
          own.push(id);
          this.ownCases.set(client, own);
        };
        break;
      }
      case 'write-patch': {
        const id = this.pick(own);
        const record = ledger.cases.get(id)!;
        const title = `Digital innbyggerdialog i nærmiljøet, versjon ${record.titles.length + 1} (soak ${tag})`;
        method = 'PATCH';
        path = `/api/v1/cases/${id}`;
        headers = auth(record.writer);
        body = JSON.stringify({ title, summary: `Oppdatert under last (${tag}): svarfristen er nå én dag.` });
        onSent = () => record.titles.push(title);
        const at = record.titles.length;
        onOk = () => {
          record.acked.push(at);
          ledger.acknowledged.edits++;
        };
        break;
      }
      case 'write-comment': {
        const w = commenter!;
        const caseId = this.pick(f.caseIds);
        const text = `Vi i ${f.writers[w]!.email.split('@')[1]} vurderer å ta dette i bruk. Hvordan fikk dere med fagforeningene? (soak ${tag})`;
        method = 'POST';
        path = `/api/v1/cases/${caseId}/comments`;
        headers = auth(w);
        expect = [201];
        body = JSON.stringify({ kind: 'question', body: text });
        onSent = () => this.commentTimes.get(w)!.push(Date.now());
        onOk = (res) => {
          ledger.comments.set((JSON.parse(res.body) as { id: string }).id, { caseId, body: text });
          ledger.acknowledged.comments++;
        };
        break;
      }
      case 'write-follow': {
        const w = this.writerOf(client);
        const caseId = this.pick(f.caseIds);
        method = 'POST';
        path = '/api/v1/following';
        headers = auth(w);
        expect = [200, 201];
        body = JSON.stringify({ kind: 'case', key: caseId });
        onOk = () => {
          // Following twice is one fact (the repeat answers 200): the ledger counts it once.
          const set = ledger.follows.get(w) ?? new Set<string>();
          if (set.has(caseId)) return;
          set.add(caseId);
          ledger.follows.set(w, set);
          ledger.acknowledged.follows++;
        };
        break;
      }
    }

    const stats = this.stats.get(kind)!;
    onSent?.();
    const t0 = performance.now();
    try {
      const res = await send(agent, base, method, path, headers, body, this.options.timeoutMs ?? 30_000);
      const ms = performance.now() - t0;
      if (expect.includes(res.status)) {
        stats.latencies.push(ms);
        onOk?.(res);
        return;
      }
      this.fail(stats, `HTTP ${res.status} on ${method} ${kind}`, res.body.slice(0, 300));
    } catch (err) {
      this.fail(stats, `${(err as Error).message} on ${method} ${kind}`, path);
    }
  }

  private fail(stats: KindStats, reason: string, sample: string) {
    if (this.isCut) {
      stats.cut++;
      return;
    }
    stats.errors++;
    const r = this.errorReasons.get(reason) ?? { count: 0, sample };
    r.count++;
    this.errorReasons.set(reason, r);
  }

  private report(seconds: number): LoadReport {
    const all = new Latencies();
    let errors = 0;
    let cut = 0;
    const kinds: KindFigures[] = [];
    for (const kind of KINDS) {
      const s = this.stats.get(kind)!;
      const sorted = s.latencies.sorted();
      for (const v of sorted) all.push(v);
      errors += s.errors;
      cut += s.cut;
      if (sorted.length + s.errors + s.cut === 0) continue;
      kinds.push(figures(kind, sorted, s.errors, s.cut, seconds));
    }
    const total = figures('all', all.sorted(), errors, cut, seconds);
    return {
      seconds,
      clients: this.options.clients,
      kinds,
      total,
      errors: [...this.errorReasons].map(([reason, r]) => ({ reason, count: r.count, sample: r.sample })).sort((a, b) => b.count - a.count),
      substituted: this.substituted,
    };
  }
}

function figures(kind: Kind | 'all', sorted: Float64Array, errors: number, cut: number, seconds: number): KindFigures {
  return {
    kind,
    requests: sorted.length + errors + cut,
    errors,
    cut,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
    rps: sorted.length / seconds,
  };
}
