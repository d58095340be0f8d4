import { parse } from 'csv-parse/sync';
import type { CsvError } from 'csv-parse';
import { describeViolation } from '../core/validation.js';
import type { OrgKind } from '../db/schema.js';
import { messages } from '../i18n/index.js';
import { EMPTY_CASE, type CaseType, type CaseValues, type Stage, type CaseStatus } from '../cases/index.js';
import { validateCaseInput } from '../cases/index.js';

/**
 * The EU JRC Innovative Public Services Explorer's case list (resources/cases/README.md) read into
 * case values. Pure: no database, no files. How each column maps is documented in that README;
 * the tables below are the mapping.
 */

export const JRC_SOURCE = 'import:jrc';

/** The case's own page in the explorer (GitHub Pages of ipsoeu/ips-explorer), keyed by the stable `id`. */
export const jrcCaseUrl = (id: string) => `https://ipsoeu.github.io/ips-explorer/case/${id}.html`;

/** The source has no lessons for cases it marks as no longer in use; our rules need some text. */
export const LESSONS_NOT_DOCUMENTED = 'Not documented in the source (EU JRC Innovative Public Services Explorer).';

/** Owner of the cases whose lead organisation the source leaves empty (23 of 853). */
export const UNNAMED_LEAD = { name: 'Lead organisation not named (EU JRC IPS Explorer)', country: 'EU', kind: 'other_public' as OrgKind };

/** Columns without which a file is not a JRC case list; the others (url, geocoverage_codes, …) may be absent. */
const REQUIRED_COLUMNS = ['id', 'name', 'description', 'geocoverage', 'lead_organisation_name', 'lead_organisation_category', 'primary_sector', 'status'] as const;

type JrcColumn = (typeof REQUIRED_COLUMNS)[number];
type OptionalColumn = 'url' | 'geoextent' | 'geocoverage_codes' | 'start_date' | 'end_date' | 'secondary_sector' | 'technology' | 'type';
type JrcRecord = Record<JrcColumn, string> & Partial<Record<OptionalColumn, string>>;

/** The source's status → our status and lifecycle stage (OPSI; the KS Veikart phase is shown beside it). */
const STATUS_MAP: Record<string, { status: CaseStatus; stage: Stage | null }> = {
  planned: { status: 'active', stage: 'proposal' },
  'in development': { status: 'active', stage: 'proposal' },
  // A pilot runs the service for real, on a small scale: implementation, not yet evaluated.
  pilot: { status: 'active', stage: 'implement' },
  implemented: { status: 'in_use', stage: 'implement' },
  'in production': { status: 'in_use', stage: 'implement' },
  // How far it got before it stopped is not recorded.
  'not in use anymore': { status: 'stopped', stage: null },
};

const LOS = 'https://psi.norge.no/los/tema/';

/** COFOG division (`primary_sector`) → LOS main themes. */
const SECTOR_THEMES: Record<string, string[]> = {
  'general public services': ['demokrati-og-innbyggerrettigheter'],
  defence: ['samfunnssikkerhet-og-beredskap'],
  'public order and safety': ['lov-og-rett', 'samfunnssikkerhet-og-beredskap'],
  'economic affairs': ['naring'],
  'environmental protection': ['natur-klima-og-miljo'],
  'housing and community amenities': ['bygg-og-eiendom'],
  health: ['helse-og-omsorg'],
  'recreation, culture and religion': ['kultur-idrett-og-fritid'],
  education: ['skole-og-utdanning'],
  'social protection': ['sosiale-tjenester'],
};

/** COFOG groups (`secondary_sector`) that point to a better LOS main theme than their division. */
const ACTIVITY_THEMES: Record<string, string[]> = {
  transport: ['trafikk-og-transport'],
  'fuel and energy': ['natur-klima-og-miljo', 'naring'],
  'general economic, commercial and labour affair': ['naring', 'arbeid'],
  unemployment: ['arbeid', 'sosiale-tjenester'],
  'family and children': ['familie-og-barn', 'sosiale-tjenester'],
  'old age': ['sosiale-tjenester', 'helse-og-omsorg'],
  'law courts': ['lov-og-rett'],
  'fire-protection services': ['samfunnssikkerhet-og-beredskap'],
  'civil defence': ['samfunnssikkerhet-og-beredskap'],
  'waste management': ['natur-klima-og-miljo'],
  'waste water management': ['natur-klima-og-miljo'],
  'pollution abatement': ['natur-klima-og-miljo'],
  'protection of biodiversity and landscape': ['natur-klima-og-miljo'],
  'cultural services': ['kultur-idrett-og-fritid'],
  'recreational and sporting services': ['kultur-idrett-og-fritid'],
};

/** The IPS service-type taxonomy → the white paper's innovation types. Unknown or empty: service. */
const TYPE_MAP: Record<string, CaseType[]> = {
  'service personalisation (various)': ['service'],
  'service integration (various)': ['service'],
  'taking decisions on benefits': ['service'],
  'authentication of self-sovereign digital id services': ['service'],
  'payments and international transactions': ['service'],
  'engagement management': ['service', 'communication'],
  'governance and voting': ['service', 'communication'],
};
const PROCESS_TYPES = [
  'prediction and planning',
  'monitoring policy implementation',
  'data sharing management',
  'financial management and support',
  'management of auditing and logging',
  'tracking of goods and assets along the supply chain',
  'supporting disintermediation',
  'procurement management',
  'managing copyright and ipr',
  'improving cybersecurity',
];

/** IPS organisation category → our kind for an organisation outside Norway's reference data. */
const CATEGORY_KIND: Record<string, OrgKind> = {
  'central-government': 'other_public',
  governmental: 'other_public',
  'regional government': 'other_public',
  'local government': 'other_public',
  'private sector': 'business',
  'academic-research': 'research',
  // In the IPS data a consortium is an EU-funded project led by a university, institute or company.
  consortium: 'research',
  'non-governmental': 'civil_society',
  'community led': 'civil_society',
};

/** For the rows whose `geocoverage_codes` is empty. "European Union" is ISO 3166's reserved code EU. */
const COUNTRY_CODES: Record<string, string> = {
  andorra: 'AD', austria: 'AT', belgium: 'BE', bulgaria: 'BG', croatia: 'HR', cyprus: 'CY', 'czech republic': 'CZ', czechia: 'CZ',
  denmark: 'DK', estonia: 'EE', 'european union': 'EU', finland: 'FI', france: 'FR', germany: 'DE', greece: 'GR', hungary: 'HU',
  iceland: 'IS', ireland: 'IE', italy: 'IT', latvia: 'LV', liechtenstein: 'LI', lithuania: 'LT', luxembourg: 'LU', malta: 'MT',
  moldova: 'MD', netherlands: 'NL', norway: 'NO', poland: 'PL', portugal: 'PT', romania: 'RO', russia: 'RU', 'san marino': 'SM',
  serbia: 'RS', slovakia: 'SK', slovenia: 'SI', spain: 'ES', sweden: 'SE', switzerland: 'CH', ukraine: 'UA', 'united kingdom': 'GB',
};

/**
 * English names the source uses for Norwegian public bodies → the name in the reference data.
 * Names that match the reference data directly (NAV, NTNU, Statnett, «X Municipality») need no entry.
 */
const NORWEGIAN_NAMES: Record<string, string> = {
  'national library of norway': 'Nasjonalbiblioteket',
  'norwegian national security authority': 'Nasjonal sikkerhetsmyndighet',
  'norwegian student loan fund': 'Statens lånekasse for utdanning',
  'norwegian state educational loan fund': 'Statens lånekasse for utdanning',
  lånekassen: 'Statens lånekasse for utdanning',
  'ministry of foreign affairs': 'Utenriksdepartementet',
  'norwegian ministry of foreign affairs': 'Utenriksdepartementet',
  'norwegian government agency for financial management': 'Direktoratet for forvaltning og økonomistyring',
  'norwegian labour and welfare administration': 'Arbeids- og velferdsetaten',
  'norwegian tax administration': 'Skatteetaten',
  'norwegian digitalisation agency': 'Digitaliseringsdirektoratet',
  'norwegian public roads administration': 'Statens vegvesen',
  'norwegian directorate of health': 'Helsedirektoratet',
  'norwegian institute of public health': 'Folkehelseinstituttet',
  'norwegian food safety authority': 'Mattilsynet',
  'norwegian directorate of immigration': 'Utlendingsdirektoratet',
  'norwegian mapping authority': 'Kartverket',
  'norwegian customs': 'Tolletaten',
  'norwegian police directorate': 'Politidirektoratet',
  'norwegian environment agency': 'Miljødirektoratet',
  'norwegian meteorological institute': 'Meteorologisk institutt',
  'the brønnøysund register centre': 'Brønnøysundregistrene',
  'brønnøysund register centre': 'Brønnøysundregistrene',
  'statistics norway': 'Statistisk sentralbyrå',
  'the national archives of norway': 'Arkivverket',
  'innovation norway': 'Innovasjon Norge',
};

export interface JrcOrganisation {
  name: string;
  /** ISO 3166-1 alpha-2, or EU. */
  country: string;
  /** The kind it gets if it has to be created (Norwegian public bodies are matched, never created). */
  kind: OrgKind;
  /** The source's organisation category, as written. */
  category: string;
  /** True for the shared owner of cases without a named lead organisation. */
  unnamed: boolean;
}

export interface JrcCase {
  /** Line in the file where the record starts (the header is line 1). */
  line: number;
  /** The source's stable `id`; `cid` is the id of the data source (the same for every row). */
  sourceKey: string;
  /** The fields the import owns, as input for `validateCaseInput` (merged over the stored case on re-import). */
  input: Record<string, unknown>;
  /** `input` validated over the empty case: what a new case is created with. */
  values: CaseValues;
  org: JrcOrganisation;
  /** The COFOG division, as the source writes it. */
  cofog: string;
  sourceUrl: string;
}

export interface BadRow {
  line: number;
  message: string;
}

export interface ParsedJrc {
  cases: JrcCase[];
  bad: BadRow[];
}

/** The file is not a JRC case list at all (not a bad row: nothing can be read). */
export class JrcFormatError extends Error {}

/** Reads the CSV: every record becomes a case to import or a bad row naming its line. */
export function parseJrcCsv(text: string): ParsedJrc {
  const bad: BadRow[] = [];
  let header: string[] = [];
  const records = parse(text, {
    bom: true,
    columns: (h: string[]) => {
      header = h.map((c) => c.trim());
      return header;
    },
    info: true,
    raw: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err: CsvError | undefined, raw: string | undefined) => {
      const end = (err as (CsvError & { lines?: number }) | undefined)?.lines ?? 0;
      bad.push({ line: startLine(end, raw), message: csvErrorMessage(err) });
      return undefined;
    },
  }) as unknown as { record: JrcRecord; info: { lines: number }; raw: string }[];
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (header.length === 0) throw new JrcFormatError('The file is empty.');
  if (missing.length > 0) throw new JrcFormatError(`Not a JRC IPS Explorer case list: missing column(s) ${missing.join(', ')}.`);

  const cases: JrcCase[] = [];
  const seen = new Map<string, number>();
  for (const { record, info, raw } of records) {
    const line = startLine(info.lines, raw);
    const mapped = mapJrcRecord(record, line);
    if ('message' in mapped) {
      bad.push(mapped);
      continue;
    }
    const first = seen.get(mapped.sourceKey);
    if (first !== undefined) {
      bad.push({ line, message: `id ${mapped.sourceKey} appears twice (first on line ${first})` });
      continue;
    }
    seen.set(mapped.sourceKey, line);
    cases.push(mapped);
  }
  bad.sort((a, b) => a.line - b.line);
  return { cases, bad };
}

/** csv-parse reports the line a record ends on; a quoted field may span several. */
function startLine(endLine: number, raw: string | undefined): number {
  if (!raw) return endLine;
  // Blank lines skipped before the record are part of its raw text; the record's own delimiter ends it.
  const own = raw.replace(/^(?:\r?\n)+/, '').replace(/\r?\n$/, '');
  return Math.max(1, endLine - (own.split('\n').length - 1));
}

function csvErrorMessage(err: CsvError | undefined): string {
  if (!err) return 'the row could not be read';
  switch (err.code) {
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
      return `wrong number of columns (${err.message.replace(/^Invalid Record Length: /, '').replace(/ on line \d+$/, '')})`;
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed (the rest of the file is inside it)';
    case 'CSV_INVALID_CLOSING_QUOTE':
      return 'a quote inside a field is not doubled';
    default:
      return err.message;
  }
}

const clean = (s: string | undefined) => (s ?? '').replace(/[\u00a0\s]+/g, ' ').trim();
const key = (s: string | undefined) => clean(s).toLowerCase().replace(/\.$/, '');

/** Paragraph text: spaces collapsed, line breaks kept, at most one empty line between paragraphs. */
function cleanParagraphs(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\t ]+/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Maps one record to case values and its lead organisation, or says why it cannot be imported. */
export function mapJrcRecord(r: JrcRecord, line: number): JrcCase | BadRow {
  const fail = (message: string): BadRow => ({ line, message });
  const id = clean(r.id);
  if (!/^[0-9]+$/.test(id)) return fail(id ? `id «${id}» is not a number` : 'id is empty');
  const title = clean(r.name);
  if (!title) return fail('name is empty');
  const description = cleanParagraphs(r.description ?? '');
  if (!description) return fail('description is empty');

  const statusRaw = clean(r.status);
  const status = STATUS_MAP[statusRaw.toLowerCase()];
  if (!status) return fail(statusRaw ? `unknown status «${statusRaw}» (expected Planned, In development, Pilot, Implemented, In production or Not in use anymore)` : 'status is empty');

  const sector = clean(r.primary_sector);
  const themes = ACTIVITY_THEMES[key(r.secondary_sector)] ?? SECTOR_THEMES[key(sector)];
  if (!themes) return fail(sector ? `unknown primary_sector «${sector}» (expected a COFOG division)` : 'primary_sector is empty');

  const org = leadOrganisation(r);
  if ('message' in org) return fail(org.message);

  const year = /^\s*(\d{4})/.exec(r.start_date ?? '')?.[1] ?? null;
  const endYear = /^\s*(\d{4})/.exec(r.end_date ?? '')?.[1] ?? null;
  const typeLabel = clean(r.type);
  const types = TYPE_MAP[key(typeLabel)] ?? (key(typeLabel).endsWith('processes') || PROCESS_TYPES.includes(key(typeLabel)) ? ['process'] : ['service']);
  const links = extractUrls(r.url ?? '').map((url) => ({ url, label: linkLabel(url) }));

  const facts = [
    `From the EU JRC Innovative Public Services Explorer (case ${id}).`,
    clean(r.technology) && `Technology: ${clean(r.technology)}.`,
    typeLabel && `Service type: ${typeLabel}.`,
    `Status: ${statusRaw}${year ? `, started ${year}` : ''}${endYear ? `, ended ${endYear}` : ''}.`,
    `Sector: ${[sector, clean(r.secondary_sector).replace(/\.$/, '')].filter(Boolean).join(' – ')}.`,
    `Coverage: ${[clean(r.geoextent), clean(r.geocoverage)].filter(Boolean).join(', ') || 'not stated'}.`,
    org.unnamed && `Lead organisation: not named in the source${clean(r.lead_organisation_category) ? ` (${clean(r.lead_organisation_category)})` : ''}.`,
  ].filter(Boolean);

  const input: Record<string, unknown> = {
    title,
    summary: firstSentences(description),
    whatIsNew: `${description}\n\n${facts.join(' ')}`,
    types,
    stage: status.stage,
    status: status.status,
    takenIntoUseOn: status.status === 'in_use' && year ? `${year}-01-01` : null,
    stoppedReason: status.status === 'stopped' ? `Not in use anymore, according to the source (EU JRC Innovative Public Services Explorer)${endYear ? `; ended ${endYear}` : ''}.` : null,
    themes: themes.map((t) => LOS + t).sort(),
    links,
    visibility: 'public',
    language: 'en',
  };
  if (status.status === 'stopped') input.lessons = LESSONS_NOT_DOCUMENTED;

  const { values, violations } = validateCaseInput(input, EMPTY_CASE);
  const problems = Object.entries(violations);
  if (problems.length > 0) {
    const en = messages('en');
    return fail(problems.map(([field, v]) => `${COLUMN_OF[field] ?? field}: ${describeViolation(en, v)}`).join('; '));
  }
  return { line, sourceKey: id, input, values, org, cofog: sector, sourceUrl: jrcCaseUrl(id) };
}

/** Which source column a case field came from, for messages about bad rows. */
const COLUMN_OF: Record<string, string> = {
  title: 'name',
  summary: 'description',
  whatIsNew: 'description',
  status: 'status',
  stage: 'status',
  takenIntoUseOn: 'start_date',
  themes: 'primary_sector',
  types: 'type',
};

function leadOrganisation(r: JrcRecord): JrcOrganisation | { message: string } {
  const category = clean(r.lead_organisation_category);
  const codes = clean(r.geocoverage_codes)
    .split(/[,;\s]+/)
    .filter(Boolean);
  const names = clean(r.geocoverage)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const country = (codes[0] ? codes[0].toUpperCase() : COUNTRY_CODES[(names[0] ?? '').toLowerCase()]) ?? null;
  if (!country || !/^[A-Z]{2}$/.test(country)) {
    return { message: codes[0] ? `geocoverage_codes «${codes[0]}» is not a country code` : names[0] ? `unknown country «${names[0]}» in geocoverage` : 'no country: geocoverage and geocoverage_codes are empty' };
  }
  const name = orgName(r.lead_organisation_name ?? '');
  if (!name) return { ...UNNAMED_LEAD, category, unnamed: true };
  const kind = CATEGORY_KIND[category.toLowerCase()];
  if (!kind) return { message: category ? `unknown lead_organisation_category «${category}»` : 'lead_organisation_category is empty' };
  return { name, country, kind, category, unnamed: false };
}

/** Organisation names are at most 200 characters; a long list of partners is cut at a comma. */
function orgName(raw: string): string {
  const name = clean(raw).replace(/[,;]+$/, '');
  if (name.length <= 200) return name;
  const suffix = ' et al.';
  const head = name.slice(0, 200 - suffix.length);
  const comma = head.lastIndexOf(',');
  return (comma > 40 ? head.slice(0, comma) : head.slice(0, head.lastIndexOf(' '))).trim() + suffix;
}

/**
 * The opening sentences of a text, as many as fit in `max` characters, cut at a sentence end;
 * a first sentence longer than that is cut at a word and ends with an ellipsis.
 */
export function firstSentences(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const ends = /[.!?]["'”’)\]]*(?=\s+["'“‘([]?[\p{Lu}\p{N}])/gu;
  let cut = 0;
  for (let m = ends.exec(flat); m; m = ends.exec(flat)) {
    const end = m.index + m[0].length;
    if (end > max) break;
    cut = end;
  }
  if (cut > 0) return flat.slice(0, cut);
  const head = flat.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > max / 2 ? head.slice(0, space) : head).replace(/[\s,;:–-]+$/, '')}…`;
}

/**
 * Every web address in the source's `url` field, which often holds several (separated by line
 * breaks, spaces, «;», «, » or the Dutch «en») and sometimes text that is no address at all.
 */
export function extractUrls(raw: string): string[] {
  const out: string[] = [];
  for (const part of raw.replace(/\u00a0/g, ' ').split(/\s*(?:\n|;|,\s|\s+en\s+|\s+(?=https?:\/\/))\s*/i)) {
    let s = part.trim().replace(/[,;.]+$/, '');
    if (!s) continue;
    if (!/^https?:\/\//i.test(s)) {
      // A bare domain («www.kela.fi/lapsiperheet», «trec.trentinosalute.net»), but not prose.
      if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(s)) continue;
      s = `https://${s}`;
    }
    try {
      const u = new URL(s);
      if (!u.hostname.includes('.')) continue;
      const href = u.toString();
      if (href.length <= 500 && !out.includes(href)) out.push(href);
    } catch {
      // not an address
    }
  }
  return out;
}

function linkLabel(url: string): string {
  return new URL(url).hostname.replace(/^www\./, '');
}

// ---- Norwegian lead organisations ----

export interface ReferenceOrgName {
  id: string;
  name: string;
  nameSami: string | null;
  aliases: string[];
}

const normName = (s: string) =>
  s
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u00a0\s]+/g, ' ')
    .replace(/^the /, '')
    .replace(/[\s.,;:]+$/, '')
    .trim();

/** The names a Norwegian body named in English by the source may have in the reference data. */
export function norwegianNameCandidates(name: string): string[] {
  const n = normName(name);
  const out = new Set<string>([n]);
  for (const m of n.matchAll(/\(([^)]+)\)/g)) out.add(normName(m[1]!));
  const bare = normName(n.replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' '));
  out.add(bare);
  out.add(normName(bare.split(',')[0]!));
  for (const c of [...out]) {
    const muni = /^municipality of (.+)$/.exec(c) ?? /^(.+?) (?:municipality|city council|kommune)$/.exec(c);
    if (muni) out.add(`${muni[1]} kommune`);
    const county = /^(.+?) county (?:council|municipality|authority)$/.exec(c);
    if (county) out.add(`${county[1]} fylkeskommune`);
    const nb = NORWEGIAN_NAMES[c];
    if (nb) out.add(normName(nb));
  }
  return [...out].filter(Boolean);
}

/** Looks names up among the reference organisations: name, Sámi name, aliases, and the name without «(abbreviation)». */
export function norwegianMatcher(refs: ReferenceOrgName[]): (name: string) => string | null {
  const index = new Map<string, Set<string>>();
  const add = (k: string, id: string) => {
    if (!k) return;
    const set = index.get(k) ?? new Set<string>();
    set.add(id);
    index.set(k, set);
  };
  for (const o of refs) {
    for (const n of [o.name, o.nameSami, ...o.aliases]) {
      if (!n) continue;
      add(normName(n), o.id);
      add(normName(n.replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' ')), o.id);
    }
  }
  return (name) => {
    for (const c of norwegianNameCandidates(name)) {
      const ids = index.get(c);
      // A name shared by two bodies decides nothing.
      if (ids?.size === 1) return [...ids][0]!;
    }
    return null;
  };
}
