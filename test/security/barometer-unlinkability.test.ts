import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorld, generateBarometerAnswer, type BenchBarometerAnswer } from '../../bench/generate.js';
import { Rng } from '../../bench/prng.js';
import { createOrUpdateUser } from '../../src/auth/auth.service.js';
import type { AuthContext } from '../../src/http/context.js';
import type { Lang } from '../../src/i18n/index.js';
import { inviteWorkplaces, openRound, saveAnswerPage, sendReminders, submitAnswers } from '../../src/barometer/barometer.service.js';
import { addDays, buildResponse, osloToday, type AnswerState } from '../../src/barometer/barometer.validation.js';
import { tokenFromText } from '../fixtures/barometer.js';
import { pageItems, pagesFor, type PageId } from '../../src/barometer/questionnaire.js';
import { createTestDatabase, dataTargets, type TestDatabase } from '../helpers/db.js';
import { attack, readEverything, score, STRATEGIES, type Score } from './barometer-attacker.js';

/**
 * Unlinkable barometer answers as a property with an attacker (issue 14, finding 4): after a round's
 * answers are in — submitted through the questionnaire's own service, with reminders between the
 * submissions — an attacker who reads every table and system column tries to pair each answer with
 * the invitation (unit, e-mail) that gave it, and must do no better than chance among its
 * organisation's answered invitations. Once on small hand-made organisations where every signal is as
 * strong as it can be, once on a generated round of realistic size.
 */

/** How far above chance (in standard deviations) an attacker may land by luck: about 1 in 30,000. */
const Z_LIMIT = 4;

interface Unit {
  orgnr: string;
  unitName: string;
  email: string;
  sector: string;
  sizeBand: string;
  language: Lang;
  /** The answers to give, or null for a workplace that never answers. */
  draft: AnswerState | null;
  /** The day (offset from the round's opening) and wave of the submission; reminders go between waves. */
  wave: number;
  day: number;
}

const SITE = { baseUrl: 'http://nytenk.test' };
const latestMax = new Map(pageItems('latest').map((i) => [i.id, i.max ?? 99]));

/** A generated answer as the questionnaire's form values. */
function draftOf(a: BenchBarometerAnswer, sector: string, sizeBand: string): AnswerState {
  const s: AnswerState = { innovated: a.innovated ? 'yes' : 'no', sector, sizeBand };
  if (a.innovated) s.innovationCount = a.innovationCount!;
  else s.underDevelopment = a.underDevelopment ? 'yes' : 'no';
  for (const [k, v] of Object.entries(a.latest ?? {})) s[`latest.${k}`] = Array.isArray(v) ? v.slice(0, latestMax.get(`latest.${k}`)) : String(v);
  for (const [k, v] of Object.entries(a.drivers)) s[`drivers.${k}`] = v === null ? 'dont_know' : String(v);
  for (const [k, v] of Object.entries(a.barriers)) s[`barriers.${k}`] = v === null ? 'dont_know' : String(v);
  return s;
}

const canonical = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;

/** What identifies an answer's content (the test's ground truth; the attacker never sees it). */
function fingerprintOfDraft(draft: AnswerState): string {
  const built = buildResponse(draft, [], 1);
  if (!built.ok) throw new Error(`incomplete draft at ${built.page}: ${JSON.stringify(draft)}`);
  const r = built.response;
  return JSON.stringify(canonical({ innovated: r.innovated, innovationCount: r.innovationCount, underDevelopment: r.underDevelopment, latest: r.latest, drivers: r.drivers, barriers: r.barriers }));
}
const fingerprintOfRow = (r: Record<string, unknown>) =>
  JSON.stringify(canonical({ innovated: r.innovated, innovationCount: r.innovation_count, underDevelopment: r.under_development, latest: r.latest, drivers: r.drivers, barriers: r.barriers }));

/** Makes each answer of an organisation differ from the others (a driver's score nudged), so the truth is unambiguous. */
function makeDistinct(units: Unit[]) {
  const seen = new Set<string>();
  for (const u of units) {
    if (!u.draft) continue;
    let k = 0;
    while (seen.has(`${u.orgnr}|${fingerprintOfDraft(u.draft)}`)) {
      const keys: string[] = Object.keys(u.draft).filter((x) => x.startsWith('drivers.') || x.startsWith('barriers.'));
      const key = keys[k % keys.length]!;
      u.draft[key] = String((Number(u.draft[key]) || 0) % 6 + 1);
      k++;
    }
    seen.add(`${u.orgnr}|${fingerprintOfDraft(u.draft)}`);
  }
}

/** Runs `work` over the items in order, at most `n` at a time. */
async function inParallel<T>(items: T[], n: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: n }, worker));
}

interface RoundRun {
  roundId: string;
  closesOn: string;
  units: Unit[];
}

/**
 * Runs a round through the services: invitations (one call per organisation and language), then the
 * answers in waves with reminders from every organisation between them. `pageByPage` saves each page
 * through the questionnaire's service as a respondent does; otherwise the drafts are written in one
 * statement (the big round) and only the submission goes through the service.
 */
async function runRound(db: TestDatabase['db'], auth: AuthContext, key: string, units: Unit[], pageByPage: boolean): Promise<RoundRun> {
  const opensOn = osloToday();
  const closesOn = addDays(opensOn, 40);
  const round = await openRound(db, auth, { title: `Barometer ${key}`, key, year: Number(opensOn.slice(0, 4)), closesOn });
  if (!round.ok) throw new Error(JSON.stringify(round));
  const roundId = round.roundId;
  const groups = new Map<string, Unit[]>();
  for (const u of units) groups.set(`${u.orgnr}|${u.language}`, [...(groups.get(`${u.orgnr}|${u.language}`) ?? []), u]);
  for (const [k, list] of groups) {
    const [orgnr, language] = k.split('|') as [string, Lang];
    const res = await inviteWorkplaces(db, auth, roundId, orgnr, { workplaces: list.map((u) => ({ unitName: u.unitName, sector: u.sector, sizeBand: u.sizeBand, email: u.email })), language }, SITE, { today: opensOn });
    if (!res.ok) throw new Error(`invite ${orgnr}: ${JSON.stringify(res)}`);
  }
  const tokens = new Map<string, string>();
  for (const m of await db.selectFrom('outbox').select(['to_address', 'text_body']).where('message_id', 'like', '<barometer.%').execute()) tokens.set(m.to_address, tokenFromText(m.text_body));

  const answering = units.filter((u) => u.draft);
  if (!pageByPage) {
    const ids = new Map((await db.selectFrom('barometer_invitations').select(['id', 'email']).where('round_id', '=', roundId).execute()).map((r) => [r.email, r.id]));
    const drafts = answering.map((u) => ({ invitation_id: ids.get(u.email), answers: u.draft, language: u.language, pages_done: pagesFor(u.draft!.innovated === 'yes') }));
    await sql`insert into barometer_drafts (invitation_id, answers, language, pages_done)
              select x.invitation_id, x.answers, x.language, x.pages_done
                from jsonb_to_recordset(${JSON.stringify(drafts)}::jsonb) as x(invitation_id bigint, answers jsonb, language text, pages_done text[])`.execute(db);
  }
  const orgnrs = [...new Set(units.map((u) => u.orgnr))];
  const waves = Math.max(...answering.map((u) => u.wave)) + 1;
  for (let w = 0; w < waves; w++) {
    if (w > 0) {
      for (const orgnr of orgnrs) {
        const r = await sendReminders(db, auth, roundId, orgnr, SITE, { today: addDays(opensOn, Math.min(...answering.filter((u) => u.wave === w).map((u) => u.day))) });
        if (!r.ok) throw new Error(`remind ${orgnr}: ${JSON.stringify(r)}`);
      }
    }
    const now = answering.filter((u) => u.wave === w).sort((a, b) => a.day - b.day);
    // A few respondents at a time, as on a real morning (and concurrent submissions are part of the test).
    await inParallel(now, pageByPage ? 1 : 3, async (u) => {
      const today = addDays(opensOn, u.day);
      const token = tokens.get(u.email)!;
      if (pageByPage) {
        for (const page of pagesFor(u.draft!.innovated === 'yes') as PageId[]) {
          const saved = await saveAnswerPage(db, token, page, u.draft!, u.language, today);
          if (!saved.ok) throw new Error(`save ${page} for ${u.email}: ${JSON.stringify(saved).slice(0, 500)}`);
        }
      }
      const done = await submitAnswers(db, token, u.language, today);
      if (!done.ok) throw new Error(`submit ${u.email}: ${JSON.stringify(done)}`);
    });
  }
  return { roundId, closesOn, units };
}

/** The truth: answer id → the invitation that gave it (by the content the test submitted). */
async function truthOf(db: TestDatabase['db'], run: RoundRun): Promise<Map<string, string>> {
  const invitations = await db.selectFrom('barometer_invitations').select(['id', 'email']).where('round_id', '=', run.roundId).execute();
  const idOf = new Map(invitations.map((i) => [i.email, i.id]));
  const orgIds = new Map((await db.selectFrom('organisations').select(['id', 'orgnr']).execute()).map((o) => [String(o.id), o.orgnr]));
  const byContent = new Map(run.units.filter((u) => u.draft).map((u) => [`${u.orgnr}|${fingerprintOfDraft(u.draft!)}`, idOf.get(u.email)!]));
  const rows = await sql<Record<string, unknown>>`select * from barometer_answers where round_id = ${run.roundId}`.execute(db);
  const truth = new Map<string, string>();
  for (const r of rows.rows) {
    const inv = byContent.get(`${orgIds.get(String(r.org_id))}|${fingerprintOfRow(r)}`);
    if (!inv) throw new Error(`an answer the test did not give: ${JSON.stringify(r)}`);
    truth.set(String(r.id), inv);
  }
  expect(truth.size).toBe(run.units.filter((u) => u.draft).length);
  return truth;
}

async function attackRound(db: TestDatabase['db'], run: RoundRun, label: string): Promise<Record<string, Score>> {
  const truth = await truthOf(db, run);
  const data = await readEverything(db, run.roundId);
  const scores: Record<string, Score> = {};
  for (const s of STRATEGIES) scores[s] = score(attack(data, s), truth, data);
  // The figures, for the record (commit messages quote them).
  console.log(`${label}: ${JSON.stringify(Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, `${v.correct}/${v.answers} right, chance ${v.chance} ± ${Math.sqrt(v.variance).toFixed(1)}, z = ${v.z.toFixed(1)}`])))}`);
  return scores;
}

/**
 * Four organisations, five workplaces each answering, each with its own sector, size band and
 * language, one submission per day with a reminder to the rest before each: every signal the old
 * design had is at its strongest here. Plus two workplaces per organisation that never answer.
 */
function smallUnits(): Unit[] {
  const orgs = ['964338531', '964965226', '958935420', '974760673'];
  const combos: [string, string, Lang][] = [
    ['municipal', '1-9', 'nb'],
    ['municipal', '10-49', 'nn'],
    ['county', '50-249', 'en'],
    ['state', '250+', 'nb'],
    ['municipal', '50-249', 'nn'],
  ];
  const units: Unit[] = [];
  orgs.forEach((orgnr, o) => {
    combos.forEach(([sector, sizeBand, language], k) => {
      const gen = generateBarometerAnswer(smallWorld!, o * 10 + k);
      units.push({ orgnr, unitName: `Enhet ${o}-${k}`, email: `leder${o}-${k}@example.no`, sector, sizeBand, language, draft: draftOf(gen, sector, sizeBand), wave: k, day: k * 6 + 1 + o });
    });
    for (let k = 0; k < 2; k++) units.push({ orgnr, unitName: `Stille ${o}-${k}`, email: `stille${o}-${k}@example.no`, sector: 'municipal', sizeBand: '10-49', language: 'nb', draft: null, wave: 0, day: 0 });
  });
  makeDistinct(units);
  return units;
}

/**
 * A round of realistic size: answers drawn by bench/generate.ts (organisations weighted as the
 * benchmark weights them, its mix of sectors, size bands, languages and answers) until at least 300
 * organisations and 2,000 answers; a fifth more workplaces invited that never answer; three waves of
 * submissions (60 %, 25 %, 15 %) over the round's days with reminders between them.
 */
function bigUnits(): Unit[] {
  const units: Unit[] = [];
  const orgs = new Set<string>();
  const rng = new Rng('unlink-big');
  for (let i = 0; orgs.size < 300 || i < 2000; i++) {
    const gen = generateBarometerAnswer(bigWorld!, i);
    orgs.add(gen.orgnr);
    const wave = rng.weighted([[0, 60], [1, 25], [2, 15]] as const);
    units.push({ orgnr: gen.orgnr, unitName: `Enhet ${i}`, email: `leder${i}@example.no`, sector: gen.sector, sizeBand: gen.sizeBand, language: gen.language, draft: draftOf(gen, gen.sector, gen.sizeBand), wave, day: wave * 10 + rng.int(1, 9) });
    if (rng.chance(0.2)) units.push({ orgnr: gen.orgnr, unitName: `Stille ${i}`, email: `stille${i}@example.no`, sector: gen.sector, sizeBand: gen.sizeBand, language: gen.language, draft: null, wave: 0, day: 0 });
  }
  makeDistinct(units);
  return units;
}

let smallWorld: Awaited<ReturnType<typeof createWorld>> | undefined;
let bigWorld: Awaited<ReturnType<typeof createWorld>> | undefined;

describe.each(dataTargets())('barometer answers cannot be paired with invitations on $name PostgreSQL', (target) => {
  let database: TestDatabase;
  let auth: AuthContext;

  beforeAll(async () => {
    smallWorld ??= await createWorld({ size: 10, seed: 'unlink-small' });
    bigWorld ??= await createWorld({ size: 10, seed: 'unlink-big' });
    database = await createTestDatabase(target);
    const u = await createOrUpdateUser(database.db, { email: 'analytiker@ks.no', name: 'Ana Lytiker', password: 'et langt og trygt passord', platformRole: 'analyst' });
    if (!u.ok) throw new Error('analyst');
    auth = { user: { id: u.user.id, email: u.user.email, name: u.user.name, platformRole: 'analyst' }, memberships: [], via: 'token' };
  }, 120_000);

  afterAll(async () => {
    await database?.drop();
  });

  it('small organisations with every signal at its strongest: no better than chance', async () => {
    const run = await runRound(database.db, auth, 'small', smallUnits(), true);
    const scores = await attackRound(database.db, run, `small fixture on ${target.name}`);
    expect(scores.combined!.answers).toBe(20);
    for (const s of STRATEGIES) expect(scores[s]!.z, s).toBeLessThan(Z_LIMIT);
    // The mechanisms, each checked by itself: one transaction id per organisation's answers, one day
    // per round, and answered invitations without sector, size band or language.
    const db = database.db;
    const xmins = await sql<{ n: number }>`select count(distinct xmin::text)::int as n from barometer_answers where round_id = ${run.roundId} group by org_id`.execute(db);
    expect(xmins.rows.map((r) => r.n)).toEqual([1, 1, 1, 1]);
    const days = await sql<{ d: string }>`select distinct submitted_on::text as d from barometer_answers where round_id = ${run.roundId}`.execute(db);
    expect(days.rows).toEqual([{ d: run.closesOn }]);
    const kept = await sql<{ n: number }>`select count(*)::int as n from barometer_invitations
      where round_id = ${run.roundId} and answered and (sector is not null or size_band is not null or language is not null)`.execute(db);
    expect(kept.rows[0]!.n).toBe(0);
  }, 120_000);

  it('a generated round of 300+ organisations and 2,000+ answers: no better than chance', async () => {
    const units = bigUnits();
    const run = await runRound(database.db, auth, 'big', units, false);
    const scores = await attackRound(database.db, run, `generated round on ${target.name}`);
    expect(new Set(units.map((u) => u.orgnr)).size).toBeGreaterThanOrEqual(300);
    expect(scores.combined!.answers).toBeGreaterThanOrEqual(2000);
    for (const s of STRATEGIES) expect(scores[s]!.z, s).toBeLessThan(Z_LIMIT);
  }, 900_000);
});
