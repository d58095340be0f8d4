import type { Db, DbOrTrx } from '../db/database.js';
import type { AuthContext } from '../http/context.js';
import { viewerOf, type Viewer } from '../cases/cases.policy.js';
import { getCase } from '../cases/cases.service.js';
import { isEmptyQuery, parseQuery } from './search.query.js';
import * as q from './search.queries.js';
import { SYNONYM_GROUPS } from './synonyms.js';
import { LRUCache } from 'lru-cache';
import { syncedIndex, type CaseSearchIndex, type IndexHit, type IndexQuery, type TermStems } from './search.index.js';

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

/** Escapes a snippet for HTML and turns the match markers into <mark>. */
export function snippetHtml(snippet: string | null): string | null {
  if (!snippet) return null;
  const escaped = snippet.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
  return escaped.replaceAll('\u0002', '<mark>').replaceAll('\u0003', '</mark>');
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

export async function searchCases(db: Db, auth: AuthContext | null, params: SearchParams) {
  const expanded = params.q.trim() ? await expandQuery(db, params.q) : null;
  // A query of stop words alone matches nothing rather than everything.
  if (params.q.trim() && !expanded) {
    const facets = Object.fromEntries(q.FACETS.map((f) => [f, []])) as unknown as q.SearchResult['facets'];
    return { total: 0, items: [], facets };
  }
  return searchFromIndex(db, await syncedIndex(db), viewerOf(auth), expanded, params);
}

/** The search over an index already brought up to date (tests compare it with the SQL-only search). */
export async function searchFromIndex(db: Db, index: CaseSearchIndex, viewer: Viewer, expanded: q.ExpandedQuery | null, params: SearchParams) {
  const query = expanded ? await indexQueryOf(db, expanded) : null;
  // Phrases: the index knows which cases hold all of a phrase's words; PostgreSQL checks their order.
  let restrict: Set<string> | undefined;
  if (expanded && query && expanded.phrases.length > 0) {
    const loose = index.search(viewer, query, {}, params.ownerOrgId, { facets: false });
    restrict = new Set(await q.withPhrases(db, expanded, loose.hits.map((h) => h.id)));
  }
  const found = index.search(viewer, query, params.filters, params.ownerOrgId, { restrict });
  const offset = (params.page - 1) * params.perPage;
  const w = found.termWeights;
  const termScore = (h: IndexHit) => h.hits.reduce((sum, hit, i) => sum + hit * w[i]!, 0);
  // Drafts (no publication date, -Infinity) last; -Infinity minus -Infinity would be NaN, so compare.
  const byNewest = (a: IndexHit, b: IndexHit) => (a.publishedMs === b.publishedMs ? compareIds(b.id, a.id) : b.publishedMs > a.publishedMs ? 1 : -1);
  let items: q.SearchRow[];
  if (!expanded || params.sort === 'newest') {
    const page = found.hits.sort(byNewest).slice(offset, offset + params.perPage);
    items = await q.pageOfCases(db, expanded, page.map((h) => h.id), page.map(termScore), false, params.perPage, 0);
  } else if (params.sort === 'adopted') {
    const approx = (h: IndexHit) => termScore(h) + 0.5 * h.titleHits.reduce((sum, hit, i) => sum + hit * w[i]!, 0);
    const page = found.hits.sort((a, b) => b.adoptionCount - a.adoptionCount || approx(b) - approx(a) || byNewest(a, b)).slice(offset, offset + params.perPage);
    items = await q.pageOfCases(db, expanded, page.map((h) => h.id), page.map(termScore), false, params.perPage, 0);
  } else {
    // Relevance: the index orders by the weight of the terms matched (more in titles), PostgreSQL
    // ranks the best of those exactly. Ranking every match of a common word exactly is what cost
    // 100+ ms (STACK-NOTES); the candidates beyond the window keep the index's order.
    const approx = (h: IndexHit) => termScore(h) + 0.5 * h.titleHits.reduce((sum, hit, i) => sum + hit * w[i]!, 0);
    const scored = found.hits.map((h) => ({ h, a: approx(h) })).sort((x, y) => y.a - x.a || byNewest(x.h, y.h));
    const window = Math.min(Math.max(offset + params.perPage + RANK_WINDOW, RANK_WINDOW), MAX_RANK_WINDOW);
    if (offset + params.perPage <= window) {
      const cands = scored.slice(0, window).map((x) => x.h);
      items = await q.pageOfCases(db, expanded, cands.map((h) => h.id), cands.map(termScore), true, params.perPage, offset);
    } else {
      const page = scored.slice(offset, offset + params.perPage).map((x) => x.h);
      items = await q.pageOfCases(db, expanded, page.map((h) => h.id), page.map(termScore), false, params.perPage, 0);
    }
  }
  return { total: found.hits.length, facets: found.facets, items: items.map((i) => ({ ...i, snippet: snippetHtml(i.snippet) })) };
}

/** How many of the best index candidates PostgreSQL ranks exactly (quality vs time: bench/README.md). */
const RANK_WINDOW = 300;
const MAX_RANK_WINDOW = 3000;

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

// Stems of query texts, per database; they change only with the stemmer.
const stemCaches = new WeakMap<object, LRUCache<string, { nb: string[]; en: string[] }>>();

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
  return {
    groups: expanded.groups.map((g) => g.alternatives.map(stems)),
    phrases: expanded.phrases.map(stems),
    excluded: expanded.excluded.map(stems),
  };
}

/** The five cases most like this one (by its words and themes), among those the viewer may see. */
export async function similarToCase(db: Db, auth: AuthContext | null, caseId: string, limit = 5) {
  const found = await getCase(db, auth, caseId);
  if (!found.ok) return { ok: false as const, reason: 'not_found' as const };
  return { ok: true as const, value: await similarToLoadedCase(db, auth, found.value.row, limit) };
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
