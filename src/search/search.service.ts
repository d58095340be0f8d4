import type { Db, DbOrTrx } from '../db/database.js';
import type { AuthContext } from '../http/context.js';
import type { CaseListQuery, FindCases } from '../cases/index.js';
import { type Viewer } from '../core/viewer.js';
import { viewerOf } from '../core/viewer.js';
import { isEmptyQuery, parseQuery } from './search.query.js';
import * as q from './search.queries.js';
import { SYNONYM_GROUPS } from './synonyms.js';
import { LRUCache } from 'lru-cache';
import { escapeHtml } from '../ui/render.js';
import type { CaseSearchIndex, IndexQuery, TermStems } from './search.index.js';
import { syncedIndex } from './search.index.sync.js';
import { parsePhraseQuery, type PhrasePattern } from './search.tsvector.js';

export { FACETS, type Facet, type Filters, type Sort } from './search.queries.js';

// The synonym groups by Norwegian stem, computed once per database (the stemmer lives there).
const synonymIndex = new WeakMap<object, Promise<Map<string, string[]>>>();

function synonymsByStem(db: DbOrTrx): Promise<Map<string, string[]>> {
  let index = synonymIndex.get(db);
  if (!index) {
    index = (async () => {
      const words = [...new Set(SYNONYM_GROUPS.flat())];
      const stems = await q.stemAll(db, words);
      const byStem = new Map<string, string[]>();
      for (const group of SYNONYM_GROUPS) {
        for (const word of group) {
          const stem = stems.get(word);
          if (!stem) continue;
          const others = group.filter((w) => w !== word);
          byStem.set(stem, [...new Set([...(byStem.get(stem) ?? []), ...others])]);
        }
      }
      return byStem;
    })();
    index.catch(() => synonymIndex.delete(db));
    synonymIndex.set(db, index);
  }
  return index;
}

// A word's stem and LOS labels, per database (LOS labels change only when the vocabulary is reloaded).
const analysisCaches = new WeakMap<object, LRUCache<string, { word: string; stem: string; losLabels: string[] }>>();

async function analyseCached(db: DbOrTrx, words: string[]) {
  let cache = analysisCaches.get(db);
  if (!cache) analysisCaches.set(db, (cache = new LRUCache({ max: 20_000, ttl: 10 * 60_000 })));
  const missing = [...new Set(words.filter((w) => !cache.has(w)))];
  if (missing.length) for (const a of await q.analyseWords(db, missing)) cache.set(a.word, a);
  return words.map((w) => cache.get(w) ?? { word: w, stem: '', losLabels: [] });
}

/**
 * The query with each word's alternatives: its synonyms and other written form (by stem), and the
 * label of any LOS concept whose hidden label it is. Stop words («sine», «og») are dropped.
 */
export async function expandQuery(db: DbOrTrx, raw: string): Promise<q.ExpandedQuery | null> {
  const parsed = parseQuery(raw);
  if (isEmptyQuery(parsed)) return null;
  const [analysed, synonyms] = await Promise.all([analyseCached(db, parsed.words), synonymsByStem(db)]);
  const groups: q.TermGroup[] = [];
  for (const a of analysed) {
    if (!a.stem) continue; // a stop word
    const alternatives = new Set([a.word]);
    for (const s of synonyms.get(a.stem) ?? []) alternatives.add(s);
    for (const l of a.losLabels) alternatives.add(l.toLowerCase());
    groups.push({ alternatives: [...alternatives] });
  }
  // Multi-word synonyms («kunstig intelligens» ↔ «KI»): matched on the words as typed.
  const typed = ` ${parsed.words.join(' ')} `;
  for (const group of SYNONYM_GROUPS) {
    const hit = group.find((w) => w.includes(' ') && typed.includes(` ${w} `));
    if (hit) groups.push({ alternatives: group });
  }
  if (groups.length === 0 && parsed.phrases.length === 0) return null;
  return { groups, phrases: parsed.phrases, excluded: parsed.excluded };
}

/**
 * Escapes a snippet for HTML and turns the match markers into <mark>, pairing them: the markers are
 * control characters a user could also type into a case, and an unpaired one must not leave an
 * element open (or a stray end tag) in the page.
 */
export function snippetHtml(snippet: string | null): string | null {
  if (!snippet) return null;
  let open = false;
  // eslint-disable-next-line no-control-regex -- the markers are control characters on purpose
  const html = escapeHtml(snippet).replace(/[\u0002\u0003]/g, (marker) => {
    const opens = marker === '\u0002';
    if (opens === open) return ''; // a second start, or an end without a start
    open = opens;
    return opens ? '<mark>' : '</mark>';
  });
  return open ? `${html}</mark>` : html;
}

export interface SearchParams {
  q: string;
  filters: q.Filters;
  sort: q.Sort;
  page: number;
  perPage: number;
  /** Only cases this organisation owns or co-owns. */
  ownerOrgId?: string | undefined;
}

/** The filters of a search request (API or page), one list per facet. */
export function filtersOf(query: CaseListQuery): q.Filters {
  const filters: q.Filters = {};
  for (const f of q.FACETS) {
    const v = (query as Record<string, unknown>)[f];
    if (Array.isArray(v) && v.length) filters[f] = v.map(String);
  }
  return filters;
}

/** The case list of the case API (GET /api/v1/cases), provided to cases through the registry. */
export const findCases: FindCases = (db, auth, query, ownerOrgId) => {
  const sort = query.sort ?? (query.q?.trim() ? 'relevance' : 'newest');
  return searchCases(db, auth, { q: query.q ?? '', filters: filtersOf(query), sort, page: query.page, perPage: query.per_page, ownerOrgId });
};

export async function searchCases(db: Db, auth: AuthContext | null, params: SearchParams) {
  const expanded = params.q.trim() ? await expandQuery(db, params.q) : null;
  // A query of stop words alone matches nothing rather than everything.
  if (params.q.trim() && !expanded) {
    const facets = Object.fromEntries(q.FACETS.map((f) => [f, []])) as unknown as q.SearchResult['facets'];
    return { total: 0, items: [], facets };
  }
  const [index, query] = await Promise.all([syncedIndex(db), expanded ? indexQueryOf(db, expanded) : Promise.resolve(null)]);
  return searchFromIndex(db, index, viewerOf(auth), expanded, params, undefined, query);
}

/**
 * The search over an index already brought up to date; `restrict` is the set of cases that hold
 * the query's phrases (tests compare this with the SQL-only search).
 */
export async function searchFromIndex(
  db: Db,
  index: CaseSearchIndex,
  viewer: Viewer,
  expanded: q.ExpandedQuery | null,
  params: SearchParams,
  restrict?: Set<string>,
  stems?: IndexQuery | null,
) {
  const query = stems !== undefined ? stems : expanded ? await indexQueryOf(db, expanded) : null;
  // The index checks word order itself; a phrase whose query it cannot read is checked by PostgreSQL.
  if (expanded?.phrases.length && !restrict && query?.phrasePatterns?.some((p) => p === null)) restrict = new Set(await q.casesWithPhrases(db, expanded));
  const found = index.search(viewer, query, params.filters, params.ownerOrgId, { restrict });
  const offset = (params.page - 1) * params.perPage;
  const { slots, termMasks, titleMasks, termWeights: w } = found;
  const count = slots.length;
  // Per result: the weight of the terms it matches, and that plus a bonus for terms in its title.
  const termScore = new Float64Array(count);
  const approx = new Float64Array(count);
  const published = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const s = slots[j]!;
    let score = 0;
    let title = 0;
    for (let t = 0; t < w.length; t++) {
      score += termMasks[t]![s]! * w[t]!;
      title += titleMasks[t]![s]! * w[t]!;
    }
    termScore[j] = score;
    approx[j] = score + 0.5 * title;
    published[j] = index.publishedMsOf(s);
  }
  const ids = (js: number[]) => js.map((j) => index.idOf(slots[j]!));
  const scores = (js: number[]) => js.map((j) => termScore[j]!);
  // Newest first; drafts (no date, -Infinity) last; then the higher id.
  const newer = (a: number, b: number) => (published[a] === published[b] ? compareIds(index.idOf(slots[a]!), index.idOf(slots[b]!)) > 0 : published[a]! > published[b]!);
  let items: q.SearchRow[];
  if (!expanded || params.sort === 'newest') {
    const page = topK(count, offset + params.perPage, newer).slice(offset);
    items = await q.pageOfCases(db, expanded, ids(page), scores(page), false, params.perPage, 0);
  } else if (params.sort === 'adopted') {
    const adoptions = (j: number) => index.adoptionCountOf(slots[j]!);
    const better = (a: number, b: number) => (adoptions(a) !== adoptions(b) ? adoptions(a) > adoptions(b) : approx[a] !== approx[b] ? approx[a]! > approx[b]! : newer(a, b));
    const page = topK(count, offset + params.perPage, better).slice(offset);
    items = await q.pageOfCases(db, expanded, ids(page), scores(page), false, params.perPage, 0);
  } else {
    // Relevance: the index orders by the weight of the terms matched (more in titles), PostgreSQL
    // ranks the best of those exactly. Ranking every match of a common word exactly is what cost
    // 100+ ms (STACK-NOTES); results beyond the window keep the index's order.
    const better = (a: number, b: number) => (approx[a] !== approx[b] ? approx[a]! > approx[b]! : newer(a, b));
    const window = Math.min(offset + params.perPage + RANK_WINDOW, MAX_RANK_WINDOW);
    if (offset + params.perPage <= window) {
      const cands = topK(count, window, better);
      items = await q.pageOfCases(db, expanded, ids(cands), scores(cands), true, params.perPage, offset);
    } else {
      const page = topK(count, offset + params.perPage, better).slice(offset);
      items = await q.pageOfCases(db, expanded, ids(page), scores(page), false, params.perPage, 0);
    }
  }
  return { total: count, facets: found.facets, items: items.map((i) => ({ ...i, snippet: snippetHtml(i.snippet) })) };
}

/**
 * The k best of 0..count-1, best first, by `better` (a strict "comes before"): a heap of the k
 * kept with the worst on top, so a broad word's 70k matches cost O(n log k), not a full sort.
 */
export function topK(count: number, k: number, better: (a: number, b: number) => boolean): number[] {
  const heap: number[] = [];
  if (k <= 0) return heap;
  const worseAt = (i: number, j: number) => better(heap[j]!, heap[i]!); // heap[i] is worse than heap[j]
  const siftUp = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worseAt(i, parent)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && worseAt(l, worst)) worst = l;
      if (r < heap.length && worseAt(r, worst)) worst = r;
      if (worst === i) break;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  };
  for (let j = 0; j < count; j++) {
    if (heap.length < k) {
      heap.push(j);
      siftUp(heap.length - 1);
    } else if (better(j, heap[0]!)) {
      heap[0] = j;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
}

/** How many of the best index candidates PostgreSQL ranks exactly (quality vs time: bench/README.md). */
const RANK_WINDOW = 150;
const MAX_RANK_WINDOW = 3000;

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

// Stems of query texts, per database; they change only with the stemmer.
const stemCaches = new WeakMap<object, LRUCache<string, { nb: string[]; en: string[]; nbPhrase?: string; enPhrase?: string }>>();

/** The expanded query as stems the index can look up: each alternative, phrase and exclusion. */
async function indexQueryOf(db: DbOrTrx, expanded: q.ExpandedQuery): Promise<IndexQuery> {
  let cache = stemCaches.get(db);
  if (!cache) stemCaches.set(db, (cache = new LRUCache({ max: 20_000 })));
  const texts = [...new Set([...expanded.groups.flatMap((g) => g.alternatives), ...expanded.phrases, ...expanded.excluded])];
  const missing = texts.filter((t) => !cache.has(t));
  if (missing.length) for (const [t, stems] of await q.stemsOf(db, missing)) cache.set(t, stems);
  const stems = (t: string): TermStems => {
    const s = cache.get(t) ?? { nb: [], en: [] };
    return { options: [s.nb, s.en] };
  };
  // A phrase's patterns in both configurations; null if either cannot be read as a plain chain.
  const patterns = (t: string): PhrasePattern[] | null => {
    const s = cache.get(t);
    if (!s) return null;
    const out: PhrasePattern[] = [];
    for (const text of [s.nbPhrase, s.enPhrase]) {
      if (!text) continue;
      const p = parsePhraseQuery(text);
      if (!p) return null;
      out.push(p);
    }
    return out;
  };
  return {
    groups: expanded.groups.map((g) => g.alternatives.map(stems)),
    phrases: expanded.phrases.map(stems),
    phrasePatterns: expanded.phrases.map(patterns),
    excluded: expanded.excluded.map(stems),
  };
}

/** The five cases most like this one (by its title words and themes), among those the viewer may see. */
export async function similarToCase(db: Db, auth: AuthContext | null, caseId: string, limit = 5) {
  const index = await syncedIndex(db);
  const viewer = viewerOf(auth);
  // The index knows who may see the case (the same policy as the case page): no need to load it.
  if (!index.canSee(viewer, caseId)) return { ok: false as const, reason: 'not_found' as const };
  return { ok: true as const, value: await q.similarRows(db, index.similarTo(viewer, caseId, limit)) };
}

/** The same, for a case already loaded (the case page has it): from the index, then one query for the five rows. */
export async function similarToLoadedCase(db: Db, auth: AuthContext | null, row: { id: string }, limit = 5) {
  const index = await syncedIndex(db);
  return q.similarRows(db, index.similarTo(viewerOf(auth), row.id, limit));
}

/** Cases like a text being written ("someone already did this"). */
export async function similarToText(db: Db, auth: AuthContext | null, text: string, themes: string[] = [], limit = 5) {
  if (text.trim().length < 3) return [];
  return q.similarCases(db, viewerOf(auth), { text: text.slice(0, 2000), themes: await mainThemesOf(db, themes), excludeId: null, language: 'nb' }, limit);
}

async function mainThemesOf(db: DbOrTrx, uris: string[]): Promise<string[]> {
  if (uris.length === 0) return [];
  const rows = await db.selectFrom('los_concepts').select(['uri', 'main_theme']).where('uri', 'in', uris).execute();
  return [...new Set(rows.map((r) => r.main_theme ?? r.uri))];
}

/**
 * A saved search as the key it is followed under: its query text and filters from a query string,
 * in a fixed order, so the same search typed twice is one key ("q=velferd&county=46&county=03").
 */
export function savedSearchKey(query: URLSearchParams): string {
  const out = new URLSearchParams();
  // A key is stored as text: an encoded NUL (%00) in it would make the insert fail (PostgreSQL).
  const text = (query.get('q') ?? '').replaceAll('\u0000', '').trim().replace(/\s+/g, ' ').slice(0, 300);
  if (text) out.append('q', text);
  for (const f of q.FACETS) for (const v of [...new Set(query.getAll(f).map((x) => x.replaceAll('\u0000', '')))].filter(Boolean).sort().slice(0, 20)) out.append(f, v.slice(0, 200));
  return out.toString();
}

/**
 * Which of the saved searches (keys from `savedSearchKey`) a case matches, seen by an
 * administrator (the fan-out then tells only followers who may read the case).
 */
export async function savedSearchesMatching(db: Db, caseId: string, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const index = await syncedIndex(db);
  const admin: Viewer = { userId: null, orgIds: [], adminOrgIds: [], publicSector: true, admin: true };
  const only = new Set([caseId]);
  const matched: string[] = [];
  for (const key of keys) {
    const params = new URLSearchParams(key);
    const filters: q.Filters = {};
    for (const f of q.FACETS) if (params.getAll(f).length) filters[f] = params.getAll(f);
    const text = params.get('q') ?? '';
    const expanded = text ? await expandQuery(db, text) : null;
    if (text && !expanded) continue;
    const stems = expanded ? await indexQueryOf(db, expanded) : null;
    if (index.search(admin, stems, filters, undefined, { restrict: only, facets: false }).slots.length > 0) matched.push(key);
  }
  return matched;
}
