import type { DbOrTrx } from '../db/database.js';
import type { LosKind } from '../db/schema.js';
import type { Lang } from '../i18n/index.js';
import * as q from './themes.queries.js';
import { LOS_FILE, readLosConcepts, type LosConcept } from './vocabulary.js';

/** What the API and the forms get for one concept. */
export interface ThemeItem {
  uri: string;
  label: string;
  kind: LosKind;
  /** The main theme it sits under (itself for a main theme); null for life events. */
  mainTheme: { uri: string; label: string } | null;
  /** The hidden label that matched, when the concept was found through one (e.g. «Svangerskapsavbrudd» for Abort). */
  matchedSynonym?: string;
}

export const MAX_THEME_LIMIT = 50;
export const MAX_THEME_QUERY = 100;

/**
 * Folds text for theme search: lower case, accents off (é → e, ô → o), anything but letters and
 * digits to single spaces. æ, ø and å are kept: they are letters of their own in Norwegian, and
 * «død» must not find «dom». Å decomposes to a + ring (U+030A), so the ring is spared by name.
 */
export function foldForSearch(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u0309\u030B-\u036F]/g, '')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function toRow(c: LosConcept): q.LosConceptRow {
  return {
    ...c,
    searchLabels: [c.labelNb, c.labelNn, c.labelEn].map(foldForSearch),
    searchSynonyms: [...c.synonymsNb, ...c.synonymsNn].map(foldForSearch),
  };
}

export interface LosLoadResult {
  /** Concepts in the committed file. */
  concepts: number;
  inserted: number;
  updated: number;
}

/** Inserts or refreshes the LOS concepts of the committed file, in one statement. Idempotent. */
export async function loadLosConcepts(db: DbOrTrx, file = LOS_FILE): Promise<LosLoadResult> {
  const concepts = readLosConcepts(file);
  const { inserted, updated } = await q.upsertLosConcepts(db, concepts.map(toRow));
  return { concepts: concepts.length, inserted, updated };
}

/** Loads the LOS concepts only when none are loaded yet (first start). */
export async function ensureLosConcepts(db: DbOrTrx, file = LOS_FILE): Promise<LosLoadResult | null> {
  if (await q.losConceptsLoaded(db)) return null;
  return loadLosConcepts(db, file);
}

export const countLosConcepts = q.countLosConcepts;

function toItem(r: q.ThemeRow): ThemeItem {
  return {
    uri: r.uri,
    label: r.label,
    kind: r.kind,
    mainTheme: r.mainThemeUri && r.mainThemeLabel !== null ? { uri: r.mainThemeUri, label: r.mainThemeLabel } : null,
    ...(r.matchedSynonym ? { matchedSynonym: r.matchedSynonym } : {}),
  };
}

/**
 * Concepts whose labels (bokmål, nynorsk or English) or hidden synonyms contain the query, best
 * first (exact and prefix label matches, then synonyms, then other substrings), labelled in
 * `lang`. Case and accents do not matter; æ ø å do. An empty query finds nothing.
 */
export async function searchThemes(db: DbOrTrx, query: string, lang: Lang, limit = 20): Promise<ThemeItem[]> {
  const folded = foldForSearch(query.slice(0, MAX_THEME_QUERY));
  if (!folded) return [];
  const rows = await q.searchLosConcepts(db, { folded, lang, limit: Math.min(Math.max(1, Math.trunc(limit)), MAX_THEME_LIMIT) });
  return rows.map(toItem);
}

/** The known concepts among `uris`, in the order given (duplicates and unknown URIs left out). */
export async function getThemesByUri(db: DbOrTrx, uris: readonly string[], lang: Lang): Promise<ThemeItem[]> {
  const wanted = [...new Set(uris)];
  const byUri = new Map((await q.findLosConcepts(db, wanted, lang)).map((r) => [r.uri, toItem(r)]));
  return wanted.flatMap((u) => byUri.get(u) ?? []);
}

/** The 14 main themes, in Norwegian alphabetical order of their label in `lang`. */
export async function listMainThemes(db: DbOrTrx, lang: Lang): Promise<ThemeItem[]> {
  return (await q.listMainLosThemes(db, lang)).map(toItem);
}

/** The URIs among `uris` that are not LOS concepts (each once, in the order given); empty when all are known. */
export async function validateThemeUris(db: DbOrTrx, uris: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(uris)];
  const known = await q.knownLosUris(db, wanted);
  return wanted.filter((u) => !known.has(u));
}

export interface ThemePickerState {
  /** The chosen concepts that exist, labelled. */
  selected: { uri: string; label: string }[];
  /** What was typed in the picker's search field, to show it again. */
  search: string;
  /** Set when the form was posted with the «search themes» button (no JavaScript). */
  searchResults?: ThemeItem[];
}

export const THEME_SEARCH_ACTION = 'theme-search';
const PICKER_RESULTS = 20;

/**
 * What a form with a ThemePicker needs to render itself again from a posted body: the chosen
 * concepts (field `name`, one value or several) labelled in `lang`, and, when the «search themes»
 * button was pressed (`action=theme-search`), the results for `themeSearch`. Two queries at most.
 */
export async function themePickerState(db: DbOrTrx, body: Record<string, unknown> | undefined, lang: Lang, name = 'themes'): Promise<ThemePickerState> {
  const raw = body?.[name];
  const uris = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((u): u is string => typeof u === 'string' && u !== '' && u.length <= 300);
  const search = typeof body?.themeSearch === 'string' ? body.themeSearch.slice(0, MAX_THEME_QUERY) : '';
  const searching = body?.action === THEME_SEARCH_ACTION;
  const [selected, searchResults] = await Promise.all([getThemesByUri(db, uris, lang), searching ? searchThemes(db, search, lang, PICKER_RESULTS) : undefined]);
  return { selected: selected.map((t) => ({ uri: t.uri, label: t.label })), search, ...(searchResults ? { searchResults } : {}) };
}
