import type { Db, DbOrTrx } from '../db/database.js';
import type { AuthContext } from '../http/context.js';
import { viewerOf } from '../cases/cases.policy.js';
import { getCase } from '../cases/cases.service.js';
import { isEmptyQuery, parseQuery } from './search.query.js';
import * as q from './search.queries.js';
import { SYNONYM_GROUPS } from './synonyms.js';

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

/**
 * The query with each word's alternatives: its synonyms and other written form (by stem), and the
 * label of any LOS concept whose hidden label it is. Stop words («sine», «og») are dropped.
 */
export async function expandQuery(db: DbOrTrx, raw: string): Promise<q.ExpandedQuery | null> {
  const parsed = parseQuery(raw);
  if (isEmptyQuery(parsed)) return null;
  const [analysed, synonyms] = await Promise.all([q.analyseWords(db, parsed.words), synonymsByStem(db)]);
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
  const result = await q.searchCases(db, viewerOf(auth), expanded, params.filters, params.sort, params.perPage, (params.page - 1) * params.perPage, params.ownerOrgId);
  return { ...result, items: result.items.map((i) => ({ ...i, snippet: snippetHtml(i.snippet) })) };
}

/** The five cases most like this one (by its words and themes), among those the viewer may see. */
export async function similarToCase(db: Db, auth: AuthContext | null, caseId: string, limit = 5) {
  const found = await getCase(db, auth, caseId);
  if (!found.ok) return { ok: false as const, reason: 'not_found' as const };
  return { ok: true as const, value: await similarToLoadedCase(db, auth, found.value.row, limit) };
}

/** The same, for a case already loaded (the case page has it): one query. */
export async function similarToLoadedCase(
  db: Db,
  auth: AuthContext | null,
  row: { id: string; title: string; summary: string; problem: string; what_is_new: string; language: string; facet_main_themes: string[] },
  limit = 5,
) {
  // A case's title words matched in other titles, ranked, plus shared themes: measured at 10k
  // cases, title words matched 662 cases against 9,253 for title and summary words, and the list
  // reads as well.
  return q.similarCases(db, viewerOf(auth), { text: row.title, themes: row.facet_main_themes, excludeId: row.id, language: row.language, fields: 'A' }, limit);
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
