import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createTestApp, createToken, createUser, testConfig, type TestApp } from '../helpers/app.js';
import { ASKER, BAERUM, caseBody, createCaseViaApi, OSLO } from '../helpers/cases.js';
import { createTestDatabase, dataTargets, type DataTarget } from '../helpers/db.js';
import {
  HOSTILE_STRINGS,
  invalidBodyArbitrary,
  invalidParamArbitrary,
  operationsOf,
  validArbitrary,
  type ArbitraryOptions,
  type Hints,
  type OpenApiDocument,
  type Operation,
  type ParameterObject,
} from '../helpers/openapi-arbitraries.js';

/**
 * API fuzzing (issue 8). Every operation in the OpenAPI document is driven with input generated
 * from its own schemas: valid values (reaching deep code with real ids, orgnrs and themes), and
 * the same with one thing broken (wrong types, missing or extra fields, too long, out of range,
 * unicode junk, SQL and HTML, malformed JSON, wrong content type, ids that do not exist), as
 * anonymous, a member of Oslo, a platform admin and a caller with a bogus token.
 *
 * Every answer: no 5xx; a 4xx is application/problem+json with its status and a title; a 400 for
 * invalid fields names them (and names the very field the fuzzer broke when validation had to
 * refuse it); input that validation must refuse never gets a 2xx; a 2xx is of a documented media
 * type, and JSON parses. Failures are collected and reported together with the seed.
 *
 * Replay: FUZZ_SEED=<seed> (FUZZ_RUNS=<n> for the first database, FUZZ_RUNS_OTHER=<n> for the
 * server, FUZZ_CONCURRENCY=1 for the exact order of writes). FUZZ_VERBOSE=1 prints per-operation
 * status counts; FUZZ_FAILURES_FILE=<path> and FUZZ_TRACE=<path> write the failing requests, or
 * every request with its answer, as JSON (<path>.<database>.json); FUZZ_LOG=1 logs the app's
 * errors (the stack behind a 500) to stdout.
 */

const env = process.env;
const SEED = env.FUZZ_SEED ? Number(env.FUZZ_SEED) : 2026_0808;
const RUNS_FIRST = env.FUZZ_RUNS ? Number(env.FUZZ_RUNS) : 10_000;
const RUNS_OTHER = env.FUZZ_RUNS_OTHER ? Number(env.FUZZ_RUNS_OTHER) : 2_000;
const CONCURRENCY = env.FUZZ_CONCURRENCY ? Number(env.FUZZ_CONCURRENCY) : 4;
/** What CI must send on the first database, unless a replay asks for fewer. */
const MIN_REQUESTS = env.FUZZ_RUNS ? RUNS_FIRST : 10_000;
const NAV = '889640782';

type Caller = 'anonymous' | 'member' | 'admin' | 'bogus';

interface FuzzRequest {
  op: string;
  method: string;
  url: string;
  caller: Caller;
  headers: Record<string, string>;
  payload?: string;
  /** What was done to the input. */
  why: string;
  /** Validation must refuse this input … */
  certain: boolean;
  /** … naming this field (`body` for the whole body). */
  field?: string;
}

interface Pools {
  caseIds: string[];
  challengeIds: string[];
  commentIds: string[];
  /** Challenge responses (requests and a private proposal), for …/responses/{responseId}/… */
  responseIds: string[];
  roundIds: string[];
  orgIds: string[];
  themeUris: string[];
  mainThemeUris: string[];
}

/** createTestApp, but with the app's error log on stdout (FUZZ_LOG=1: what is behind a 500). */
async function createLoggingTestApp(target: DataTarget): Promise<TestApp> {
  const database = await createTestDatabase(target);
  const config = testConfig();
  const app = await buildApp({ config, db: database.db, pool: database.pool, logger: { level: 'error' } });
  await app.ready();
  return { app, database, config, close: async () => (await app.close(), await database.drop()) };
}

/** Real values for fields a schema only says are strings. */
function domainHints(pools: Pools): Hints {
  // Mostly the member's own body, so that valid writes pass the policies too.
  const orgnrs = fc.oneof({ arbitrary: fc.constant(OSLO), weight: 3 }, { arbitrary: fc.constantFrom(ASKER, NAV, BAERUM), weight: 1 });
  const ids = (list: string[]) => (list.length ? fc.constantFrom(...list) : undefined);
  return (name) => {
    switch (name) {
      case 'orgnr':
      case 'ownerOrgnr':
      case 'adopterOrgnr':
      case 'owner':
      case 'coOwners[]':
        return orgnrs;
      case 'themes[]':
        return fc.constantFrom(...pools.themeUris);
      case 'theme':
      case 'theme[]':
        return fc.constantFrom(...pools.mainThemeUris);
      case 'caseId':
      case 'noveltySourceCaseId':
        return ids(pools.caseIds);
      case 'mergedInto':
        return ids(pools.challengeIds);
      case 'parentId':
        return ids(pools.commentIds);
      case 'kind':
        return fc.constantFrom('comment', 'question');
      case 'key':
        // A follow key, or a barometer round's key.
        return fc.oneof(fc.constantFrom(...pools.caseIds, ...pools.challengeIds, ...pools.orgIds, ...pools.mainThemeUris), fc.constantFrom('q=velferd&county=46', 'q=skole', 'type=service'), fc.stringMatching(/^[a-z][a-z0-9-]{2,20}$/));
      case 'year':
        return fc.integer({ min: 2020, max: 2035 });
      case 'contactEmail':
      case 'email':
        return fc.oneof(fc.constantFrom('kari.kontakt@example.no', 'ola@oslo.kommune.no'), fc.emailAddress().filter((e) => e.length <= 200));
      case 'website':
      case 'url':
      case 'evaluationLink':
        return fc.oneof(fc.constantFrom('https://example.no/skoleappen', 'https://www.oslo.kommune.no/'), fc.webUrl().filter((u) => u.length <= 400));
      case 'q':
      case 'text':
        return fc.constantFrom('skole', 'velferd', 'digital innbyggerdialog', '"skolevei"', 'skole -papir', 'helse omsorg', 'fall eldre', 'Oslo');
      case 'csv':
        return fc.constantFrom('Skolekontoret; municipal; 10-49; leder.skole@example.no', 'enhet;sektor;størrelse;e-post\nHelse; municipal; 250+; helse@example.no');
      case 'workplaces[]':
        return fc.record({ unitName: fc.constantFrom('Skolekontoret', 'Helse og omsorg'), sizeBand: fc.constantFrom('1-9', '10-49', '50-249', '250+'), email: fc.constantFrom('skole@example.no', 'helse@example.no') });
      default:
        return undefined;
    }
  };
}

const JUNK_PATH_SEGMENTS = ['%', '%zz', '%E0%A4%A', '%ED%A0%80', '..', '.', '%2e%2e', '%00', '%2F', '%2F..%2F', ';', '%20', '-1', '1.0', '0x1', 'null', '999999999999999999999999999999', '00000000-0000-0000-0000-000000000000', encodeURIComponent("1' OR '1'='1"), '%F0%9F%98%80', '1'.repeat(201), 'ø'.repeat(150)];
const JUNK_QUERIES = ['%', '%zz', 'q=%E0%A4%A', 'q=%ED%A0%80', '&&&', '=', '==', 'q', 'q=%00', 'page=1&page=2&page=3', `q=${'a'.repeat(8000)}`, 'a[b][c]=1', '__proto__[x]=1', 'constructor[prototype][x]=1', 'per_page[]=5', '%3D%26', 'lang=xx', 'lang=en&lang=nn'];
const MALFORMED_JSON = [
  '{',
  '{"title":',
  '{"a":1,}',
  "{'a':1}",
  'NaN',
  '[1,2',
  '\uFEFF{}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  '{"a":1}{"b":2}',
  '   ',
  'null',
  '""',
  '0',
  '{"a":1e999}',
  '{"a":' + '9'.repeat(400) + '}',
  '\u0000',
];

/** Encodes a URL part; a lone surrogate (not encodable in UTF-8) becomes an invalid UTF-8 sequence. */
function encodePart(s: string): string {
  let out = '';
  for (const ch of s) out += /^[\uD800-\uDFFF]$/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch);
  return out;
}

function queryString(pairs: [string, unknown][]): string {
  const parts: string[] = [];
  for (const [k, v] of pairs) {
    for (const item of Array.isArray(v) ? v : [v]) parts.push(`${encodePart(k)}=${encodePart(item === null ? '' : typeof item === 'object' ? JSON.stringify(item) : String(item))}`);
  }
  return parts.join('&');
}

interface Draft {
  params: Record<string, string>;
  /** Path parameters inserted as they are (already encoded or deliberately malformed). */
  rawParams: Record<string, string>;
  query: [string, unknown][];
  rawQuery?: string;
  body?: { payload?: string; contentType?: string };
  caller: Caller;
  bogus?: string;
  accept?: string;
  why: string;
  certain: boolean;
  field?: string;
}

/** The requests for one operation: valid drafts, and drafts with one part broken. */
function requestArbitrary(op: Operation, opts: ArbitraryOptions, pools: Pools): fc.Arbitrary<FuzzRequest> {
  const pathPool = (p: ParameterObject): string[] => {
    if (p.name === 'orgnr') return [OSLO, ASKER, NAV, BAERUM];
    const before = op.path.split(`/{${p.name}}`)[0]!.split('/').pop();
    return before === 'cases' ? pools.caseIds : before === 'challenges' ? pools.challengeIds : before === 'comments' ? pools.commentIds : before === 'responses' ? pools.responseIds : before === 'rounds' ? pools.roundIds : [];
  };
  const validPath = (p: ParameterObject): fc.Arbitrary<string> => {
    const real = pathPool(p);
    const generated = validArbitrary(p.schema, p.name, opts).map(String);
    const pattern = p.schema.pattern ? new RegExp(p.schema.pattern, 'u') : undefined;
    const edges = ['999999999999999999', '1', '0', '000000001', '000000000', '999999999'].filter((v) => !pattern || pattern.test(v));
    const huge = fc.constantFrom(...edges);
    return real.length ? fc.oneof({ arbitrary: fc.constantFrom(...real), weight: 6 }, { arbitrary: generated, weight: 2 }, { arbitrary: huge, weight: 1 }) : fc.oneof(generated, huge);
  };
  const params = op.pathParams.length ? fc.record(Object.fromEntries(op.pathParams.map((p) => [p.name, validPath(p)]))) : fc.constant({} as Record<string, string>);
  const queryPair = (p: ParameterObject, o: ArbitraryOptions) => {
    const hasDefault = (p.schema as { default?: unknown }).default !== undefined;
    const include = p.required && !hasDefault ? fc.constant(true) : fc.boolean();
    return include.chain((yes) => (yes ? validArbitrary(p.schema, p.name, o).map((v) => [[p.name, v]] as [string, unknown][]) : fc.constant([] as [string, unknown][])));
  };
  const query = (o: ArbitraryOptions) => fc.tuple(...op.queryParams.map((p) => queryPair(p, o))).map((lists) => lists.flat());
  const cleanOpts = { ...opts, clean: true };
  const bodyValid = (o: ArbitraryOptions) => op.body
    ? validArbitrary(op.body.schema, 'body', o).chain((v) =>
        fc.constantFrom('application/json', 'application/json; charset=utf-8').map((contentType) => ({ payload: JSON.stringify(v), contentType })),
      )
    : fc.constant(undefined);
  const caller = fc.oneof({ arbitrary: fc.constant<Caller>('anonymous'), weight: 3 }, { arbitrary: fc.constant<Caller>('member'), weight: 4 }, { arbitrary: fc.constant<Caller>('admin'), weight: 3 }, { arbitrary: fc.constant<Caller>('bogus'), weight: 1 });
  const bogus = fc.constantFrom(`Bearer nytk_${'x'.repeat(40)}`, 'Bearer ', 'Bearer', 'Basic dXNlcjpwYXNz', "Bearer nytk_'or'1'='1", `Bearer ${'a'.repeat(5000)}`, 'Token abc', 'Bearer nytk_%00');
  const okTypes = Object.entries(op.responses).filter(([code]) => code.startsWith('2')).flatMap(([, types]) => types);
  const accept = fc.constantFrom(undefined, 'application/json', '*/*', 'application/problem+json', 'application/json;q=0.9, */*;q=0.1', ...okTypes);

  const validWith = (o: ArbitraryOptions, why: string): fc.Arbitrary<Draft> =>
    fc.record({ params, query: query(o), body: bodyValid(o), caller, bogus, accept }).map((d) => ({ ...d, rawParams: {}, why, certain: false }));
  const valid = validWith(opts, 'valid');

  const variants: fc.WeightedArbitrary<Draft>[] = [
    { arbitrary: valid, weight: 70 },
    { arbitrary: validWith(cleanOpts, 'valid, plain'), weight: 70 },
  ];
  if (op.pathParams.length) {
    variants.push({
      arbitrary: fc.tuple(valid, fc.constantFrom(...op.pathParams)).chain(([d, p]) =>
        fc.oneof(
          invalidParamArbitrary(p, opts).map((inv) => {
            const value = String(Array.isArray(inv.value) ? inv.value[0] : inv.value);
            // `.` and `..` are path steps, resolved before routing (another route may answer).
            return { ...d, params: { ...d.params, [p.name]: value }, why: `path ${p.name}: ${inv.why}`, certain: inv.certain && !Array.isArray(inv.value) && !/^\.{1,2}$/.test(value), field: p.name };
          }),
          fc.constantFrom(...JUNK_PATH_SEGMENTS).map((raw) => ({ ...d, rawParams: { [p.name]: raw }, why: `path ${p.name} raw ${raw}`, certain: false })),
        ),
      ),
      weight: 40,
    });
  }
  if (op.queryParams.length) {
    variants.push({
      arbitrary: fc.tuple(valid, fc.constantFrom(...op.queryParams)).chain(([d, p]) => {
        const rest = d.query.filter(([k]) => k !== p.name);
        const hasDefault = (p.schema as { default?: unknown }).default !== undefined;
        const broken = invalidParamArbitrary(p, opts).map((inv) => ({ ...d, query: [...rest, [p.name, inv.value]] as [string, unknown][], why: `query ${p.name}: ${inv.why}`, certain: inv.certain, field: p.name }));
        return p.required && !hasDefault ? fc.oneof(broken, fc.constant({ ...d, query: rest, why: `query ${p.name} left out`, certain: true, field: p.name })) : broken;
      }),
      weight: 60,
    });
  }
  variants.push({
    arbitrary: fc.tuple(valid, fc.constantFrom(...JUNK_QUERIES), fc.constantFrom('foo', '__proto__', 'constructor', 'sort', 'lang')).map(([d, raw, extra]) => ({ ...d, rawQuery: `${queryString(d.query)}&${raw}&${extra}=${encodePart(HOSTILE_STRINGS[raw.length % HOSTILE_STRINGS.length]!)}`, why: `query junk ${raw.slice(0, 40)}`, certain: false })),
    weight: 20,
  });
  const opBody = op.body;
  if (opBody) {
    variants.push({
      arbitrary: fc.tuple(valid, invalidBodyArbitrary(opBody.schema, opts)).map(([d, inv]) => ({
        ...d,
        body: { payload: JSON.stringify(inv.value) ?? '', contentType: 'application/json' },
        why: `body ${inv.path.join('.') || '(whole)'}: ${inv.why}`,
        certain: inv.certain,
        field: inv.path.length ? inv.path.join('.') : 'body',
      })),
      weight: 100,
    });
    variants.push({
      arbitrary: fc.tuple(valid, validArbitrary(opBody.schema, 'body', opts)).chain(([d, v]) => {
        const flat = v && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v).map(([k, x]) => [k, x] as [string, unknown]) : [];
        return fc.constantFrom<Draft['body']>(
          { payload: JSON.stringify(v), contentType: 'text/plain' },
          { payload: JSON.stringify(v), contentType: 'application/xml' },
          { payload: '<case><title>x</title></case>', contentType: 'application/xml' },
          { payload: queryString(flat), contentType: 'application/x-www-form-urlencoded' },
          { payload: '--x\r\ncontent-disposition: form-data; name="title"\r\n\r\nx\r\n--x--\r\n', contentType: 'multipart/form-data; boundary=x' },
          { payload: JSON.stringify(v), contentType: 'application/json-patch+json' },
          { payload: JSON.stringify(v), contentType: 'application/json; charset=latin1' },
          { payload: JSON.stringify(v), contentType: 'text/csv' },
          { payload: 'Enhet; municipal; 10-49; a@example.no\n;;;\nx', contentType: 'text/csv' },
          { payload: JSON.stringify(v) },
          { payload: '', contentType: 'application/json' },
          { payload: undefined, contentType: undefined },
          { payload: JSON.stringify(v), contentType: 'garbage' },
          ...MALFORMED_JSON.map((payload) => ({ payload, contentType: 'application/json' })),
        ).map((body) => ({ ...d, body, why: `raw body ${body?.contentType ?? '(no content-type)'}: ${JSON.stringify(body?.payload ?? null).slice(0, 60)}`, certain: false }));
      }),
      weight: 60,
    });
    // Over the 1 MiB body limit: rare, each one is a megabyte.
    variants.push({ arbitrary: valid.map((d) => ({ ...d, body: { payload: JSON.stringify({ title: 'x'.repeat(1024 * 1024 + 10) }), contentType: 'application/json' }, why: 'body over 1 MiB', certain: false })), weight: 1 });
  } else if (op.method !== 'GET') {
    variants.push({
      arbitrary: fc.tuple(valid, fc.constantFrom(...MALFORMED_JSON.slice(0, 8), '{"x":1}', 'a=b')).chain(([d, payload]) =>
        fc.constantFrom('application/json', 'text/plain', 'application/xml', 'application/x-www-form-urlencoded').map((contentType) => ({ ...d, body: { payload, contentType }, why: `unexpected body ${contentType} ${payload.slice(0, 30)}`, certain: false })),
      ),
      weight: 40,
    });
  }
  return fc.oneof(...variants).map((d) => toRequest(op, d));
}

function toRequest(op: Operation, d: Draft): FuzzRequest {
  let path = op.path;
  for (const p of op.pathParams) path = path.replace(`{${p.name}}`, d.rawParams[p.name] ?? encodePart(d.params[p.name] ?? ''));
  const qs = d.rawQuery ?? queryString(d.query);
  const headers: Record<string, string> = {};
  if (d.caller === 'bogus' && d.bogus) headers.authorization = d.bogus;
  if (d.accept) headers.accept = d.accept;
  if (d.body?.contentType) headers['content-type'] = d.body.contentType;
  return { op: op.key, method: op.method, url: qs ? `${path}?${qs}` : path, caller: d.caller, headers, payload: d.body?.payload, why: d.why, certain: d.certain, field: d.field };
}

/** Deterministic shuffle (mulberry32), so the interleaving of operations replays with the seed. */
function shuffle<T>(items: T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** How many requests each operation gets: at least 15, the rest more for operations with more input to break. */
function allocate(ops: Operation[], total: number): Map<string, number> {
  const MIN = 15;
  const weight = (op: Operation) => 1 + (op.body ? 3 : 0) + (op.pathParams.length ? 1 : 0) + Math.min(op.queryParams.length, 6) / 3;
  const sum = ops.reduce((s, op) => s + weight(op), 0);
  const rest = Math.max(0, total - MIN * ops.length);
  const counts = new Map(ops.map((op) => [op.key, MIN + Math.floor((rest * weight(op)) / sum)]));
  let assigned = [...counts.values()].reduce((a, b) => a + b, 0);
  for (let i = 0; assigned < total; i = (i + 1) % ops.length, assigned++) counts.set(ops[i]!.key, counts.get(ops[i]!.key)! + 1);
  return counts;
}

const mediaType = (ct: string) => ct.split(';')[0]!.trim().toLowerCase();

/** What is wrong with a response, if anything. */
function problemWith(op: Operation, req: FuzzRequest, res: LightMyRequestResponse): string | undefined {
  const status = res.statusCode;
  const ct = String(res.headers['content-type'] ?? '');
  if (status >= 500) return `${status}`;
  if (status >= 400) {
    if (mediaType(ct) !== 'application/problem+json') return `${status} not problem+json (${ct || 'no content-type'})`;
    let p: { type?: unknown; title?: unknown; status?: unknown; detail?: unknown; errors?: unknown };
    try {
      p = JSON.parse(res.body);
    } catch {
      return `${status} problem body is not JSON`;
    }
    if (p.status !== status) return `${status} problem.status is ${JSON.stringify(p.status)}`;
    if (typeof p.title !== 'string' || !p.title.trim()) return `${status} problem without a title`;
    if (typeof p.type !== 'string' || !p.type) return `${status} problem without a type`;
    if (status === 400) {
      const errors = Array.isArray(p.errors) ? (p.errors as { field?: unknown; message?: unknown }[]) : undefined;
      if (p.type.endsWith('#validation')) {
        if (!errors?.length) return '400 validation problem without errors';
        if (errors.some((e) => typeof e.field !== 'string' || !e.field || typeof e.message !== 'string' || !e.message)) return '400 validation error without a field or message';
        if (req.certain && req.field) {
          const f = req.field;
          if (!errors.some((e) => { const name = String(e.field); return name === f || name.startsWith(`${f}.`) || name.startsWith(`${f}[`); })) return `400 does not name the broken field ${f}`;
        }
      } else if ((typeof p.detail !== 'string' || !p.detail.trim()) && !errors?.length) {
        return `400 ${p.type} says neither what nor where (no detail, no errors)`;
      }
    }
    return undefined;
  }
  if (status >= 200 && status < 300) {
    if (req.certain) return `${status} for input validation must refuse`;
    const documented = [...(op.responses[String(status)] ?? []), ...(op.responses['2XX'] ?? []), ...(op.responses.default ?? [])];
    if (res.body.length && documented.length && !documented.includes(mediaType(ct))) return `${status} as ${mediaType(ct) || 'no content-type'}, documented ${documented.join(', ')}`;
    if (req.method === 'GET' && /json/.test(mediaType(ct))) {
      try {
        JSON.parse(res.body);
      } catch {
        return `${status} ${ct} does not parse as JSON`;
      }
    }
  }
  return undefined;
}

interface Failure {
  req: FuzzRequest;
  status: number;
  what: string;
  body: string;
}

const excerpt = (s: string | undefined, n = 300) => (s === undefined ? '' : s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

function report(failures: Failure[], seed: number, target: string): string {
  const groups = new Map<string, Failure[]>();
  for (const f of failures) {
    const key = `${f.req.op} → ${f.what}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const lines = [`${failures.length} failing responses in ${groups.size} groups on the ${target} database. Replay with FUZZ_SEED=${seed}.`];
  for (const [key, list] of groups) {
    lines.push(`\n● ${key}  (${list.length}×)`);
    for (const f of list.slice(0, 3)) {
      lines.push(`    ${f.req.caller} ${f.req.method} ${excerpt(f.req.url, 200)}  [${f.req.why}]`);
      if (f.req.payload !== undefined) lines.push(`      content-type: ${f.req.headers['content-type'] ?? '-'}  body: ${excerpt(JSON.stringify(f.req.payload), 200)}`);
      lines.push(`      → ${f.status} ${excerpt(f.body, 300)}`);
    }
  }
  return lines.join('\n');
}

describe.each(dataTargets())('API fuzzing: every operation in the OpenAPI document ($name PostgreSQL)', (target) => {
  const first = target.name === dataTargets()[0]!.name;
  const runs = first ? RUNS_FIRST : RUNS_OTHER;
  let t: TestApp;
  let doc: OpenApiDocument;
  let pools: Pools;
  const tokens: Record<'member' | 'admin', string> = { member: '', admin: '' };

  beforeAll(async () => {
    t = env.FUZZ_LOG ? await createLoggingTestApp(target) : await createTestApp(target);
    doc = t.app.swagger() as unknown as OpenApiDocument;
    // The fuzzer's callers: a member of Oslo (who also owns the fixtures) and a platform admin;
    // an Asker member only sets things up.
    const member = await createUser(t, { name: 'Fuzz Medlem', org: OSLO, role: 'member' });
    const admin = await createUser(t, { name: 'Fuzz Admin', platformRole: 'admin' });
    const asker = await createUser(t, { name: 'Asker Medlem', org: ASKER, role: 'member' });
    tokens.member = await createToken(t, member.id);
    tokens.admin = await createToken(t, admin.id);
    const askerToken = await createToken(t, asker.id);
    const call = async (token: string, method: 'POST' | 'PUT', url: string, payload: unknown, status = 201) => {
      const res = await t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: payload as object });
      if (res.statusCode !== status) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json() as Record<string, unknown>;
    };

    const caseIds = [
      await createCaseViaApi(t, tokens.member, { title: 'Fuzz: digital innbyggerdialog' }),
      await createCaseViaApi(t, tokens.member, { title: 'Fuzz: velferdsteknologi', visibility: 'public_sector', lookingForPartners: true, partnerNeeds: ['business'] }),
      await createCaseViaApi(t, tokens.member, { title: 'Fuzz: utkast' }, false),
      await createCaseViaApi(t, askerToken, { title: 'Fuzz: Askers sak', visibility: 'own_org' }),
    ];
    await call(askerToken, 'POST', `/api/v1/cases/${caseIds[0]}/adoptions`, { adoptedOn: '2025-05-01', changes: 'Tilpasset', createCase: true });
    await call(tokens.member, 'POST', `/api/v1/cases/${caseIds[0]}/trials`, { title: 'Pilot', hypothesis: 'Det virker', result: 'confirmed', decision: 'scale', startedOn: '2025-01-01', endedOn: '2025-06-01' });
    const challengeBody = { title: 'Fuzz: færre fall', description: 'Fallulykker blant eldre.', usersConcerned: 'Eldre', lookingFor: ['peers', 'solutions'], themes: caseBody().themes, deadline: '2027-03-01', language: 'nb' };
    const challengeIds = [
      (await call(tokens.member, 'POST', '/api/v1/challenges', challengeBody)).id as string,
      (await call(tokens.member, 'POST', '/api/v1/challenges', { ...challengeBody, title: 'Fuzz: ensomhet' })).id as string,
    ];
    const responseIds = [
      (await call(askerToken, 'POST', `/api/v1/challenges/${challengeIds[0]}/responses`, { kind: 'same_need', joinAsCoOwner: true })).id as string,
      (await call(askerToken, 'POST', `/api/v1/challenges/${challengeIds[0]}/responses`, { kind: 'solved', caseId: caseIds[0] })).id as string,
      (await call(askerToken, 'POST', `/api/v1/challenges/${challengeIds[0]}/responses`, { kind: 'proposal', body: 'Et privat forslag.' })).id as string,
    ];
    const commentIds: string[] = [];
    for (const [kind, id] of [['cases', caseIds[0]], ['challenges', challengeIds[0]]] as const) {
      const question = await call(askerToken, 'POST', `/api/v1/${kind}/${id}/comments`, { kind: 'question', body: 'Hvordan fikk dere det til?' });
      const answer = await call(tokens.member, 'POST', `/api/v1/${kind}/${id}/comments`, { body: 'Med SMS.', parentId: question.id });
      const rude = await call(askerToken, 'POST', `/api/v1/${kind}/${id}/comments`, { body: 'Ring Ola på 999 99 999.' });
      await call(tokens.member, 'POST', `/api/v1/comments/${rude.id}/flags`, { reason: 'personal_data' });
      await call(tokens.admin, 'POST', `/api/v1/comments/${rude.id}/hide`, { reason: 'Personopplysninger' }, 200);
      commentIds.push(String(question.id), String(answer.id), String(rude.id));
    }
    const today = new Date().toISOString().slice(0, 10);
    const closes = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const round = await call(tokens.admin, 'POST', '/api/v1/barometer/rounds', { title: 'Fuzz-runden', year: 2026, key: 'fuzz', opensOn: today, closesOn: closes });
    await call(tokens.admin, 'POST', `/api/v1/barometer/rounds/${round.id}/invitations/${OSLO}`, { workplaces: [{ unitName: 'Skolekontoret', sizeBand: '10-49', email: 'skole@example.no' }] });

    const themes = (await t.app.inject('/api/v1/themes?limit=50')).json() as { items?: { uri: string }[] } | { uri: string }[];
    const main = (await t.app.inject('/api/v1/themes/main')).json() as { items?: { uri: string }[] } | { uri: string }[];
    const uris = (x: typeof themes) => (Array.isArray(x) ? x : (x.items ?? [])).map((i) => i.uri);
    // The API does not show an organisation's id (the key to follow it by): from the database.
    const orgIds = (await t.database.db.selectFrom('organisations').select('id').where('orgnr', 'in', [OSLO, ASKER]).execute()).map((o) => String(o.id));
    pools = { caseIds, challengeIds, commentIds, responseIds, roundIds: [String(round.id)], orgIds, themeUris: [...uris(themes), ...caseBody().themes], mainThemeUris: uris(main) };
    expect(pools.mainThemeUris.length).toBeGreaterThan(0);
    // Things the member follows, so that some generated unfollows find something.
    const follows = [...caseIds.slice(0, 3).map((key) => ['case', key]), ...challengeIds.map((key) => ['challenge', key]), ...orgIds.map((key) => ['organisation', key]), ...pools.mainThemeUris.slice(0, 5).map((key) => ['theme', key]), ['search', 'q=skole']];
    for (const [kind, key] of follows) await call(tokens.member, 'POST', '/api/v1/following', { kind, key });
  }, 120_000);
  afterAll(async () => t?.close());

  it(`answers ${runs} generated requests without a 5xx, every 4xx as problem+json naming the problem`, async () => {
    const started = Date.now();
    const ops = operationsOf(doc);
    expect(ops.length).toBeGreaterThan(50);
    const opts: ArbitraryOptions = { doc, hints: domainHints(pools) };
    const byKey = new Map(ops.map((op) => [op.key, op]));
    const counts = allocate(ops, runs);
    const planned: FuzzRequest[] = [];
    const generation = new Map<string, number>();
    for (const op of ops) {
      const t0 = performance.now();
      planned.push(...fc.sample(requestArbitrary(op, opts, pools), { seed: (SEED ^ hash(op.key)) | 0, numRuns: counts.get(op.key)! }));
      generation.set(op.key, performance.now() - t0);
    }
    const requests = shuffle(planned, SEED);
    const generatedMs = Date.now() - started;

    const failures: Failure[] = [];
    const statuses = new Map<string, Map<number, number>>(ops.map((op) => [op.key, new Map()]));
    const timing = new Map<string, number>();
    const trace: unknown[] = [];
    const reached = new Set<string>();
    let sent = 0;
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const req = requests[next++]!;
        const headers = { ...req.headers };
        if (req.caller === 'member' || req.caller === 'admin') headers.authorization = `Bearer ${tokens[req.caller]}`;
        const t0 = performance.now();
        const res = await t.app.inject({ method: req.method as 'GET', url: req.url, headers, payload: req.payload });
        timing.set(req.op, (timing.get(req.op) ?? 0) + performance.now() - t0);
        sent++;
        const perOp = statuses.get(req.op)!;
        perOp.set(res.statusCode, (perOp.get(res.statusCode) ?? 0) + 1);
        // Past routing, authentication and validation: the route's own code answered (a 404 of
        // the router has no detail; one of a route says what was not found).
        const routeNotFound = res.statusCode === 404 && !/"detail"/.test(res.body);
        if (req.caller !== 'bogus' && ![400, 413, 414, 415].includes(res.statusCode) && !routeNotFound) reached.add(req.op);
        const what = problemWith(byKey.get(req.op)!, req, res);
        if (what) failures.push({ req, status: res.statusCode, what, body: res.body });
        if (env.FUZZ_TRACE) trace.push({ op: req.op, caller: req.caller, why: req.why, url: req.url, payload: req.payload?.slice(0, 2000), status: res.statusCode, body: res.body.slice(0, 600) });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const elapsed = Date.now() - started;

    const summary = [...statuses].map(([op, s]) => `${op} (${((timing.get(op) ?? 0) / 1000).toFixed(1)} s, generated in ${((generation.get(op) ?? 0) / 1000).toFixed(2)} s): ${[...s].sort(([a], [b]) => a - b).map(([code, n]) => `${code}×${n}`).join(' ')}`);
    const unreached = ops.filter((op) => !reached.has(op.key)).map((op) => op.key);
    const never2xx = [...statuses].filter(([, s]) => ![...s.keys()].some((code) => code >= 200 && code < 300)).map(([op]) => op);
    console.log(`API fuzz (${target.name}): ${sent} requests to ${ops.length} operations in ${(elapsed / 1000).toFixed(1)} s (generation ${(generatedMs / 1000).toFixed(1)} s, concurrency ${CONCURRENCY}, seed ${SEED}); ${failures.length} failures; no 2xx for: ${never2xx.join(', ') || 'none'}`);
    if (env.FUZZ_VERBOSE) console.log(summary.join('\n'));
    if (env.FUZZ_TRACE) writeFileSync(`${env.FUZZ_TRACE}.${target.name}.json`, JSON.stringify(trace));
    if (env.FUZZ_FAILURES_FILE) writeFileSync(`${env.FUZZ_FAILURES_FILE}.${target.name}.json`, JSON.stringify(failures.map((f) => ({ ...f.req, status: f.status, what: f.what })), null, 1));

    expect(failures.length, report(failures, SEED, target.name)).toBe(0);
    // Every operation was driven, and got past validation at least once.
    expect([...statuses].filter(([, s]) => s.size === 0).map(([op]) => op)).toEqual([]);
    expect(unreached, `only refused by validation or routing (seed ${SEED})`).toEqual([]);
    // Valid input reaches deep: nearly every operation succeeded at least once.
    expect(never2xx.length, `operations without a single 2xx: ${never2xx.join(', ')}`).toBeLessThanOrEqual(Math.floor(ops.length / (first ? 10 : 5)));
    expect(sent).toBe(requests.length);
    if (first) expect(sent).toBeGreaterThanOrEqual(MIN_REQUESTS);
  }, 600_000);
});
