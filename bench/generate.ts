/**
 * Deterministic benchmark data: partner organisations, users with memberships in real public bodies,
 * innovation cases (the case record of PRODUCT.md) and barometer answers (its questionnaire).
 *
 * Same seed and size → the same data, byte for byte: every random choice comes from `Rng` (bench/prng.ts)
 * and every date from a fixed `BASE_DATE`, never from the clock. Records that need no global state
 * (cases, barometer answers, organisation numbers) each draw from their own stream, so record i can be
 * made alone, in any order, without generating the ones before it. Organisations, users and memberships
 * are generated in sequence (names and e-mails are kept unique) and are a prefix of the larger sizes:
 * the 1k partners are the first thousand of the 10k partners. Cases and answers pick among the whole
 * world, so they differ between sizes.
 *
 * Only organisations (partners, source 'bench'), users and memberships have tables today: `insertWorld`
 * bulk-loads those. Cases and barometer answers are produced as typed plain objects (`generateCases`,
 * `generateBarometerAnswers`, both lazy iterables) and can be written as JSON lines for later features.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { sql } from 'kysely';
import { EMPTY_CASE } from '../src/cases/cases.model.js';
import type {
  ActorType,
  BenefitCategory,
  CaseStatus,
  CaseType,
  Initiator,
  Novelty,
  Stage,
  TrialDecision,
  TrialResult,
  Visibility,
} from '../src/cases/cases.model.js';
import { validateCaseInput } from '../src/cases/cases.validation.js';
import type { DbOrTrx } from '../src/db/database.js';
import type { OrgKind } from '../src/db/schema.js';
import { readReferenceData, type ReferenceOrganisation } from '../src/orgs/reference.js';
import { Rng, WeightedTable } from './prng.js';
import * as W from './words.js';
import { readLosConcepts } from '../src/themes/vocabulary.js';
import {
  BAROMETER_BARRIERS,
  BAROMETER_DRIVERS,
  DEVELOPED_WITH,
  type BarometerBarrier,
  type BarometerDriver,
  type DevelopedWith,
  type InnovationCount,
  type Origin,
  type Score,
  type Sector,
  type SizeBand,
  type YesNoDontKnow,
} from '../src/barometer/questionnaire.js';
import type { Domain, L3, Lang } from './words.js';

// ---------------------------------------------------------------------------------------------
// Sizes, seed, dates

export const SIZES = { '1k': 1_000, '10k': 10_000, '100k': 100_000 } as const;
export type SizeName = keyof typeof SIZES;
export const DEFAULT_SEED = 'nytenk';
/** "Now" for the generated data: every date lies before it. */
export const BASE_DATE = Date.UTC(2026, 10, 1);
const DAY = 86_400_000;
/** The white paper (Meld. St. 30 (2019–2020)) came in 2020: no case is older. */
const EARLIEST_CASE = Date.UTC(2020, 8, 1);
const MAX_SIZE = 900_000;

/** "1k" | "10k" | "100k" or a plain number (e.g. "2500"). */
export function parseSize(value: string | undefined, fallback: SizeName = '10k'): { label: string; n: number } {
  const v = (value ?? fallback).trim().toLowerCase();
  if (v in SIZES) return { label: v, n: SIZES[v as SizeName] };
  const m = /^(\d+)(k?)$/.exec(v);
  if (!m) throw new Error(`BENCH_SIZE must be 1k, 10k, 100k or a number, not "${value}"`);
  const n = Number(m[1]) * (m[2] ? 1000 : 1);
  if (n < 1 || n > MAX_SIZE) throw new Error(`size must be between 1 and ${MAX_SIZE}`);
  return { label: v, n };
}

/** How many records of each kind a size produces. */
export function countsFor(n: number) {
  return { partnerOrgs: n, users: n, cases: n, barometerAnswers: n };
}

// ---------------------------------------------------------------------------------------------
// Record types

export type PartnerKind = 'business' | 'research' | 'civil_society';

export interface BenchPartnerOrg {
  /** Null only for foreign partners (no Norwegian orgnr). */
  orgnr: string | null;
  name: string;
  kind: PartnerKind;
  /** Enhetsregisteret organisation form: AS, ENK, ANS, DA, SA, ASA, STI, FLI; null abroad. */
  orgForm: string | null;
  countyNumber: string | null;
  website: string | null;
  country: string;
  createdAt: string;
}

export interface BenchUser {
  email: string;
  name: string;
  locale: Lang;
  platformRole: 'admin' | 'analyst' | null;
  createdAt: string;
}

export interface BenchMembership {
  email: string;
  orgnr: string;
  role: 'member' | 'org_admin';
  status: 'pending' | 'active';
  createdAt: string;
  decidedAt: string | null;
}

export interface BenchBenefit {
  category: BenefitCategory;
  realised: boolean;
  description: string;
  value: number | null;
  unit: string | null;
  /** How it was measured. */
  method: string | null;
}

export interface BenchTrial {
  title: string;
  hypothesis: string;
  method: string;
  measure: string;
  /** Null while the trial runs. */
  result: TrialResult | null;
  decision: TrialDecision | null;
  startedOn: string;
  endedOn: string | null;
}

/**
 * A case (PRODUCT.md, "The case record"). The editable fields carry the names and vocabularies of
 * `CaseValues` (src/cases/cases.model.ts) so they can go through the case validation and queries
 * unchanged; organisations are named by orgnr, users by e-mail and other cases by `key`, because
 * database ids exist only after insertion.
 */
export interface BenchCase {
  key: string;
  ownerOrgnr: string;
  createdByEmail: string;
  createdAt: string;
  /** Null for a draft. */
  publishedAt: string | null;
  title: string;
  summary: string;
  problem: string;
  whatIsNew: string;
  types: CaseType[];
  novelty: Novelty;
  /** The case it was adapted or copied from, when that case is on the platform. */
  noveltySourceCaseKey: string | null;
  noveltySourceText: string | null;
  stage: Stage;
  status: CaseStatus;
  takenIntoUseOn: string | null;
  stoppedReason: string | null;
  initiators: Initiator[];
  evaluated: boolean;
  evaluationHow: string | null;
  evaluationLink: string | null;
  activelySpread: boolean;
  spreadHow: string | null;
  challenges: string;
  lessons: string;
  successConditions: string;
  howToReplicate: string;
  costNok: number | null;
  fundingSources: string[];
  links: { url: string; label: string }[];
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  visibility: Visibility;
  language: Lang;
  /** LOS concept URIs (resources/los), main theme first. */
  themes: string[];
  /** Co-owner organisations by orgnr. */
  coOwners: string[];
  partners: { name: string; orgnr: string | null; actorType: ActorType }[];
  benefits: BenchBenefit[];
  trials: BenchTrial[];
  /** Recorded as an adoption of `noveltySourceCaseKey` by the owner (reuse, PRODUCT.md capability 3). */
  adoption: { adoptedOn: string; changes: string; result: string } | null;
}

// The questionnaire's own option lists and types (one definition: a new option reaches the bench too).
export { BAROMETER_BARRIERS, BAROMETER_DRIVERS, type BarometerBarrier, type BarometerDriver, type Score, type Sector, type SizeBand } from '../src/barometer/questionnaire.js';

export interface BenchBarometerAnswer {
  key: string;
  round: { key: string; year: number };
  /** The organisation the invitation went to. */
  orgnr: string;
  sector: Sector;
  serviceArea: string;
  sizeBand: SizeBand;
  language: Lang;
  submittedAt: string;
  /** Item 1: introduced one or more innovations in the last two years. */
  innovated: boolean;
  innovationCount: InnovationCount | null;
  /** Asked of non-innovators only. */
  underDevelopment: boolean | null;
  /** Item 2: the latest innovation; only when `innovated`. */
  latest: {
    types: CaseType[];
    origin: Origin;
    initiators: Initiator[];
    developedWith: DevelopedWith[];
    values: BenefitCategory[];
    evaluated: YesNoDontKnow;
    activelySpread: YesNoDontKnow;
  } | null;
  /** Item 3. */
  drivers: Record<BarometerDriver, Score>;
  barriers: Record<BarometerBarrier, Score>;
}

// ---------------------------------------------------------------------------------------------
// Helpers

const iso = (ms: number) => new Date(ms).toISOString();
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const cap = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);
const fill = (template: string, vars: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');

const TRANSLIT: Record<string, string> = { æ: 'ae', ø: 'o', å: 'a', á: 'a', é: 'e', ü: 'u', ö: 'o', ä: 'a', č: 'c', š: 's', ž: 'z', đ: 'd', ŋ: 'n', ŧ: 't' };
/** ASCII slug for e-mail addresses and host names: "Bølge Analyse AS" → "bolge-analyse". */
export function slug(s: string, sep = '-'): string {
  return s
    .toLowerCase()
    .replace(/[æøåáéüöäčšžđŋŧ]/g, (c) => TRANSLIT[c] ?? c)
    .replace(/&/g, ' og ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/ /g, sep);
}

const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;
function checkDigit(base8: string): number | null {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(base8[i]) * WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  if (c === 10) return null;
  return c === 11 ? 0 : c;
}

// An affine permutation of the 2,000,000 seven-digit prefixes 8000000–9999999 (real orgnrs begin
// with 8 or 9): prefixes of different indices never meet, so orgnrs are unique by construction.
const PREFIX_SPACE = 2_000_000;
const PERMUTE_A = 1_234_567; // odd and not a multiple of 5: coprime with 2,000,000
const offsets = new Map<string, number>();

/**
 * The i-th generated orgnr: unique per index, never sharing its first seven digits with a reference
 * body (`reserved`), MOD11-valid. Of the ten possible eighth digits at most one gives the impossible
 * check digit 10, so a valid choice always exists.
 */
export function orgnrFor(seed: string, i: number, reserved: ReadonlySet<string>): string {
  let offset = offsets.get(seed);
  if (offset === undefined) offsets.set(seed, (offset = Rng.for(seed, 'orgnr-offset').int(0, PREFIX_SPACE - 1)));
  for (let slot = i; slot < PREFIX_SPACE; slot += MAX_SIZE) {
    const x = (((PERMUTE_A * slot) % PREFIX_SPACE) + offset) % PREFIX_SPACE;
    const prefix = String(8_000_000 + x);
    if (reserved.has(prefix)) continue;
    const start = Rng.for(seed, 'orgnr-digit', i).int(0, 9);
    for (let k = 0; k < 10; k++) {
      const base = prefix + String((start + k) % 10);
      const c = checkDigit(base);
      if (c !== null) return base + String(c);
    }
  }
  throw new Error(`no orgnr for index ${i}`);
}

function domainOf(website: string | null, name: string): string {
  if (website) {
    try {
      const u = new URL(website);
      const host = u.hostname.replace(/^www\./, '');
      // Ministries publish under regjeringen.no/<short>; their mail goes to <short>.dep.no.
      if (host === 'regjeringen.no' && u.pathname.length > 1) return `${u.pathname.split('/')[1]}.dep.no`;
      return host;
    } catch {
      // fall through to a name-based domain
    }
  }
  return `${slug(name.replace(/\s+(kommune|fylkeskommune|AS|ASA|SF|HF)$/i, ''), '')}.no`;
}

/** The short name used in running text: "Alstahaug" for "Alstahaug kommune". */
function shortName(o: ReferenceOrganisation): string {
  return o.kind === 'municipality' ? (o.aliases[0] ?? o.name.replace(/ kommune$/, '')) : o.name;
}

// ---------------------------------------------------------------------------------------------
// The world: reference bodies, partners, users, memberships

export interface PublicBody {
  orgnr: string;
  name: string;
  short: string;
  kind: OrgKind;
  countyNumber: string | null;
  domain: string;
  website: string | null;
}

export interface BenchWorld {
  seed: string;
  n: number;
  publicBodies: PublicBody[];
  partners: BenchPartnerOrg[];
  users: BenchUser[];
  memberships: BenchMembership[];
  /** For each user (by index), the indices of its memberships. */
  membershipsByUser: number[][];
  /** Active memberships in public bodies: who may own a case. */
  caseAuthors: { userIndex: number; body: PublicBody }[];
  publicTable: WeightedTable<PublicBody>;
  municipalitiesByCounty: Map<string, PublicBody[]>;
}

export interface WorldOptions {
  size: number;
  seed?: string;
  /** Defaults to resources/reference. */
  reference?: { organisations: ReferenceOrganisation[] };
}

function publicWeight(b: PublicBody, municipalityNumber: string | null): number {
  switch (b.kind) {
    case 'municipality':
      return W.BIG_MUNICIPALITIES[municipalityNumber ?? ''] ?? 1;
    case 'county_authority':
      return 3;
    case 'state_agency':
      return W.BIG_STATE_AGENCIES[b.orgnr] ?? 1.5;
    default:
      return 1.5;
  }
}

/** Builds the organisations, users and memberships for a size (sequential: names and e-mails are unique). */
export async function createWorld(options: WorldOptions): Promise<BenchWorld> {
  const seed = options.seed ?? DEFAULT_SEED;
  const n = options.size;
  if (!Number.isInteger(n) || n < 1 || n > MAX_SIZE) throw new Error(`size must be an integer in 1..${MAX_SIZE}`);
  const reference = options.reference ?? (await readReferenceData());
  const refs = reference.organisations.filter((o): o is ReferenceOrganisation & { orgnr: string } => o.orgnr !== null);
  const reserved = new Set(reference.organisations.filter((o) => o.orgnr).map((o) => o.orgnr!.slice(0, 7)));
  const municipalityNumberOf = new Map<string, string | null>();

  const publicBodies: PublicBody[] = refs.map((o) => {
    municipalityNumberOf.set(o.orgnr, o.municipalityNumber);
    return {
      orgnr: o.orgnr,
      name: o.name,
      short: shortName(o),
      kind: o.kind,
      countyNumber: o.countyNumber,
      domain: domainOf(o.website, o.name),
      website: o.website,
    };
  });
  const publicTable = new WeightedTable(publicBodies, (b) => publicWeight(b, municipalityNumberOf.get(b.orgnr) ?? null));
  const municipalities = publicBodies.filter((b) => b.kind === 'municipality');
  const placeTable = new WeightedTable(municipalities, (b) => publicWeight(b, municipalityNumberOf.get(b.orgnr) ?? null));

  const partners = generatePartners(seed, n, reserved, placeTable);
  const { users, memberships, membershipsByUser } = generateUsers(seed, n, publicTable, partners);

  const byOrgnr = new Map(publicBodies.map((b) => [b.orgnr, b]));
  const caseAuthors: BenchWorld['caseAuthors'] = [];
  membershipsByUser.forEach((ms, userIndex) => {
    for (const mi of ms) {
      const m = memberships[mi]!;
      const body = byOrgnr.get(m.orgnr);
      if (body && m.status === 'active') caseAuthors.push({ userIndex, body });
    }
  });
  const municipalitiesByCounty = new Map<string, PublicBody[]>();
  for (const m of municipalities) {
    const list = municipalitiesByCounty.get(m.countyNumber ?? '') ?? [];
    list.push(m);
    municipalitiesByCounty.set(m.countyNumber ?? '', list);
  }
  return { seed, n, publicBodies, partners, users, memberships, membershipsByUser, caseAuthors, publicTable, municipalitiesByCounty };
}

const VILLAGE_TAILS = ['vik', 'dal', 'nes', 'berg', 'haug', 'mo', 'vang', 'stad', 'by', 'sand', 'li', 'øy', 'strand', 'heim', 'set', 'bakken'];

function village(rng: Rng): string {
  return rng.pick(W.NATURE_WORDS) + rng.pick(VILLAGE_TAILS);
}

function partnerName(rng: Rng, kind: PartnerKind, place: string): { name: string; orgForm: string } {
  if (kind === 'business') {
    const form = rng.weighted<string>([['AS', 80], ['ENK', 9], ['ANS', 3], ['DA', 2], ['SA', 4], ['ASA', 2]]);
    const line = rng.pick(W.BUSINESS_LINES);
    if (form === 'ENK') return { name: `${rng.pick(W.FIRST_NAMES)} ${rng.pick(W.SURNAMES)} ${line}`, orgForm: form };
    if (form === 'ANS' || form === 'DA') {
      return { name: `${rng.pick(W.SURNAMES)} & ${rng.pick(W.SURNAMES)} ${line} ${form}`, orgForm: form };
    }
    const stem = rng.weighted<() => string>([
      [() => `${rng.pick(W.NATURE_WORDS)} ${line}`, 30],
      [() => `${place} ${line}`, 25],
      [() => `${rng.pick(W.SURNAMES)} ${line}`, 15],
      [() => `${rng.pick(W.NATURE_WORDS)}${rng.pick(W.NAME_TAILS)}`, 15],
      [() => `${village(rng)} ${line}`, 15],
    ])();
    return { name: `${stem} ${form}`, orgForm: form };
  }
  if (kind === 'research') {
    const field = rng.pick(W.RESEARCH_FIELDS);
    return rng.weighted<() => { name: string; orgForm: string }>([
      [() => ({ name: `${rng.pick(W.RESEARCH_REGIONS)}forskning AS`, orgForm: 'AS' }), 5],
      [() => ({ name: `Senter for ${field} ${place}`, orgForm: 'STI' }), 30],
      [() => ({ name: `${rng.pick(['Norsk', 'Nasjonalt', 'Nordisk'])} institutt for ${field}`, orgForm: 'STI' }), 5],
      [() => ({ name: `${place} kunnskapspark AS`, orgForm: 'AS' }), 10],
      [() => ({ name: `${place} forskningspark AS`, orgForm: 'AS' }), 5],
      [() => ({ name: `${rng.pick(W.SURNAMES)}-instituttet for ${field}`, orgForm: 'STI' }), 25],
      [() => ({ name: `${village(rng)} ${rng.pick(['Research', 'Analyse', 'Forskning'])} AS`, orgForm: 'AS' }), 20],
    ])();
  }
  const type = rng.pick(W.ASSOCIATION_TYPES);
  return rng.weighted<() => { name: string; orgForm: string }>([
    [() => ({ name: `${place} ${type}`, orgForm: 'FLI' }), 35],
    [() => ({ name: `${village(rng)} ${type}`, orgForm: 'FLI' }), 35],
    [() => ({ name: `Foreningen for ${rng.pick(W.CAUSES)} i ${place}`, orgForm: 'FLI' }), 15],
    [() => ({ name: `Stiftelsen ${rng.pick(W.NATURE_WORDS)}${rng.pick(VILLAGE_TAILS)}`, orgForm: 'STI' }), 10],
    [() => ({ name: `Landsforeningen for ${rng.pick(W.CAUSES)}`, orgForm: 'FLI' }), 5],
  ])();
}

function generatePartners(seed: string, n: number, reserved: ReadonlySet<string>, places: WeightedTable<PublicBody>): BenchPartnerOrg[] {
  const out: BenchPartnerOrg[] = [];
  const names = new Set<string>();
  for (let i = 0; i < n; i++) {
    const rng = Rng.for(seed, 'partner', i);
    const kind = rng.weighted<PartnerKind>([['business', 70], ['research', 8], ['civil_society', 22]]);
    const home = places.pick(rng);
    const createdAt = iso(Date.UTC(2021, 0, 1) + rng.int(0, Math.floor((BASE_DATE - Date.UTC(2021, 0, 1)) / DAY)) * DAY + rng.int(0, DAY - 1));
    if (kind !== 'civil_society' && rng.chance(0.01)) {
      const f = rng.pick(W.FOREIGN_PARTNERS);
      let name = '';
      for (let tries = 0; !name || (names.has(name) && tries < 20); tries++) {
        name = `${rng.pick(W.FOREIGN_WORDS)} ${rng.pick(W.FOREIGN_LINES)} ${rng.pick(W.FOREIGN_WORDS)} ${f.suffix}`;
      }
      names.add(name);
      out.push({ orgnr: null, name, kind, orgForm: null, countyNumber: null, website: `https://${slug(name.replace(f.suffix, ''), '')}.${f.tld}`, country: f.country, createdAt });
      continue;
    }
    let picked = partnerName(rng, kind, home.short);
    // Names repeat by chance at 100k; a real register would hold one of each, so draw again.
    for (let tries = 0; names.has(picked.name) && tries < 12; tries++) picked = partnerName(rng, kind, places.pick(rng).short);
    if (names.has(picked.name)) {
      const base = picked.name;
      const legal = / (AS|ASA|SA|ANS|DA)$/.exec(base);
      for (let k = 2; names.has(picked.name); k++) {
        picked = { ...picked, name: legal ? `${base.slice(0, legal.index)} ${k}${legal[0]}` : `${base} ${k}` };
      }
    }
    names.add(picked.name);
    const website = rng.chance(0.6) ? `https://www.${slug(picked.name.replace(/ (AS|ASA|SA|ANS|DA)$/, ''), '')}.no` : null;
    out.push({
      orgnr: orgnrFor(seed, i, reserved),
      name: picked.name,
      kind,
      orgForm: picked.orgForm,
      countyNumber: home.countyNumber,
      website,
      country: 'NO',
      createdAt,
    });
  }
  return out;
}

function personName(rng: Rng): { first: string; last: string; full: string } {
  const first = rng.pick(W.FIRST_NAMES);
  const middle = rng.chance(0.06) ? ` ${rng.pick(W.FIRST_NAMES)}` : '';
  const last = rng.chance(0.08) ? `${rng.pick(W.SURNAMES)} ${rng.pick(W.SURNAMES)}` : rng.pick(W.SURNAMES);
  return { first, last, full: `${first}${middle} ${last}` };
}

function generateUsers(seed: string, n: number, publicTable: WeightedTable<PublicBody>, partners: BenchPartnerOrg[]) {
  const users: BenchUser[] = [];
  const memberships: BenchMembership[] = [];
  const membershipsByUser: number[][] = [];
  const emails = new Set<string>();
  const hasAdmin = new Set<string>();
  const partnerDomains = new Map<string, string>();
  const norwegianPartners = partners.filter((p) => p.orgnr !== null);
  for (let i = 0; i < n; i++) {
    const rng = Rng.for(seed, 'user', i);
    const person = personName(rng);
    const r = rng.next();
    const orgs: { orgnr: string; domain: string; county: string | null }[] = [];
    if (r < 0.83 || norwegianPartners.length === 0) {
      const b = publicTable.pick(rng);
      orgs.push({ orgnr: b.orgnr, domain: b.domain, county: b.countyNumber });
      if (rng.chance(0.08)) {
        const b2 = publicTable.pick(rng);
        if (b2.orgnr !== b.orgnr) orgs.push({ orgnr: b2.orgnr, domain: b2.domain, county: b2.countyNumber });
      }
    } else if (r < 0.96) {
      const p = rng.pick(norwegianPartners);
      let domain = partnerDomains.get(p.orgnr!);
      if (!domain) {
        domain = domainOf(p.website, p.name);
        partnerDomains.set(p.orgnr!, domain);
      }
      orgs.push({ orgnr: p.orgnr!, domain, county: p.countyNumber });
    }
    const domain = orgs[0]?.domain ?? rng.pick(['gmail.com', 'online.no', 'hotmail.com', 'outlook.com']);
    const local = `${slug(person.first, '')}.${slug(person.last, '.')}`;
    let email = `${local}@${domain}`;
    for (let k = 2; emails.has(email); k++) email = `${local}${k}@${domain}`;
    emails.add(email);
    const nynorskLand = orgs[0]?.county === '46' || orgs[0]?.county === '15';
    const locale = rng.weighted<Lang>([['nb', nynorskLand ? 55 : 86], ['nn', nynorskLand ? 40 : 7], ['en', 5]]);
    const createdMs = Date.UTC(2025, 0, 1) + rng.int(0, Math.floor((BASE_DATE - Date.UTC(2025, 0, 1)) / DAY) - 1) * DAY + rng.int(0, DAY - 1);
    const platformRole = i === 0 ? 'admin' : rng.chance(0.0005) ? 'admin' : rng.chance(0.002) ? 'analyst' : null;
    users.push({ email, name: person.full, locale, platformRole, createdAt: iso(createdMs) });
    const mine: number[] = [];
    for (const o of orgs) {
      // The first member of an organisation administers it, as when an agency joins the platform.
      const admin = !hasAdmin.has(o.orgnr) || rng.chance(0.04);
      if (admin) hasAdmin.add(o.orgnr);
      const status = admin || rng.chance(0.93) ? 'active' : 'pending';
      const decided = status === 'active' ? iso(Math.min(BASE_DATE - 1, createdMs + rng.int(0, 5 * DAY))) : null;
      mine.push(memberships.length);
      memberships.push({ email, orgnr: o.orgnr, role: admin ? 'org_admin' : 'member', status, createdAt: iso(createdMs), decidedAt: decided });
    }
    membershipsByUser.push(mine);
  }
  return { users, memberships, membershipsByUser };
}

// ---------------------------------------------------------------------------------------------
// Cases

export const caseKey = (i: number) => `bench-case-${String(i).padStart(6, '0')}`;

const STAGE_ORDER: readonly Stage[] = ['identify', 'ideas', 'proposal', 'implement', 'evaluate', 'diffuse'];
const STAGE_WEIGHTS = [6, 8, 12, 30, 24, 20];

function domainsFor(kind: OrgKind): [Domain, number][] {
  return W.DOMAINS.map((d) => [d, d.owners.filter((k) => k === kind).length] as [Domain, number]).filter(([, w]) => w > 0);
}
const DOMAINS_BY_KIND = new Map<OrgKind, [Domain, number][]>(
  (['municipality', 'county_authority', 'state_agency', 'other_public'] as OrgKind[]).map((k) => [k, domainsFor(k)]),
);

let themeUris: Map<string, string> | undefined;
/** LOS URI of each domain theme label (a main or narrower theme wins over a word of the same label). */
function losUri(label: string): string {
  if (!themeUris) {
    themeUris = new Map();
    const concepts = readLosConcepts();
    for (const c of concepts) if (c.kind === 'tema') themeUris.set(c.labelNb, c.uri);
    for (const c of concepts) if (!themeUris.has(c.labelNb)) themeUris.set(c.labelNb, c.uri);
    const missing = W.DOMAINS.flatMap((d) => d.themes).filter((t) => !themeUris!.has(t));
    if (missing.length) throw new Error(`bench/words.ts names themes that are not LOS concepts: ${missing.join(', ')}`);
  }
  return themeUris.get(label)!;
}

/** Who owns case i and who wrote it: its own stream, so a case can name the owner of an earlier case. */
function caseAuthor(world: BenchWorld, i: number) {
  const rng = Rng.for(world.seed, 'case-author', i);
  return world.caseAuthors[Math.floor(rng.next() * world.caseAuthors.length)]!;
}

const TITLE: Record<Lang, readonly (readonly [string, number])[]> = {
  nb: [['{Sol} i {unit}', 25], ['{Sol} for {group}', 20], ['{Sol} i {place}', 15], ['Pilot: {sol} i {unit}', 10], ['{Sol}: {outcome}', 15], ['Slik bruker {place} {sol}', 7]],
  nn: [['{Sol} i {unit}', 25], ['{Sol} for {group}', 20], ['{Sol} i {place}', 15], ['Forsøk med {sol} i {unit}', 10], ['{Sol}: {outcome}', 15], ['Slik bruker {place} {sol}', 7]],
  en: [['{Sol} in {unit}', 25], ['{Sol} for {group}', 20], ['{Sol} in {place}', 15], ['Trial of {sol} in {unit}', 10], ['{Sol}: {outcome}', 15], ['How {place} uses {sol}', 7]],
};

function t3(nb: string, nn: string, en: string): L3 {
  return { nb, nn, en };
}

const SENT = {
  introduced: t3('{Unit} i {org} har tatt i bruk {sol} for {group}.', '{Unit} i {org} har teke i bruk {sol} for {group}.', '{Unit} in {org} has introduced {sol} for {group}.'),
  trialling: t3('{Unit} i {org} prøver ut {sol} for {group}.', '{Unit} i {org} prøver ut {sol} for {group}.', '{Unit} in {org} is trialling {sol} for {group}.'),
  exploring: t3('{Unit} i {org} utforsker hvordan {problem} kan reduseres.', '{Unit} i {org} utforskar korleis {problem} kan reduserast.', '{Unit} in {org} is exploring how to reduce {problem}.'),
  aim: t3('Målet er at {outcome}.', 'Målet er at {outcome}.', 'The aim is that {outcome}.'),
  builds: t3('Løsningen bygger på {tech} og {method}.', 'Løysinga byggjer på {tech} og {method}.', 'The solution builds on {tech} and {method}.'),
  challenge: t3('{Problem} har lenge vært en utfordring for {unit} i {org}.', '{Problem} har lenge vore ei utfordring for {unit} i {org}.', '{Problem} has long been a challenge for {unit} in {org}.'),
  hours: t3('Før prosjektet brukte de ansatte anslagsvis {n} timer i uken på dette.', 'Før prosjektet brukte dei tilsette om lag {n} timar i veka på dette.', 'Before the project, staff spent an estimated {n} hours a week on this.'),
  newIs: t3('Det nye er at {newness}.', 'Det nye er at {newness}.', 'What is new is that {newness}.'),
  firstTime: t3('For {org} er dette første gang {tech} brukes i tjenesten.', 'For {org} er dette første gong {tech} blir brukt i tenesta.', 'For {org}, this is the first time {tech} is used in the service.'),
  adapted: t3('Ideen er hentet fra {source} og tilpasset lokale forhold.', 'Idéen er henta frå {source} og tilpassa lokale tilhøve.', 'The idea comes from {source} and was adapted to local conditions.'),
  copied: t3('Vi har tatt i bruk løsningen slik {source} utviklet den.', 'Vi har teke i bruk løysinga slik {source} utvikla henne.', 'We adopted the solution as {source} developed it.'),
  noFailures: t3('Ingen større tilbakeslag så langt, men vi har justert underveis.', 'Ingen større tilbakeslag så langt, men vi har justert undervegs.', 'No major setbacks so far, but we have adjusted along the way.'),
  hypothesis: t3('Hvis vi tar i bruk {sol} i {unit}, vil {problem} bli redusert med minst {n} prosent.', 'Om vi tek i bruk {sol} i {unit}, vil {problem} bli redusert med minst {n} prosent.', 'If we introduce {sol} in {unit}, {problem} will fall by at least {n} percent.'),
  trialTitle: t3('Utprøving {k}: {sol}', 'Utprøving {k}: {sol}', 'Trial {k}: {sol}'),
} as const;

/** Lazily generates cases 0..count-1 (default: one per size unit). */
export function* generateCases(world: BenchWorld, count = countsFor(world.n).cases): Generator<BenchCase> {
  for (let i = 0; i < count; i++) yield generateCase(world, i);
}

export function generateCase(world: BenchWorld, i: number): BenchCase {
  const rng = Rng.for(world.seed, 'case', i);
  const { userIndex, body } = caseAuthor(world, i);
  const author = world.users[userIndex]!;
  const nynorskLand = body.countyNumber === '46' || body.countyNumber === '15';
  const lang = rng.weighted<Lang>([['nb', nynorskLand ? 60 : 86], ['nn', nynorskLand ? 32 : 6], ['en', 8]]);
  const domain = rng.weighted(DOMAINS_BY_KIND.get(body.kind) ?? [[W.DOMAINS[0]!, 1]]);
  const unit = rng.pick(domain.units)[lang];
  const group = rng.pick(domain.groups)[lang];
  const problem = rng.pick(domain.problems)[lang];
  const sol = rng.pick(domain.solutions)[lang];
  const outcome = rng.pick(domain.outcomes)[lang];
  const tech = rng.pick(W.TECHNOLOGIES)[lang];
  const method = rng.pick(W.METHODS)[lang];
  const vars = { unit, Unit: cap(unit), group, problem, Problem: cap(problem), sol, Sol: cap(sol), outcome, tech, method, org: body.name, place: body.short };

  const stageIndex = rng.weighted(STAGE_ORDER.map((_, k) => [k, STAGE_WEIGHTS[k]!] as [number, number]));
  const stage = STAGE_ORDER[stageIndex]!;
  const late = stageIndex >= 3;
  const status = late
    ? rng.weighted<CaseStatus>([['in_use', 62], ['active', 22], ['stopped', 11], ['archived', 5]])
    : rng.weighted<CaseStatus>([['active', 84], ['stopped', 13], ['archived', 3]]);

  const createdMs = EARLIEST_CASE + Math.floor(rng.next() * (BASE_DATE - EARLIEST_CASE - 30 * DAY));
  const publishedAt = rng.chance(0.9) ? iso(Math.min(BASE_DATE - 1, createdMs + rng.int(0, 60) * DAY + rng.int(0, DAY - 1))) : null;
  const takenIntoUseOn = status === 'in_use' ? isoDate(Math.min(BASE_DATE - DAY, createdMs + rng.int(30, 500) * DAY)) : null;

  const novelty = rng.weighted<Novelty>([['new', 55], ['adapted', 30], ['copied', 15]]);
  let noveltySourceCaseKey: string | null = null;
  let sourceName = rng.pick(world.publicBodies).name;
  let sourceOwner: string | null = null;
  if (novelty !== 'new' && i > 0 && rng.chance(0.6)) {
    const j = rng.int(0, i - 1);
    noveltySourceCaseKey = caseKey(j);
    const source = caseAuthor(world, j).body;
    sourceName = source.name;
    sourceOwner = source.orgnr;
  }

  const title = cap(fill(rng.weighted(TITLE[lang]), vars));
  const summaryParts = [
    fill((stageIndex <= 1 ? SENT.exploring : late ? SENT.introduced : SENT.trialling)[lang], vars),
    fill(SENT.aim[lang], vars),
  ];
  if (rng.chance(0.6)) summaryParts.push(fill(SENT.builds[lang], vars));

  const problemParts = [fill(SENT.challenge[lang], vars), fill(rng.pick(W.DRIVERS)[lang], vars)];
  if (rng.chance(0.5)) problemParts.push(fill(SENT.hours[lang], { n: String(rng.int(3, 120)) }));

  const newParts = [fill(SENT.newIs[lang], { newness: rng.pick(W.NEWNESS)[lang] })];
  if (novelty === 'adapted') newParts.push(fill(SENT.adapted[lang], { source: sourceName }));
  else if (novelty === 'copied') newParts.push(fill(SENT.copied[lang], { source: sourceName }));
  else if (rng.chance(0.5)) newParts.push(fill(SENT.firstTime[lang], vars));

  const failures = rng.sample(W.FAILURES, status === 'stopped' ? rng.int(1, 3) : rng.weighted([[0, 35], [1, 45], [2, 20]]));
  const lessons = rng.sample(W.LESSONS, rng.int(status === 'stopped' ? 2 : 1, 3));

  const typeCount = rng.weighted([[1, 65], [2, 30], [3, 5]]);
  const types = new Set<CaseType>();
  while (types.size < typeCount) {
    types.add(rng.weighted<CaseType>([['service', 40], ['process', 30], ['organisation', 10], ['communication', 10], ['product', 10]]));
  }

  const themeLabels = [domain.themes[0]!, ...rng.sample(domain.themes.slice(1), rng.int(0, 2))];
  // Some cases cut across two fields (a school transport app is also about digital services).
  if (rng.chance(0.15)) themeLabels.push(rng.pick(W.DOMAINS).themes[0]!);
  const themes = [...new Set(themeLabels.map(losUri))];

  const benefits: BenchBenefit[] = [];
  const benefitCount = stageIndex <= 1 ? rng.weighted([[0, 60], [1, 40]]) : rng.int(1, 3);
  for (const m of rng.sample(W.BENEFIT_MEASURES, benefitCount)) {
    const raw = m.min + (m.max - m.min) * rng.next() ** 2;
    const value = Math.round(Math.round(raw / m.step) * m.step * 10) / 10;
    benefits.push({
      category: m.category,
      realised: late && status !== 'stopped' && rng.chance(0.7),
      description: W.BENEFIT_DESCRIPTIONS[m.category][lang],
      value,
      unit: m.unit[lang],
      method: rng.pick(W.HOW_MEASURED)[lang],
    });
  }

  const evaluated = rng.chance(stageIndex >= 4 ? 0.8 : stageIndex === 3 ? 0.35 : 0.05);
  const site = body.website ? body.website.replace(/\/$/, '') : `https://${body.domain}`;
  const titleSlug = slug(title).slice(0, 60).replace(/-+$/, '');
  const evaluationLink = evaluated && rng.chance(0.4) ? `${site}/rapporter/${titleSlug}.pdf` : null;

  const trials: BenchTrial[] = [];
  const trialCount = stageIndex <= 1 ? rng.weighted([[0, 80], [1, 20]]) : stageIndex <= 3 ? rng.int(0, 2) : rng.int(1, 3);
  let trialStart = createdMs + rng.int(10, 90) * DAY;
  for (let k = 0; k < trialCount && trialStart < BASE_DATE - 30 * DAY; k++) {
    const endMs = trialStart + rng.int(30, 120) * DAY;
    const ended = rng.chance(0.85) && endMs < BASE_DATE;
    const result = ended ? rng.weighted<TrialResult>([['confirmed', 60], ['refuted', 15], ['inconclusive', 25]]) : null;
    const decision: TrialDecision | null =
      result === 'confirmed'
        ? rng.weighted<TrialDecision>([['scale', 70], ['adjust', 30]])
        : result === 'refuted'
          ? rng.weighted<TrialDecision>([['stop', 60], ['adjust', 40]])
          : result === 'inconclusive'
            ? rng.weighted<TrialDecision>([['adjust', 70], ['stop', 10], ['scale', 20]])
            : null;
    trials.push({
      title: fill(SENT.trialTitle[lang], { k: String(k + 1), sol }),
      hypothesis: fill(SENT.hypothesis[lang], { ...vars, n: String(rng.pick([10, 15, 20, 25, 30, 40, 50])) }),
      method: rng.pick(W.TRIAL_METHODS)[lang],
      measure: rng.pick(W.TRIAL_MEASURES)[lang],
      result,
      decision,
      startedOn: isoDate(trialStart),
      endedOn: ended ? isoDate(endMs) : null,
    });
    trialStart = endMs + rng.int(14, 120) * DAY;
  }

  const partners: BenchCase['partners'] = [];
  for (let k = rng.weighted([[0, 45], [1, 30], [2, 17], [3, 8]]); k > 0; k--) {
    const which = rng.next();
    if (which < 0.7 && world.partners.length > 0) {
      const p = rng.pick(world.partners);
      partners.push({ name: p.name, orgnr: p.orgnr, actorType: p.kind });
    } else if (which < 0.85) {
      const other = world.publicTable.pick(rng);
      if (other.orgnr !== body.orgnr) partners.push({ name: other.name, orgnr: other.orgnr, actorType: 'public' });
    } else {
      const a = rng.pick(W.NAMED_ACTORS);
      partners.push({ name: cap(a.name[lang]), orgnr: null, actorType: a.actorType === 'citizens_users' ? 'citizens' : 'civil_society' });
    }
  }

  const coOwners: string[] = [];
  if (rng.chance(0.12)) {
    const neighbours = body.kind === 'municipality' ? world.municipalitiesByCounty.get(body.countyNumber ?? '') ?? [] : [];
    const pool = neighbours.length > 1 && rng.chance(0.8) ? neighbours : world.publicBodies;
    for (const b of rng.sample(pool, rng.int(1, 3))) if (b.orgnr !== body.orgnr) coOwners.push(b.orgnr);
  }

  const initiators = new Set<Initiator>();
  for (let k = rng.weighted([[1, 50], [2, 35], [3, 15]]); initiators.size < k; ) {
    initiators.add(rng.weighted<Initiator>([['employees', 40], ['leaders', 30], ['users', 12], ['politicians', 8], ['business', 5], ['research', 3], ['civil_society', 2]]));
  }

  let costNok: number | null = null;
  let fundingSources: string[] = [];
  if (rng.chance(0.75)) {
    costNok = Math.round(Math.exp(Math.log(50_000) + rng.next() * (Math.log(20_000_000) - Math.log(50_000))) / 10_000) * 10_000;
    const sources = new Set<string>();
    if (rng.chance(0.8)) sources.add('own_budget');
    for (let k = rng.int(sources.size ? 0 : 1, 2); k > 0; k--) sources.add(rng.pick(W.FUNDING_SOURCES));
    fundingSources = [...sources];
  }

  const links: BenchCase['links'] = [];
  if (rng.chance(0.4)) links.push({ url: `${site}/innovasjon/${titleSlug}`, label: W.LINK_LABELS.project[lang] });
  if (evaluationLink && rng.chance(0.5)) links.push({ url: evaluationLink, label: W.LINK_LABELS.report[lang] });
  if (rng.chance(0.15)) links.push({ url: `https://www.ks.no/fagomrader/innovasjon/innovasjonsbank/${titleSlug}`, label: W.LINK_LABELS.ks[lang] });

  const activelySpread = rng.chance(stage === 'diffuse' ? 0.9 : stage === 'evaluate' ? 0.3 : 0.08);
  // An organisation records adopting another's case once it is taken into use (never its own).
  const adoption =
    noveltySourceCaseKey && sourceOwner !== body.orgnr && (status === 'in_use' || late)
      ? {
          adoptedOn: takenIntoUseOn ?? isoDate(Math.min(BASE_DATE - DAY, createdMs + rng.int(20, 200) * DAY)),
          changes: rng.pick(W.ADOPTION_CHANGES)[lang],
          result: rng.pick(W.ADOPTION_RESULTS)[lang],
        }
      : null;
  return {
    key: caseKey(i),
    ownerOrgnr: body.orgnr,
    createdByEmail: author.email,
    createdAt: iso(createdMs),
    publishedAt,
    title,
    summary: summaryParts.join(' '),
    problem: problemParts.join(' '),
    whatIsNew: newParts.join(' '),
    types: [...types],
    novelty,
    noveltySourceCaseKey,
    noveltySourceText: novelty === 'new' ? null : sourceName,
    stage,
    status,
    takenIntoUseOn,
    stoppedReason: status === 'stopped' ? rng.pick(W.STOP_REASONS)[lang] : null,
    initiators: [...initiators],
    evaluated,
    evaluationHow: evaluated ? rng.pick(W.EVALUATION_KINDS)[lang] : null,
    evaluationLink,
    activelySpread,
    spreadHow: activelySpread ? rng.pick(W.SPREAD_HOW)[lang] : null,
    challenges: failures.length ? failures.map((f) => f[lang]).join(' ') : SENT.noFailures[lang],
    lessons: lessons.map((l) => l[lang]).join(' '),
    successConditions: rng.sample(W.CONDITIONS, rng.int(2, 3)).map((c) => c[lang]).join('. ') + '.',
    howToReplicate: rng.sample(W.REPLICATE, rng.int(1, 2)).map((r) => r[lang]).join(' '),
    costNok,
    fundingSources,
    links,
    contactName: author.name,
    contactEmail: author.email,
    contactPhone: rng.chance(0.5) ? `+47 ${rng.pick(['4', '9'])}${rng.int(0, 9)}${rng.int(0, 9)} ${rng.int(10, 99)} ${rng.int(100, 999)}` : null,
    visibility: rng.weighted<Visibility>([['public', 80], ['public_sector', 15], ['own_org', 5]]),
    language: lang,
    themes,
    coOwners,
    partners,
    benefits,
    trials,
    adoption,
  };
}

// ---------------------------------------------------------------------------------------------
// Barometer answers

export const barometerKey = (i: number) => `bench-barometer-${String(i).padStart(6, '0')}`;
const ROUNDS = [[2022, 10], [2024, 13], [2026, 16]] as const;

function score(rng: Rng, mean: number): Score {
  if (rng.chance(0.03)) return null;
  return Math.max(1, Math.min(6, Math.round(rng.normalish(mean, 1.6)))) as Score;
}

/** Lazily generates barometer answers 0..count-1. */
export function* generateBarometerAnswers(world: BenchWorld, count = countsFor(world.n).barometerAnswers): Generator<BenchBarometerAnswer> {
  for (let i = 0; i < count; i++) yield generateBarometerAnswer(world, i);
}

export function generateBarometerAnswer(world: BenchWorld, i: number): BenchBarometerAnswer {
  const rng = Rng.for(world.seed, 'barometer', i);
  const year = rng.weighted(ROUNDS.map(([y, w]) => [y, w] as [number, number]));
  const body = world.publicTable.pick(rng);
  const sector: Sector = body.kind === 'municipality' ? 'municipal' : body.kind === 'county_authority' ? 'county' : 'state';
  const domain = rng.weighted(DOMAINS_BY_KIND.get(body.kind) ?? [[W.DOMAINS[0]!, 1]]);
  const sizeBand = rng.weighted<SizeBand>([['1-9', 20], ['10-49', 45], ['50-249', 28], ['250+', 7]]);
  // KS 2018: about three in four units innovated; the state 2021: about nine in ten.
  const base = { '1-9': 0.6, '10-49': 0.74, '50-249': 0.83, '250+': 0.9 }[sizeBand] + (sector === 'state' ? 0.1 : 0);
  const innovated = rng.chance(Math.min(0.97, base));
  const lift = innovated ? 0.4 : -0.3;
  const drivers = Object.fromEntries(BAROMETER_DRIVERS.map((k, j) => [k, score(rng, [4.4, 4.0, 3.3, 4.2, 3.0, 4.1, 3.4, 3.2][j]! + lift)])) as Record<BarometerDriver, Score>;
  const barriers = Object.fromEntries(BAROMETER_BARRIERS.map((k, j) => [k, score(rng, [4.2, 3.0, 4.5, 4.6, 3.3, 3.2, 3.5, 3.0][j]! - lift / 2)])) as Record<BarometerBarrier, Score>;
  const nynorskLand = body.countyNumber === '46' || body.countyNumber === '15';

  let latest: BenchBarometerAnswer['latest'] = null;
  if (innovated) {
    const types = new Set<CaseType>();
    for (let k = rng.weighted([[1, 60], [2, 32], [3, 8]]); types.size < k; ) {
      types.add(rng.weighted<CaseType>([['service', 38], ['process', 32], ['organisation', 12], ['communication', 10], ['product', 8]]));
    }
    const initiators = new Set<Initiator>();
    for (let k = rng.int(1, 3); initiators.size < k; ) {
      initiators.add(rng.weighted<Initiator>([['leaders', 35], ['employees', 35], ['users', 10], ['politicians', 9], ['business', 5], ['research', 3], ['civil_society', 3]]));
    }
    const values = new Set<BenefitCategory>();
    for (let k = rng.int(1, 4); values.size < k; ) {
      values.add(rng.weighted<BenefitCategory>([['quality', 35], ['efficiency', 30], ['employee_satisfaction', 15], ['citizen_influence', 10], ['avoided_cost', 6], ['business_value', 2], ['other', 2]]));
    }
    const partnersPool = DEVELOPED_WITH;
    latest = {
      types: [...types],
      origin: rng.weighted([['first_of_its_kind', 25], ['inspired', 50], ['reused', 25]] as const),
      initiators: [...initiators],
      developedWith: partnersPool.filter((_, j) => rng.chance([0.55, 0.4, 0.3, 0.1, 0.08, 0.25][j]!)),
      values: [...values],
      evaluated: rng.weighted([['yes', 45], ['no', 45], ['dont_know', 10]] as const),
      activelySpread: rng.weighted([['yes', 35], ['no', 55], ['dont_know', 10]] as const),
    };
  }
  const submitted = Date.UTC(year, 8, 1) + rng.int(0, 74) * DAY + rng.int(7 * 3600_000, 17 * 3600_000);
  return {
    key: barometerKey(i),
    round: { key: `bench-${year}`, year },
    orgnr: body.orgnr,
    sector,
    serviceArea: domain.key,
    sizeBand,
    language: rng.weighted<Lang>([['nb', nynorskLand ? 60 : 90], ['nn', nynorskLand ? 38 : 7], ['en', 2]]),
    submittedAt: iso(Math.min(submitted, BASE_DATE - 1)),
    innovated,
    innovationCount: innovated ? rng.weighted([['1', 25], ['2-3', 45], ['4-5', 18], ['6+', 12]] as const) : null,
    underDevelopment: innovated ? null : rng.chance(0.4),
    latest,
    drivers,
    barriers,
  };
}

// ---------------------------------------------------------------------------------------------
// Output: JSON lines and digests

/** Writes one JSON document per line, respecting the stream's back-pressure. Returns lines and bytes. */
export async function writeJsonLines(file: string, items: Iterable<unknown>): Promise<{ lines: number; bytes: number }> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(file, { encoding: 'utf8' });
  let lines = 0;
  let bytes = 0;
  let chunk = '';
  const flush = async () => {
    if (!out.write(chunk)) await once(out, 'drain');
    chunk = '';
  };
  for (const item of items) {
    const line = JSON.stringify(item) + '\n';
    chunk += line;
    bytes += Buffer.byteLength(line);
    lines++;
    if (chunk.length > 1 << 20) await flush();
  }
  if (chunk) await flush();
  out.end();
  await once(out, 'finish');
  return { lines, bytes };
}

/** Writes every kind of record of the world as <dir>/<kind>.jsonl. */
export async function writeDataset(dir: string, world: BenchWorld) {
  return {
    partners: await writeJsonLines(path.join(dir, 'partner-organisations.jsonl'), world.partners),
    users: await writeJsonLines(path.join(dir, 'users.jsonl'), world.users),
    memberships: await writeJsonLines(path.join(dir, 'memberships.jsonl'), world.memberships),
    cases: await writeJsonLines(path.join(dir, 'cases.jsonl'), generateCases(world)),
    barometerAnswers: await writeJsonLines(path.join(dir, 'barometer-answers.jsonl'), generateBarometerAnswers(world)),
  };
}

/** sha256 over the JSON lines of a record stream: equal digests, equal data. */
export function digest(items: Iterable<unknown>): { count: number; sha256: string } {
  const h = createHash('sha256');
  let count = 0;
  for (const item of items) {
    h.update(JSON.stringify(item) + '\n');
    count++;
  }
  return { count, sha256: h.digest('hex') };
}

// ---------------------------------------------------------------------------------------------
// Database: partners, users, memberships

export interface InsertOptions {
  /** Rows per statement and per transaction. */
  batchSize?: number;
  /** One password hash shared by every generated user (null: nobody can sign in). */
  passwordHash?: string | null;
  onProgress?: (message: string) => void;
}

export interface InsertResult {
  partners: number;
  users: number;
  memberships: number;
  ms: { partners: number; users: number };
}

function* batches<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * Inserts the world's partner organisations (source 'bench'), users and memberships. Each batch is one
 * statement over `json_to_recordset` in its own transaction; users and their memberships share one.
 * Refuses a database that already holds bench data. Needs the reference data loaded first.
 */
export async function insertWorld(db: DbOrTrx, world: BenchWorld, options: InsertOptions = {}): Promise<InsertResult> {
  const batchSize = options.batchSize ?? 5_000;
  const progress = options.onProgress ?? (() => undefined);
  const existing = await sql<{ n: number }>`select count(*)::int as n from organisations where source = 'bench'`.execute(db);
  if ((existing.rows[0]?.n ?? 0) > 0) throw new Error('This database already holds bench data (organisations with source = bench); use a fresh database.');
  const reference = await sql<{ n: number }>`select count(*)::int as n from organisations where source = 'reference'`.execute(db);
  if ((reference.rows[0]?.n ?? 0) === 0) throw new Error('Load the reference data first (memberships point at real public bodies).');

  const started = performance.now();
  let partners = 0;
  for (const batch of batches(world.partners, batchSize)) {
    const r = await db.transaction().execute((trx) =>
      sql`
        insert into organisations (orgnr, name, kind, org_form, county_number, website, country, source, created_at, updated_at)
        select orgnr, name, kind, "orgForm", "countyNumber", website, country, 'bench', "createdAt", "createdAt"
        from json_to_recordset(${JSON.stringify(batch)}::json) as o(
          orgnr text, name text, kind text, "orgForm" text, "countyNumber" text, website text, country text, "createdAt" timestamptz)`.execute(trx),
    );
    partners += Number(r.numAffectedRows ?? 0);
    progress(`partners ${partners}/${world.partners.length}`);
  }
  const partnersMs = performance.now() - started;

  const usersStarted = performance.now();
  let users = 0;
  let memberships = 0;
  const passwordHash = options.passwordHash ?? null;
  for (let from = 0; from < world.users.length; from += batchSize) {
    const userBatch = world.users.slice(from, from + batchSize);
    const membershipBatch = world.membershipsByUser.slice(from, from + batchSize).flatMap((ms) => ms.map((k) => world.memberships[k]!));
    const [u, m] = await db.transaction().execute(async (trx) => {
      const ur = await sql`
        insert into users (email, name, password_hash, platform_role, locale, created_at)
        select email, name, ${passwordHash}, "platformRole", locale, "createdAt"
        from json_to_recordset(${JSON.stringify(userBatch)}::json) as u(email text, name text, "platformRole" text, locale text, "createdAt" timestamptz)`.execute(trx);
      // Joined on e-mail and orgnr (both unique), so no id needs to travel back to Node.
      const mr = await sql`
        insert into memberships (user_id, organisation_id, role, status, created_at, decided_at)
        select u.id, o.id, m.role, m.status, m."createdAt", m."decidedAt"
        from json_to_recordset(${JSON.stringify(membershipBatch)}::json) as m(email text, orgnr text, role text, status text, "createdAt" timestamptz, "decidedAt" timestamptz)
        join users u on lower(u.email) = lower(m.email)
        join organisations o on o.orgnr = m.orgnr`.execute(trx);
      return [Number(ur.numAffectedRows ?? 0), Number(mr.numAffectedRows ?? 0)];
    });
    users += u;
    memberships += m;
    progress(`users ${users}/${world.users.length}, memberships ${memberships}`);
  }
  if (memberships !== world.memberships.length) {
    throw new Error(`inserted ${memberships} memberships of ${world.memberships.length}: an orgnr or e-mail did not match`);
  }
  return { partners, users, memberships, ms: { partners: partnersMs, users: performance.now() - usersStarted } };
}

// ---------------------------------------------------------------------------------------------
// Database: cases (the case bank's tables, migrations/20261127T0000_cases.sql)

/** The case as the input the case validation takes (src/cases/cases.validation.ts). */
export function caseAsInput(c: BenchCase): Record<string, unknown> {
  const { key: _k, ownerOrgnr: _o, createdByEmail: _e, createdAt: _c, publishedAt: _p, noveltySourceCaseKey: _s, trials: _t, adoption: _a, ...values } = c;
  return values;
}

/**
 * Checks generated cases against the product's own case rules (validateCaseInput), so the bench never
 * loads data the application would refuse. Returns the first problems found.
 */
export function checkCases(cases: Iterable<BenchCase>): string[] {
  const problems: string[] = [];
  for (const c of cases) {
    const { violations } = validateCaseInput(caseAsInput(c), EMPTY_CASE);
    if (Object.keys(violations).length > 0) problems.push(`${c.key}: ${JSON.stringify(violations)}`);
    if (problems.length >= 10) break;
  }
  return problems;
}

export interface CaseInsertResult {
  cases: number;
  trials: number;
  adoptions: number;
  ms: number;
}

/**
 * Inserts cases with their co-owners, themes, partners, benefits, trials, versions (create, publish)
 * and adoptions, marked `source = 'bench'` with `source_key` = the case key, then refreshes their search
 * vectors as the app does (refresh_case_search, when the schema has it). One transaction per batch;
 * every child row finds its case through (source, source_key) and its organisation through orgnr, so no
 * id travels back to Node. Needs insertWorld's data and the LOS concepts loaded first.
 */
export async function insertCases(db: DbOrTrx, cases: Iterable<BenchCase>, options: { batchSize?: number; onProgress?: (m: string) => void } = {}): Promise<CaseInsertResult> {
  const batchSize = options.batchSize ?? 2_000;
  const progress = options.onProgress ?? (() => undefined);
  const started = performance.now();
  let inserted = 0;
  let trials = 0;
  let adoptions = 0;
  let batch: BenchCase[] = [];
  // Schemas from 20261127T0200_case_search on keep a search vector per case, refreshed by the writer.
  const refresh = !!(await sql<{ p: string | null }>`select to_regprocedure('refresh_case_search(bigint[])')::text as p`.execute(db)).rows[0]?.p;

  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    const children = {
      coOwners: rows.flatMap((c) => c.coOwners.map((orgnr) => ({ key: c.key, orgnr }))),
      themes: rows.flatMap((c) => c.themes.map((uri) => ({ key: c.key, uri }))),
      partners: rows.flatMap((c) => c.partners.map((p, position) => ({ key: c.key, position, ...p }))),
      benefits: rows.flatMap((c) => c.benefits.map((b, position) => ({ key: c.key, position, ...b }))),
      trials: rows.flatMap((c) => c.trials.map((t) => ({ key: c.key, ...t }))),
      sources: rows.filter((c) => c.noveltySourceCaseKey).map((c) => ({ key: c.key, source: c.noveltySourceCaseKey })),
      adoptions: rows.filter((c) => c.adoption && c.noveltySourceCaseKey).map((c) => ({ key: c.key, source: c.noveltySourceCaseKey, ...c.adoption! })),
    };
    const json = (v: unknown) => JSON.stringify(v);
    const r = await db.transaction().execute(async (trx) => {
      const ins = await sql`
        insert into cases (owner_org_id, contact_user_id, created_by, title, summary, problem, what_is_new, types, novelty,
          novelty_source_text, stage, status, taken_into_use_on, stopped_reason, initiators, evaluated, evaluation_how,
          evaluation_link, actively_spread, spread_how, challenges, lessons, success_conditions, how_to_replicate, cost_nok,
          funding_sources, links, contact_name, contact_email, contact_phone, visibility, language, published_at, source,
          source_key, version, created_at, updated_at)
        select o.id, u.id, u.id, c.title, c.summary, c.problem, c."whatIsNew", c.types, c.novelty,
          c."noveltySourceText", c.stage, c.status, c."takenIntoUseOn", c."stoppedReason", c.initiators, c.evaluated, c."evaluationHow",
          c."evaluationLink", c."activelySpread", c."spreadHow", c.challenges, c.lessons, c."successConditions", c."howToReplicate", c."costNok",
          c."fundingSources", c.links, c."contactName", c."contactEmail", c."contactPhone", c.visibility, c.language, c."publishedAt", 'bench',
          c.key, case when c."publishedAt" is null then 1 else 2 end, c."createdAt", coalesce(c."publishedAt", c."createdAt")
        from json_to_recordset(${json(rows)}::json) as c(
          key text, "ownerOrgnr" text, "createdByEmail" text, "createdAt" timestamptz, "publishedAt" timestamptz, title text, summary text,
          problem text, "whatIsNew" text, types text[], novelty text, "noveltySourceText" text, stage text, status text,
          "takenIntoUseOn" date, "stoppedReason" text, initiators text[], evaluated boolean, "evaluationHow" text, "evaluationLink" text,
          "activelySpread" boolean, "spreadHow" text, challenges text, lessons text, "successConditions" text, "howToReplicate" text,
          "costNok" numeric, "fundingSources" text[], links jsonb, "contactName" text, "contactEmail" text, "contactPhone" text,
          visibility text, language text)
        join organisations o on o.orgnr = c."ownerOrgnr"
        left join users u on lower(u.email) = lower(c."createdByEmail")`.execute(trx);
      const n = Number(ins.numAffectedRows ?? 0);
      if (n !== rows.length) throw new Error(`inserted ${n} of ${rows.length} cases: an owner orgnr did not match`);
      // The history a case made through the app would have: created, then published.
      await sql`
        insert into case_versions (case_id, version, at, user_id, action, changes)
        select k.id, 1, k.created_at, k.created_by, 'create', '[]'::jsonb from cases k
        where k.source = 'bench' and k.source_key = any(${rows.map((c) => c.key)}::text[])
        union all
        select k.id, 2, k.published_at, k.created_by, 'publish', '[{"field":"published","old":false,"new":true}]'::jsonb from cases k
        where k.source = 'bench' and k.source_key = any(${rows.map((c) => c.key)}::text[]) and k.published_at is not null`.execute(trx);
      await sql`
        insert into case_coowners (case_id, org_id)
        select k.id, o.id from json_to_recordset(${json(children.coOwners)}::json) as x(key text, orgnr text)
        join cases k on k.source = 'bench' and k.source_key = x.key join organisations o on o.orgnr = x.orgnr
        on conflict do nothing`.execute(trx);
      await sql`
        insert into case_themes (case_id, theme_uri)
        select k.id, x.uri from json_to_recordset(${json(children.themes)}::json) as x(key text, uri text)
        join cases k on k.source = 'bench' and k.source_key = x.key
        on conflict do nothing`.execute(trx);
      await sql`
        insert into case_partners (case_id, position, org_id, name, actor_type)
        select k.id, x.position, o.id, x.name, x."actorType" from json_to_recordset(${json(children.partners)}::json)
          as x(key text, position int, orgnr text, name text, "actorType" text)
        join cases k on k.source = 'bench' and k.source_key = x.key left join organisations o on o.orgnr = x.orgnr`.execute(trx);
      await sql`
        insert into case_benefits (case_id, position, category, realised, description, value, unit, method)
        select k.id, x.position, x.category, x.realised, x.description, x.value, x.unit, x.method
        from json_to_recordset(${json(children.benefits)}::json)
          as x(key text, position int, category text, realised boolean, description text, value numeric, unit text, method text)
        join cases k on k.source = 'bench' and k.source_key = x.key`.execute(trx);
      const tr = await sql`
        insert into case_trials (case_id, title, hypothesis, method, measure, result, decision, started_on, ended_on, created_by, created_at)
        select k.id, x.title, x.hypothesis, x.method, x.measure, x.result, x.decision, x."startedOn", x."endedOn", k.created_by, x."startedOn"::timestamptz
        from json_to_recordset(${json(children.trials)}::json)
          as x(key text, title text, hypothesis text, method text, measure text, result text, decision text, "startedOn" date, "endedOn" date)
        join cases k on k.source = 'bench' and k.source_key = x.key`.execute(trx);
      // Sources are always earlier cases, so they are in this batch or an earlier one.
      await sql`
        update cases k set novelty_source_case_id = s.id
        from json_to_recordset(${json(children.sources)}::json) as x(key text, source text)
        join cases s on s.source = 'bench' and s.source_key = x.source
        where k.source = 'bench' and k.source_key = x.key`.execute(trx);
      const ad = await sql`
        insert into adoptions (source_case_id, adopter_org_id, adopted_on, changes, result, adopter_case_id, created_by, created_at)
        select s.id, k.owner_org_id, x."adoptedOn", x.changes, x.result, k.id, k.created_by, x."adoptedOn"::timestamptz
        from json_to_recordset(${json(children.adoptions)}::json) as x(key text, source text, "adoptedOn" date, changes text, result text)
        join cases k on k.source = 'bench' and k.source_key = x.key
        join cases s on s.source = 'bench' and s.source_key = x.source
        where s.owner_org_id <> k.owner_org_id
        on conflict (source_case_id, adopter_org_id) do nothing`.execute(trx);
      if (refresh) {
        // What the app does after every write to a case: rebuild its search vector and facets (and the
        // adoption count of each source case).
        await sql`
          select refresh_case_search(array(
            select k.id from cases k where k.source = 'bench' and k.source_key = any(${rows.map((c) => c.key)}::text[])
            union
            select s.id from cases s where s.source = 'bench' and s.source_key = any(${children.adoptions.map((a) => a.source)}::text[])))`.execute(trx);
      }
      return { trials: Number(tr.numAffectedRows ?? 0), adoptions: Number(ad.numAffectedRows ?? 0) };
    });
    inserted += rows.length;
    trials += r.trials;
    adoptions += r.adoptions;
    progress(`cases ${inserted}`);
  };

  for (const c of cases) {
    batch.push(c);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return { cases: inserted, trials, adoptions, ms: performance.now() - started };
}
