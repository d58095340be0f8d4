import { sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
import type { LosKind } from '../db/schema.js';
import type { Lang } from '../i18n/index.js';

/** A LOS concept as the loader writes it: the committed JSON plus the folded search strings. */
export interface LosConceptRow {
  uri: string;
  kind: LosKind;
  labelNb: string;
  labelNn: string;
  labelEn: string;
  synonymsNb: string[];
  synonymsNn: string[];
  broader: string[];
  mainTheme: string | null;
  /** Folded labels nb, nn, en. */
  searchLabels: string[];
  /** Folded synonyms, aligned with synonymsNb followed by synonymsNn. */
  searchSynonyms: string[];
}

/** A concept labelled in one language, with its main theme. */
export interface ThemeRow {
  uri: string;
  kind: LosKind;
  label: string;
  mainThemeUri: string | null;
  mainThemeLabel: string | null;
  matchedSynonym?: string | null;
}

const LABEL = { nb: 'label_nb', nn: 'label_nn', en: 'label_en' } as const;
/** Position of each language's label in search_labels (1-based, as unnest … with ordinality counts). */
const LABEL_POSITION = { nb: 1, nn: 2, en: 3 } as const;

/**
 * Inserts new concepts and refreshes changed ones, in one statement. Concepts gone from the file
 * stay: cases may be tagged with them. Returns how many rows were added and how many changed.
 */
export async function upsertLosConcepts(db: DbOrTrx, rows: LosConceptRow[]): Promise<{ inserted: number; updated: number }> {
  const result = await sql<{ inserted: boolean }>`
    insert into los_concepts (uri, kind, label_nb, label_nn, label_en, synonyms_nb, synonyms_nn, broader, main_theme, search_labels, search_synonyms)
    select uri, kind, "labelNb", "labelNn", "labelEn", "synonymsNb", "synonymsNn", broader, "mainTheme", "searchLabels", "searchSynonyms"
    from json_to_recordset(${JSON.stringify(rows)}::json) as r(
      uri text, kind text, "labelNb" text, "labelNn" text, "labelEn" text, "synonymsNb" text[], "synonymsNn" text[],
      broader text[], "mainTheme" text, "searchLabels" text[], "searchSynonyms" text[])
    on conflict (uri) do update set
      kind = excluded.kind, label_nb = excluded.label_nb, label_nn = excluded.label_nn, label_en = excluded.label_en,
      synonyms_nb = excluded.synonyms_nb, synonyms_nn = excluded.synonyms_nn, broader = excluded.broader,
      main_theme = excluded.main_theme, search_labels = excluded.search_labels, search_synonyms = excluded.search_synonyms
    -- An unchanged concept is not rewritten: a reload of the same file touches nothing.
    where (los_concepts.kind, los_concepts.label_nb, los_concepts.label_nn, los_concepts.label_en, los_concepts.synonyms_nb,
           los_concepts.synonyms_nn, los_concepts.broader, los_concepts.main_theme, los_concepts.search_labels, los_concepts.search_synonyms)
      is distinct from
          (excluded.kind, excluded.label_nb, excluded.label_nn, excluded.label_en, excluded.synonyms_nb,
           excluded.synonyms_nn, excluded.broader, excluded.main_theme, excluded.search_labels, excluded.search_synonyms)
    returning (xmax = 0) as inserted`.execute(db);
  const inserted = result.rows.filter((r) => r.inserted).length;
  return { inserted, updated: result.rows.length - inserted };
}

export async function countLosConcepts(db: DbOrTrx): Promise<number> {
  const r = await db.selectFrom('los_concepts').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return r.n;
}

/** True when concepts have been loaded with their search strings (rows from before 20261127T0030 lack them). */
export async function losConceptsLoaded(db: DbOrTrx): Promise<boolean> {
  return !!(await db.selectFrom('los_concepts').select('uri').where(sql<boolean>`cardinality(search_labels) > 0`).limit(1).executeTakeFirst());
}

/**
 * Concepts whose folded labels or synonyms contain `folded` (already folded by the caller), best
 * first. Tiers: a label equal to the query, starting with it, with a word starting with it; then a
 * synonym equal to it or starting with it; then labels containing it anywhere, then synonyms with a
 * word starting with it or containing it. Within a tier main themes come first, then themes, words
 * and life events, each in Norwegian alphabetical order. 526 rows: a scan is cheaper than an index.
 */
export async function searchLosConcepts(db: DbOrTrx, s: { folded: string; lang: Lang; limit: number }): Promise<ThemeRow[]> {
  const escaped = s.folded.replace(/[\\%_]/g, (c) => '\\' + c);
  const contains = `%${escaped}%`;
  const prefix = `${escaped}%`;
  const wordStart = `% ${escaped}%`;
  const label = sql.ref(`c.${LABEL[s.lang]}`);
  const mainLabel = sql.ref(`mt.${LABEL[s.lang]}`);
  const result = await sql<ThemeRow>`
    with hits as (
      select distinct on (c.uri) c.uri, h.tier, h.synonym
      from los_concepts c
      cross join lateral (
        select case when t = ${s.folded} then 0 when t like ${prefix} then 1 when ' ' || t like ${wordStart} then 2 else 5 end as tier,
               null::text as synonym, i = ${LABEL_POSITION[s.lang]} as own_lang
        from unnest(c.search_labels) with ordinality as l(t, i)
        where t like ${contains}
        union all
        select case when t = ${s.folded} then 3 when t like ${prefix} then 4 when ' ' || t like ${wordStart} then 6 else 7 end,
               syn, (case when i <= cardinality(c.synonyms_nb) then 'nb' else 'nn' end) = ${s.lang}
        from unnest(c.search_synonyms, c.synonyms_nb || c.synonyms_nn) with ordinality as y(t, syn, i)
        where t like ${contains}
      ) h
      -- The best match of each concept; on a tie, the one in the reader's language names the synonym.
      order by c.uri, h.tier, h.own_lang desc
    )
    select c.uri, c.kind, ${label} as label, c.main_theme as "mainThemeUri", ${mainLabel} as "mainThemeLabel", hits.synonym as "matchedSynonym"
    from hits
    join los_concepts c on c.uri = hits.uri
    left join los_concepts mt on mt.uri = c.main_theme
    order by hits.tier,
             case when c.kind = 'tema' and cardinality(c.broader) = 0 then 0 when c.kind = 'tema' then 1 when c.kind = 'ord' then 2 else 3 end,
             ${label} collate "nb-NO-x-icu", c.uri
    limit ${s.limit}`.execute(db);
  return result.rows;
}

function labelled(db: DbOrTrx, lang: Lang) {
  return db
    .selectFrom('los_concepts as c')
    .leftJoin('los_concepts as mt', 'mt.uri', 'c.main_theme')
    .select([
      'c.uri',
      'c.kind',
      sql.ref<string>(`c.${LABEL[lang]}`).as('label'),
      'c.main_theme as mainThemeUri',
      sql.ref<string | null>(`mt.${LABEL[lang]}`).as('mainThemeLabel'),
    ]);
}

/** The concepts with these URIs (unknown ones left out), in no particular order. */
export async function findLosConcepts(db: DbOrTrx, uris: readonly string[], lang: Lang): Promise<ThemeRow[]> {
  if (uris.length === 0) return [];
  return labelled(db, lang).where('c.uri', 'in', [...uris]).execute();
}

/** The main themes, in Norwegian alphabetical order of their label in `lang`. */
export async function listMainLosThemes(db: DbOrTrx, lang: Lang): Promise<ThemeRow[]> {
  return labelled(db, lang)
    .where('c.kind', '=', 'tema')
    .where(sql<boolean>`cardinality(c.broader) = 0`)
    .orderBy(sql`${sql.ref(`c.${LABEL[lang]}`)} collate "nb-NO-x-icu"`)
    .execute();
}

/** Which of these URIs are LOS concepts in the database. */
export async function knownLosUris(db: DbOrTrx, uris: readonly string[]): Promise<Set<string>> {
  if (uris.length === 0) return new Set();
  const rows = await db.selectFrom('los_concepts').select('uri').where('uri', 'in', [...uris]).execute();
  return new Set(rows.map((r) => r.uri));
}
