/**
 * Disclosure control for the barometer: the one step every barometer figure passes before it leaves
 * the server (API, statistics pages and their CSV files and charts, trends, open data, the dashboard's
 * «has answered» level, organisation and peer pages). No SQL and no HTTP here; stats.service.ts reads
 * the counts and asks this module what may be shown to whom. README «Privacy and disclosure control»
 * states the same rules for readers.
 *
 * ## The rules
 *
 * 1. **Closed rounds only.** A round's figures exist from the day after its last day (`closes_on`), in
 *    Norway's time (`isRoundClosed`, and `closedRoundSql` for SQL: one definition). Before that, figures
 *    would move answer by answer and two snapshots would give one answer. Response counts may be shown.
 * 2. **A published group** (whole round, a county, kind, sector or size band, or a pair of them) has at
 *    least `MIN_ANSWERS` answers in the item's base, answers from at least `MIN_ORGS` organisations, and
 *    no organisation gives more than half of its answers (`meetsRule`). Otherwise the group is one or two
 *    organisations' result, which their peers (who know their own part) can read off.
 * 3. **Complementary suppression over everything the viewer can obtain together** (`decidePublic`,
 *    `decideOwn`): the public groups of a round (every group any request can name, so two pages never
 *    disagree), and the own-organisation tables the viewer may open. A derivable set of answers is any
 *    combination of shown groups (linear algebra over the finest cells, exactly, modulo a prime); no
 *    derivable set may break rule 2: no cell, no pair of cells, no group below the rule, no
 *    organisation's part and no «group minus the viewer's own organisations» may be derivable.
 *    Along every additive line (a group = Σ of its parts along a further dimension) the hidden parts
 *    together must meet rule 2. Groups with fewer than `EXACT_FROM` answers give only bands, so their
 *    exact figures must not follow from the exact figures of larger groups either.
 * 4. **Bands in small groups.** In a shown group with fewer than `EXACT_FROM` answers, shares are given
 *    as bands (0–20 %, 20–80 %, 80–100 %, each holding at least two possible counts), without counts,
 *    intervals or means, so a 0 % or 100 % is never exact there.
 * 5. **Own-organisation tables** are shown to the organisation's active members only (analysts and
 *    platform admins included only through their own memberships), with at least `MIN_ANSWERS` answers,
 *    and only when adding them to the public tables keeps rule 3 for that viewer; if not, the own table
 *    is withheld (the public decision never depends on who asks).
 */
import { sql, type RawBuilder } from 'kysely';
import type { AuthContext } from '../http/context.js';
import { osloToday } from './barometer.validation.js';
import { Span } from './disclosure.span.js';
import { DIMENSIONS, groupKey, type Cell, type Dimension, type Filters, type ItemFigures } from './stats.js';

/** Fewer answers than this in a group: not shown. */
export const MIN_ANSWERS = 5;
/** Fewer organisations than this in a group: not shown. */
export const MIN_ORGS = 3;
/** No organisation may give more than this share of a group's answers. */
export const MAX_ORG_SHARE = 0.5;
/** Groups with fewer answers than this show bands instead of exact shares. */
export const EXACT_FROM = 10;

// ---------------------------------------------------------------------------------------------
// Rule 1: closed rounds

/** Has the round closed (its last day is past in Norway)? The one definition; `closedRoundSql` is its SQL form. */
export function isRoundClosed(round: { closesOn: string }, today: string = osloToday()): boolean {
  return today > round.closesOn;
}

/** SQL form of `isRoundClosed` for a `barometer_rounds` alias: `closes_on < today`. */
export function closedRoundSql(alias: string, today: string = osloToday()): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(`${alias}.closes_on`)} < ${today}::date`;
}

// ---------------------------------------------------------------------------------------------
// Viewers

export interface Viewer {
  /** Organisations whose own tables the viewer may open (active memberships). */
  orgIds: string[];
}

export const ANONYMOUS: Viewer = { orgIds: [] };

/** The viewer of a request: the organisations of its active memberships. */
export function viewerOf(auth: AuthContext | null): Viewer {
  if (!auth) return ANONYMOUS;
  return { orgIds: [...new Set(auth.memberships.filter((m) => m.status === 'active').map((m) => String(m.organisationId)))].sort() };
}

/** May this viewer open this organisation's own table (rule 5)? */
export function mayOpenOwnTable(viewer: Viewer, orgId: string): boolean {
  return viewer.orgIds.includes(String(orgId));
}

// ---------------------------------------------------------------------------------------------
// Rule 2

/** Answers of one organisation in one finest cell (for one base). */
export interface OrgCell {
  org: string;
  cell: Cell;
  n: number;
}

/** Does a set of answers, given as answers per organisation, meet rule 2? */
export function meetsRule(byOrg: ReadonlyMap<string, number>): boolean {
  let n = 0;
  let orgs = 0;
  let max = 0;
  for (const c of byOrg.values()) {
    if (c <= 0) continue;
    n += c;
    orgs++;
    max = Math.max(max, c);
  }
  return n >= MIN_ANSWERS && orgs >= MIN_ORGS && max <= n * MAX_ORG_SHARE;
}

function total(byOrg: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const c of byOrg.values()) n += c;
  return n;
}

function addInto(into: Map<string, number>, from: ReadonlyMap<string, number>): void {
  for (const [o, c] of from) into.set(o, (into.get(o) ?? 0) + c);
}

// ---------------------------------------------------------------------------------------------
// Rule 4: bands

export type Band = [number, number];

/** The band of a share in a small group: each band holds at least two possible counts for 5–9 answers. */
export function bandOf(share: number): Band {
  if (share <= 0.2) return [0, 0.2];
  if (share >= 0.8) return [0.8, 1];
  return [0.2, 0.8];
}

/** Option figures as they are published: exact, or a band (count, share and interval null). */
export interface PublishedOption {
  value: string;
  count: number | null;
  share: number | null;
  ci: [number, number] | null;
  band: Band | null;
}

export interface PublishedFigures {
  n: number;
  options: PublishedOption[];
  mean: ItemFigures['mean'];
}

/** Applies rule 4 to a shown group's figures. */
export function publishFigures(f: ItemFigures): PublishedFigures {
  if (f.n >= EXACT_FROM) return { n: f.n, options: f.options.map((o) => ({ ...o, band: null })), mean: f.mean };
  return { n: f.n, options: f.options.map((o) => ({ value: o.value, count: null, share: null, ci: null, band: bandOf(o.share) })), mean: null };
}

// ---------------------------------------------------------------------------------------------
// Rule 3: the public decision

/** A published group over the finest cells, with its answers per organisation. */
interface GroupDef {
  key: string;
  filters: Filters;
  n: number;
  byOrg: Map<string, number>;
  /** Indexes of the live cells it adds up. */
  cells: number[];
}

/** A round's (one base's) decision: which public groups are shown, and their sizes. */
export interface PublicDecision {
  sizes: Map<string, number>;
  suppressed: Set<string>;
  /** How many groups the audit step added beyond the primary rule and the additive lines. */
  auditAdded: number;
  /** The input, kept for own-table decisions. */
  atoms: OrgCell[];
}

const cellKey = (c: Cell) => `${c.county}\u0001${c.kind}\u0001${c.sector}\u0001${c.size}`;

function matches(cell: Cell, f: Filters): boolean {
  for (const d of DIMENSIONS) if (f[d] !== undefined && cell[d] !== f[d]) return false;
  return true;
}

interface LiveCell {
  cell: Cell;
  n: number;
  byOrg: Map<string, number>;
}

function liveCells(atoms: OrgCell[]): LiveCell[] {
  const by = new Map<string, LiveCell>();
  for (const a of atoms) {
    if (a.n <= 0) continue;
    const k = cellKey(a.cell);
    let c = by.get(k);
    if (!c) by.set(k, (c = { cell: a.cell, n: 0, byOrg: new Map() }));
    c.n += a.n;
    c.byOrg.set(a.org, (c.byOrg.get(a.org) ?? 0) + a.n);
  }
  return [...by.values()].sort((a, b) => (cellKey(a.cell) < cellKey(b.cell) ? -1 : 1));
}

/** Every group a request can name (≤ 2 dimensions fixed) that has answers. */
function publishedGroups(live: LiveCell[]): GroupDef[] {
  const byKey = new Map<string, GroupDef>();
  const add = (f: Filters, i: number) => {
    const key = groupKey(f);
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { key, filters: f, n: 0, byOrg: new Map(), cells: [] }));
    g.n += live[i]!.n;
    addInto(g.byOrg, live[i]!.byOrg);
    g.cells.push(i);
  };
  live.forEach((c, i) => {
    add({}, i);
    for (let a = 0; a < DIMENSIONS.length; a++) {
      const da = DIMENSIONS[a]!;
      add({ [da]: c.cell[da] }, i);
      for (let b = a + 1; b < DIMENSIONS.length; b++) {
        const db = DIMENSIONS[b]!;
        add({ [da]: c.cell[da], [db]: c.cell[db] }, i);
      }
    }
  });
  return [...byKey.values()];
}

function vector(width: number, idx: Iterable<number>): Float64Array {
  const v = new Float64Array(width);
  for (const i of idx) v[i] = 1;
  return v;
}

/** A set of columns that must not be derivable, and why (for tests and messages). */
interface Target {
  cols: number[];
  why: string;
}

/**
 * Finds a derivable set that breaks the rules, given the span of the shown rows: the listed targets,
 * and any pair of columns (found through null-space profiles) that `protectedSet` says is protected.
 * Returns the row ids combining to it, or null when everything holds.
 */
function findLeak(span: Span, width: number, targets: Target[], protectedSet: (cols: number[]) => boolean, safe?: Set<Target>): { rows: number[]; why: string } | null {
  for (const t of targets) {
    if (safe?.has(t)) continue;
    const rows = span.explain(vector(width, t.cols));
    if (rows) return { rows, why: t.why };
    // The span only shrinks as groups are hidden: a set not derivable now never becomes derivable.
    safe?.add(t);
  }
  const profiles = span.profiles();
  const byProfile = new Map<string, number[]>();
  profiles.forEach((p, c) => {
    const list = byProfile.get(p);
    if (list) list.push(c);
    else byProfile.set(p, [c]);
  });
  for (let a = 0; a < width; a++) {
    for (const b of byProfile.get(Span.negate(profiles[a]!)) ?? []) {
      if (b <= a) continue;
      const cols = [a, b];
      if (!protectedSet(cols)) continue;
      const rows = span.explain(vector(width, cols));
      if (rows) return { rows, why: `pair ${a}+${b}` };
    }
  }
  return null;
}

/**
 * Decides which public groups of one round and base are shown, from the answers per organisation and
 * finest cell. See rules 2 and 3 at the top of this file.
 */
export function decidePublic(atoms: OrgCell[]): PublicDecision {
  const live = liveCells(atoms);
  const groups = publishedGroups(live);
  const byKey = new Map(groups.map((g) => [g.key, g]));
  const suppressed = new Set(groups.filter((g) => !meetsRule(g.byOrg)).map((g) => g.key));
  const width = live.length;

  // Additive lines: a group with ≤ 1 dimension fixed = Σ of its parts along one further dimension.
  const lines: { parent: GroupDef; parts: GroupDef[] }[] = [];
  for (const parent of groups) {
    const fixed = DIMENSIONS.filter((d) => parent.filters[d] !== undefined);
    if (fixed.length > 1) continue;
    for (const d of DIMENSIONS) {
      if (fixed.includes(d)) continue;
      const values = new Set(parent.cells.map((i) => live[i]!.cell[d]));
      lines.push({ parent, parts: [...values].map((v) => byKey.get(groupKey({ ...parent.filters, [d]: v }))!) });
    }
  }
  const smallest = (gs: GroupDef[]) => gs.reduce<GroupDef | undefined>((a, g) => (!a || g.n < a.n || (g.n === a.n && g.key < a.key) ? g : a), undefined);
  const complete = () => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const { parent, parts } of lines) {
        if (suppressed.has(parent.key)) continue;
        const hidden = parts.filter((p) => suppressed.has(p.key));
        if (hidden.length === 0) continue;
        const union = new Map<string, number>();
        for (const h of hidden) addInto(union, h.byOrg);
        if (meetsRule(union)) continue;
        const next = smallest(parts.filter((p) => !suppressed.has(p.key)));
        suppressed.add(next ? next.key : parent.key);
        changed = true;
      }
    }
  };

  const orgsOf = (cols: number[]) => {
    const m = new Map<string, number>();
    for (const c of cols) addInto(m, live[c]!.byOrg);
    return m;
  };
  const protectedSet = (cols: number[]) => !meetsRule(orgsOf(cols));
  const targets: Target[] = [];
  live.forEach((c, i) => {
    if (!meetsRule(c.byOrg)) targets.push({ cols: [i], why: `cell ${cellKey(c.cell)}` });
  });
  for (const g of groups) if (!meetsRule(g.byOrg)) targets.push({ cols: g.cells, why: `group ${g.key}` });
  // Each organisation's cells taken together, when they hold (nearly) only that organisation.
  const orgCells = new Map<string, number[]>();
  live.forEach((c, i) => {
    for (const o of c.byOrg.keys()) {
      const list = orgCells.get(o);
      if (list) list.push(i);
      else orgCells.set(o, [i]);
    }
  });
  for (const [o, cols] of orgCells) if (cols.length > 1 && protectedSet(cols)) targets.push({ cols, why: `organisation ${o}` });
  const bandTargets = new Map(groups.map((g) => [g.key, { cols: g.cells, why: `banded ${g.key}` }]));

  let auditAdded = 0;
  const safe = new Set<Target>();
  for (;;) {
    complete();
    if (suppressed.has('')) break;
    // Sizes: every shown group's size is exact.
    const span = new Span(width);
    groups.forEach((g, i) => {
      if (!suppressed.has(g.key)) span.add(vector(width, g.cells), i);
    });
    let leak = findLeak(span, width, targets, protectedSet, safe);
    if (!leak) {
      // Exact figures come only from groups of EXACT_FROM or more: a banded group must not follow from them.
      const exact = new Span(width);
      groups.forEach((g, i) => {
        if (!suppressed.has(g.key) && g.n >= EXACT_FROM) exact.add(vector(width, g.cells), i);
      });
      const banded = groups.filter((g) => !suppressed.has(g.key) && g.n < EXACT_FROM).map((g) => bandTargets.get(g.key)!);
      leak = findLeak(exact, width, banded, () => false, safe);
    }
    if (!leak) break;
    // Hide the smallest group taking part (the whole round only when nothing else is left).
    const pick = smallest(leak.rows.map((i) => groups[i]!).filter((g) => g.key !== ''));
    suppressed.add(pick ? pick.key : '');
    auditAdded++;
  }
  return { sizes: new Map(groups.map((g) => [g.key, g.n])), suppressed, auditAdded, atoms };
}

/** Status of one public group: its base size, or that it is not shown (n 0: no answers at all). */
export function groupStatus(p: PublicDecision, f: Filters): { shown: true; n: number } | { shown: false; n: number | null } {
  const key = groupKey(f);
  const n = p.sizes.get(key) ?? 0;
  if (n === 0) return { shown: false, n: 0 };
  if (p.suppressed.has(key) || p.suppressed.has('')) return { shown: false, n: null };
  return { shown: true, n };
}

// ---------------------------------------------------------------------------------------------
// Rules 3 and 5: own-organisation tables for one viewer

/**
 * Which of the viewer's organisations have their own table shown (for one round and base), given the
 * public decision: each in turn (by id), when it has at least MIN_ANSWERS answers and adding it to the
 * public tables and the own tables already accepted keeps every protected set underivable for this
 * viewer — the other organisations' answers (any cell, pair, organisation, or group minus the viewer's
 * organisations below rule 2) and the viewer's own organisations' parts of fewer than MIN_ANSWERS.
 */
export function decideOwn(p: PublicDecision, viewer: Viewer): Set<string> {
  const shown = new Set<string>();
  const mine = new Set(viewer.orgIds.map(String));
  const atoms = p.atoms.filter((a) => a.n > 0);
  if (![...mine].some((o) => atoms.some((a) => a.org === o))) return shown;
  if (p.suppressed.has('')) return shown;

  // Columns: (cell, own organisation) for each of the viewer's organisations, and (cell, everyone else).
  const colIndex = new Map<string, number>();
  const cols: { cell: Cell; own: string | null; byOrg: Map<string, number> }[] = [];
  for (const a of atoms) {
    const own = mine.has(a.org) ? a.org : null;
    const k = `${cellKey(a.cell)}\u0001${own ?? ''}`;
    let i = colIndex.get(k);
    if (i === undefined) {
      colIndex.set(k, (i = cols.length));
      cols.push({ cell: a.cell, own, byOrg: new Map() });
    }
    const c = cols[i]!;
    c.byOrg.set(a.org, (c.byOrg.get(a.org) ?? 0) + a.n);
  }
  const width = cols.length;
  const shownGroups: { key: string; cols: number[] }[] = [];
  for (const [key, n] of p.sizes) {
    if (n === 0 || p.suppressed.has(key)) continue;
    const f = Object.fromEntries(key ? key.split('&').map((kv) => kv.split('=') as [Dimension, string]) : []) as Filters;
    shownGroups.push({ key, cols: cols.flatMap((c, i) => (matches(c.cell, f) ? [i] : [])) });
  }

  const protectedSet = (set: number[]) => {
    const rest = new Map<string, number>();
    const ownN = new Map<string, number>();
    for (const i of set) {
      const c = cols[i]!;
      if (c.own) ownN.set(c.own, (ownN.get(c.own) ?? 0) + total(c.byOrg));
      else addInto(rest, c.byOrg);
    }
    if (rest.size > 0 && !meetsRule(rest)) return true;
    for (const n of ownN.values()) if (n > 0 && n < MIN_ANSWERS) return true;
    return false;
  };
  const targets: Target[] = [];
  cols.forEach((_, i) => {
    if (protectedSet([i])) targets.push({ cols: [i], why: `column ${i}` });
  });
  for (const g of shownGroups) {
    const rest = g.cols.filter((i) => !cols[i]!.own);
    if (rest.length && protectedSet(rest)) targets.push({ cols: rest, why: `${g.key} without own` });
    for (const o of mine) {
      const part = g.cols.filter((i) => cols[i]!.own === o);
      if (part.length && protectedSet(part)) targets.push({ cols: part, why: `${g.key} own part` });
    }
  }
  const others = new Map<string, number[]>();
  cols.forEach((c, i) => {
    if (c.own) return;
    for (const o of c.byOrg.keys()) {
      const list = others.get(o);
      if (list) list.push(i);
      else others.set(o, [i]);
    }
  });
  for (const list of others.values()) if (list.length > 1 && protectedSet(list)) targets.push({ cols: list, why: 'organisation' });

  const ownRows = new Map<string, number[]>();
  cols.forEach((c, i) => {
    if (!c.own) return;
    const list = ownRows.get(c.own);
    if (list) list.push(i);
    else ownRows.set(c.own, [i]);
  });
  for (const o of [...mine].sort()) {
    const own = ownRows.get(o);
    if (!own || own.reduce((s, i) => s + total(cols[i]!.byOrg), 0) < MIN_ANSWERS) continue;
    const span = new Span(width);
    shownGroups.forEach((g, i) => span.add(vector(width, g.cols), i));
    [...shown, o].forEach((a, j) => span.add(vector(width, ownRows.get(a)!), shownGroups.length + j));
    // Targets that are exactly an own table the viewer is shown are not protected from the viewer.
    const ownSets = new Set([...shown, o].map((a) => ownRows.get(a)!.join(',')));
    const live = targets.filter((t) => !ownSets.has([...t.cols].sort((x, y) => x - y).join(',')));
    if (!findLeak(span, width, live, protectedSet)) shown.add(o);
  }
  return shown;
}
