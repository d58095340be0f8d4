/**
 * The barometer's statistics for pages and the API: every item's figures for a group of answers and its
 * breakdown, trends across rounds, an organisation compared with its peers — every figure through the
 * disclosure step (disclosure.ts states the rules: closed rounds only, the group rule, complementary
 * suppression for the viewer, bands). Rules here, SQL in stats.queries.ts.
 */
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/database.js';
import type { AuthContext } from '../http/context.js';
import { findOrganisation } from '../orgs/index.js';
import { ORG_KINDS } from '../core/viewer.js';
import { osloToday as osloDay } from './barometer.validation.js';
import { SECTORS, SIZE_BANDS } from './questionnaire.js';
import { decideOwn, decidePublic, groupStatus, isRoundClosed, mayOpenOwnTable, publishFigures, viewerOf, type OrgCell, type PublicDecision, type PublishedFigures } from './disclosure.js';
import * as q from './stats.queries.js';
import { BASES, DIMENSIONS, dimensionsOf, itemFigures, statItems, type Base, type Dimension, type Filters, type StatItem } from './stats.js';

/** A published group's figures for one item, or the fact that they are suppressed. */
export interface GroupResult {
  /** The breakdown value (null: the whole selection). */
  value: string | null;
  /** Base size; null when suppressed (even the size of a suppressed group is not shown). */
  n: number | null;
  suppressed: boolean;
  /** Exact, or banded in groups under 10 (disclosure.ts rule 4). */
  figures: PublishedFigures | null;
}

export interface ItemResult {
  item: StatItem;
  total: GroupResult;
  /** One per breakdown value (empty without a breakdown). */
  groups: GroupResult[];
}

export interface TrendResult {
  item: StatItem;
  points: (GroupResult & { round: q.RoundRow })[];
}

export interface RoundStatistics {
  round: q.RoundRow;
  filters: Filters;
  by: Dimension | null;
  /** Breakdown values in display order. */
  groupValues: string[];
  items: ItemResult[];
}

export type By = Dimension | 'round';
export type StatsOutcome<T> = { ok: true; value: T } | { ok: false; reason: 'no_round' | 'not_closed' | 'too_many_dimensions' | 'unknown_item' | 'no_organisation' | 'forbidden' };

/** At most this many dimensions fixed by filters and breakdown together (stats.ts: published groups). */
export const MAX_DIMENSIONS = 2;

const ORDER: Record<Dimension, readonly string[]> = {
  county: [],
  kind: ORG_KINDS,
  sector: SECTORS,
  size: SIZE_BANDS,
};

/** Breakdown values in display order: counties by number, the rest as the questionnaire lists them. */
export function sortValues(d: Dimension, values: Iterable<string>): string[] {
  const order = ORDER[d];
  const rank = (v: string) => {
    const i = order.indexOf(v);
    return i < 0 ? order.length : i;
  };
  return [...values].sort((a, b) => rank(a) - rank(b) || (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0));
}

// Disclosure decisions per round and base, keyed by the counts they were computed from: a changed
// answer changes the counts and so the key, and nothing has to be invalidated by hand.
const decisions = new LRUCache<string, { signature: string; decision: PublicDecision }>({ max: 500 });
// Computed statistics per round version (migrations/20261127T0920_barometer_stats_version.sql): the
// version is read before the counts, so an entry is never newer-keyed than its data; the TTL bounds how
// long an edited round title can linger.
// One cache per database handle: rounds in two databases (tests and benchmarks open several in one
// process) have the same ids and versions.
const resultCaches = new WeakMap<Db, LRUCache<string, { value: unknown }>>();

async function cached<T>(db: Db, key: string, compute: () => Promise<StatsOutcome<T>>): Promise<StatsOutcome<T>> {
  let results = resultCaches.get(db);
  if (!results) resultCaches.set(db, (results = new LRUCache<string, { value: unknown }>({ max: 100, ttl: 10 * 60_000 })));
  const hit = results.get(key);
  if (hit) return hit.value as StatsOutcome<T>;
  const value = await compute();
  if (value.ok) results.set(key, { value });
  return value;
}

/** Answers per organisation and finest cell, for each base (all; innovators; the others). */
function atomsByBase(rows: q.OrgCellRow[]): Record<Base, OrgCell[]> {
  const out: Record<Base, OrgCell[]> = { always: [], innovated: [], not_innovated: [] };
  const always = new Map<string, OrgCell>();
  for (const r of rows) {
    const cell = { county: r.county, kind: r.kind, sector: r.sector, size: r.size };
    out[r.innovated ? 'innovated' : 'not_innovated'].push({ org: String(r.orgId), cell, n: r.n });
    const key = `${r.orgId}\u0001${r.county}\u0001${r.kind}\u0001${r.sector}\u0001${r.size}`;
    const hit = always.get(key);
    if (hit) hit.n += r.n;
    else always.set(key, { org: String(r.orgId), cell, n: r.n });
  }
  out.always = [...always.values()];
  return out;
}

function decisionOf(roundId: string, base: Base, atoms: OrgCell[]): PublicDecision {
  const signature = atoms
    .map((a) => `${a.org}\u0001${a.cell.county}\u0001${a.cell.kind}\u0001${a.cell.sector}\u0001${a.cell.size}\u0001${a.n}`)
    .sort()
    .join('\u0002');
  const key = `${roundId}:${base}`;
  const hit = decisions.get(key);
  if (hit && hit.signature === signature) return hit.decision;
  const decision = decidePublic(atoms);
  decisions.set(key, { signature, decision });
  return decision;
}

/** Disclosure decisions of some rounds, per base. */
async function roundProtections(db: Db, roundIds: string[]): Promise<Map<string, Record<Base, PublicDecision>>> {
  const rows = await q.orgCellBases(db, roundIds);
  const byRound = new Map<string, q.OrgCellRow[]>(roundIds.map((id) => [String(id), []]));
  for (const r of rows) byRound.get(String(r.roundId))?.push(r);
  const out = new Map<string, Record<Base, PublicDecision>>();
  for (const [id, rs] of byRound) {
    const atoms = atomsByBase(rs);
    out.set(id, Object.fromEntries(BASES.map((b) => [b, decisionOf(id, b, atoms[b])])) as Record<Base, PublicDecision>);
  }
  return out;
}

function groupResult(item: StatItem, p: PublicDecision, f: Filters, value: string | null, counts: Map<string, number> | undefined): GroupResult {
  const s = groupStatus(p, f);
  if (!s.shown) return { value, n: s.n === 0 ? 0 : null, suppressed: s.n !== 0, figures: null };
  return { value, n: s.n, suppressed: false, figures: publishFigures(itemFigures(item, counts ?? new Map(), s.n)) };
}

/** counts[group][item] → option → n */
function index(rows: q.CountRow[], keyOf: (r: q.CountRow) => string): Map<string, Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, Map<string, number>>>();
  for (const r of rows) {
    const g = keyOf(r);
    let byItem = out.get(g);
    if (!byItem) out.set(g, (byItem = new Map()));
    let opts = byItem.get(r.item);
    if (!opts) byItem.set(r.item, (opts = new Map()));
    opts.set(r.option, (opts.get(r.option) ?? 0) + r.n);
  }
  return out;
}

function checkShape(filters: Filters, by: Dimension | null, item?: string): StatsOutcome<StatItem[]> {
  const dims = new Set<Dimension>(dimensionsOf(filters));
  if (by) dims.add(by);
  if (dims.size > MAX_DIMENSIONS) return { ok: false, reason: 'too_many_dimensions' };
  const items = statItems().filter((i) => !item || i.id === item);
  if (items.length === 0) return { ok: false, reason: 'unknown_item' };
  return { ok: true, value: items };
}

/**
 * Every item's figures (or one item's) for the answers of a round matching `filters`, in total and
 * per value of `by`, with suppression applied.
 */
export async function roundStatistics(db: Db, roundId: string, filters: Filters, by: Dimension | null, item?: string): Promise<StatsOutcome<RoundStatistics>> {
  const shape = checkShape(filters, by, item);
  if (!shape.ok) return shape;
  // Rule 1 (disclosure.ts), checked before the cache: a round's figures exist only once it has closed.
  const round = await q.findRound(db, roundId);
  if (!round) return { ok: false, reason: 'no_round' };
  if (!isRoundClosed(round)) return { ok: false, reason: 'not_closed' };
  const version = (await q.roundVersions(db)).get(String(roundId)) ?? '0';
  return cached(db, `stats\u0001${roundId}\u0001${version}\u0001${JSON.stringify(filters)}\u0001${by}\u0001${item ?? ''}`, () => computeRoundStatistics(db, roundId, filters, by, shape.value));
}

async function computeRoundStatistics(db: Db, roundId: string, filters: Filters, by: Dimension | null, items: StatItem[]): Promise<StatsOutcome<RoundStatistics>> {
  const item = items.length === 1 ? items[0]!.id : undefined;
  const round = await q.findRound(db, roundId);
  if (!round) return { ok: false, reason: 'no_round' };
  const [prot, rows] = await Promise.all([roundProtections(db, [round.id]), q.optionCounts(db, round.id, filters, by, item)]);
  const p = prot.get(String(round.id))!;
  const counts = index(rows, (r) => r.group ?? '');
  // The breakdown's values: those with answers in the selection (the same rows for every item).
  const groupValues = by ? sortValues(by, new Set(rows.map((r) => r.group ?? ''))) : [];
  const results = items.map((it): ItemResult => {
    const total = groupResult(it, p[it.base], filters, null, sumGroups(counts, it.id));
    const groups = groupValues.map((v) => groupResult(it, p[it.base], { ...filters, [by!]: v }, v, counts.get(v)?.get(it.id)));
    return { item: it, total, groups };
  });
  return { ok: true, value: { round, filters, by, groupValues, items: results } };
}

function sumGroups(counts: Map<string, Map<string, Map<string, number>>>, itemId: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const byItem of counts.values()) for (const [o, n] of byItem.get(itemId) ?? []) out.set(o, (out.get(o) ?? 0) + n);
  return out;
}

/** Items (all, or those given) across every round up to this one, for the answers matching `filters`. */
export async function trends(db: Db, roundId: string, filters: Filters, itemIds?: string[]): Promise<StatsOutcome<{ round: q.RoundRow; rounds: q.RoundRow[]; trends: TrendResult[] }>> {
  const shape = checkShape(filters, null);
  if (!shape.ok) return shape;
  const round = await q.findRound(db, roundId);
  if (!round) return { ok: false, reason: 'no_round' };
  if (!isRoundClosed(round)) return { ok: false, reason: 'not_closed' };
  // The day is in the key: a round closing adds a point without any write.
  const versions = [...(await q.roundVersions(db))].sort().join(',');
  return cached(db, `trends\u0001${osloDay()}\u0001${roundId}\u0001${versions}\u0001${JSON.stringify(filters)}\u0001${(itemIds ?? []).join(',')}`, () => computeTrends(db, roundId, filters, itemIds));
}

async function computeTrends(db: Db, roundId: string, filters: Filters, itemIds?: string[]): Promise<StatsOutcome<{ round: q.RoundRow; rounds: q.RoundRow[]; trends: TrendResult[] }>> {
  const all = await q.listRounds(db);
  const round = all.find((r) => String(r.id) === String(roundId));
  if (!round) return { ok: false, reason: 'no_round' };
  const items = statItems().filter((i) => !itemIds || itemIds.includes(i.id));
  if (items.length === 0) return { ok: false, reason: 'unknown_item' };
  // Closed rounds only (rule 1): an open round is no point of any trend.
  const rounds = all.filter((r) => isRoundClosed(r) && (r.year < round.year || (r.year === round.year && Number(r.id) <= Number(round.id))));
  const ids = rounds.map((r) => String(r.id));
  const [prot, rows] = await Promise.all([
    roundProtections(db, ids),
    q.optionCountsByRound(
      db,
      ids,
      filters,
      items.map((i) => i.id),
    ),
  ]);
  const counts = index(rows, (r) => String((r as q.CountRow & { roundId: string }).roundId));
  const out = items.map((it) => ({
    item: it,
    points: rounds.map((r) => ({ round: r, ...groupResult(it, prot.get(String(r.id))![it.base], filters, null, counts.get(String(r.id))?.get(it.id)) })),
  }));
  return { ok: true, value: { round, rounds, trends: out } };
}

export interface PeerColumn {
  id: 'own' | 'county' | 'kind' | 'size' | 'all';
  filters: Filters;
}

export interface OrganisationComparison {
  round: q.RoundRow;
  organisation: { id: string; orgnr: string | null; name: string; kind: string; countyNumber: string | null };
  /** Answers from the organisation in the round (shown to its members only; 0–4 shown as "fewer than 5"). */
  answers: number;
  columns: PeerColumn[];
  items: { item: StatItem; results: GroupResult[] }[];
}

/**
 * May this user open an organisation's own results: its active members only (disclosure.ts rule 5).
 * Analysts and platform admins no longer see every organisation's own table: with all of them, any
 * organisation's answers are a public group minus the others (issue 14, finding 2).
 */
export function mayViewOrganisation(auth: AuthContext | null, orgId: string): boolean {
  return mayOpenOwnTable(viewerOf(auth), orgId);
}

/** An organisation's own results (when they may be shown to this viewer) beside the same county, kind and size band. */
export async function organisationComparison(db: Db, auth: AuthContext | null, roundId: string, orgnr: string): Promise<StatsOutcome<OrganisationComparison>> {
  const round = await q.findRound(db, roundId);
  if (!round) return { ok: false, reason: 'no_round' };
  const found = await findOrganisation(db, orgnr);
  if (!found.ok) return { ok: false, reason: 'no_organisation' };
  const org = found.org;
  if (!mayViewOrganisation(auth, org.id)) return { ok: false, reason: 'forbidden' };
  if (!isRoundClosed(round)) return { ok: false, reason: 'not_closed' };
  const viewer = viewerOf(auth);
  const [prot, own] = await Promise.all([roundProtections(db, [String(round.id)]), q.organisationCounts(db, String(round.id), String(org.id))]);
  const p = prot.get(String(round.id))!;

  const baseN = (b: Base) => p[b].atoms.reduce((s, a) => (a.org === String(org.id) ? s + a.n : s), 0);
  const answers = baseN('always');
  const sizeCount = new Map<string, number>();
  for (const a of p.always.atoms) if (a.org === String(org.id)) sizeCount.set(a.cell.size, (sizeCount.get(a.cell.size) ?? 0) + a.n);
  const commonSize = [...sizeCount].sort((a, b) => b[1] - a[1])[0]?.[0];
  const columns: PeerColumn[] = [
    { id: 'own', filters: {} },
    ...(org.countyNumber ? [{ id: 'county' as const, filters: { county: org.countyNumber } }] : []),
    { id: 'kind', filters: { kind: org.kind } },
    ...(commonSize ? [{ id: 'size' as const, filters: { size: commonSize } }] : []),
    { id: 'all', filters: {} },
  ];
  const peerRows = await Promise.all(columns.filter((c) => c.id !== 'own').map((c) => q.optionCounts(db, String(round.id), c.filters, null)));
  const peerCounts = peerRows.map((rows) => index(rows, () => ''));
  const ownCounts = index(
    own.map((r) => ({ group: '', item: r.item, option: r.option, n: r.n })),
    () => '',
  ).get('');
  const ownShown = Object.fromEntries(BASES.map((b) => [b, decideOwn(p[b], viewer).has(String(org.id))])) as Record<Base, boolean>;
  const items = statItems().map((it) => {
    const ownN = baseN(it.base);
    const ownResult: GroupResult = ownShown[it.base]
      ? { value: 'own', n: ownN, suppressed: false, figures: publishFigures(itemFigures(it, ownCounts?.get(it.id) ?? new Map(), ownN)) }
      : { value: 'own', n: ownN === 0 ? 0 : null, suppressed: ownN > 0, figures: null };
    const peers = columns
      .filter((c) => c.id !== 'own')
      .map((c, i) => groupResult(it, p[it.base], c.filters, c.id, peerCounts[i]!.get('')?.get(it.id)));
    return { item: it, results: [ownResult, ...peers] };
  });
  return {
    ok: true,
    value: {
      round,
      organisation: { id: String(org.id), orgnr: org.orgnr, name: org.name, kind: org.kind, countyNumber: org.countyNumber },
      answers,
      columns,
      items,
    },
  };
}

export { DIMENSIONS };

/** A round by id. */
export const findRound = q.findRound;
