import { sql, type RawBuilder, type Sql } from 'kysely';
import type { DbOrTrx } from '../db/database.js';
import { prepare } from '../db/prepared.js';
import { CASE_FACETS, visibleTo } from '../cases/index.js';
import type { Viewer } from '../core/viewer.js';

/** Facet dimensions, in the order pages show them: those of the case list the search serves (cases' API declares them). */
export const FACETS = CASE_FACETS;
export type Facet = (typeof FACETS)[number];
export type Filters = Partial<Record<Facet, string[]>>;

/** One search term and the words that may stand for it (synonyms, the other written form). */
export interface TermGroup {
  alternatives: string[];
}

export interface ExpandedQuery {
  groups: TermGroup[];
  phrases: string[];
  excluded: string[];
}

export type Sort = 'relevance' | 'newest' | 'adopted';

// ---- the text-search query ----

/** plainto_tsquery in both configurations: a case in English is indexed with English stems. */
function termQuery(text: string): RawBuilder<unknown> {
  return sql`(plainto_tsquery('norwegian', nytenk_fold(${text})) || plainto_tsquery('english', nytenk_fold(${text})))`;
}

function phraseQuery(text: string): RawBuilder<unknown> {
  return sql`(phraseto_tsquery('norwegian', nytenk_fold(${text})) || phraseto_tsquery('english', nytenk_fold(${text})))`;
}

/** Any group may match (OR, ranked); every phrase must; no excluded term may. */
export function tsqueryOf(q: ExpandedQuery): RawBuilder<unknown> | null {
  const ors = q.groups.flatMap((g) => g.alternatives).map(termQuery);
  const ands = q.phrases.map(phraseQuery);
  let query: RawBuilder<unknown> | null = null;
  if (ors.length) query = sql`(${sql.join(ors, sql` || `)})`;
  for (const p of ands) query = query ? sql`(${query} && ${p})` : p;
  if (!query) return null;
  for (const e of q.excluded) query = sql`(${query} && !!${termQuery(e)})`;
  return query;
}

/** Per query term (each word group, each phrase): does the case match it? An int[] of 0 and 1. */
function termHits(q: ExpandedQuery): RawBuilder<number[]> {
  const parts = [
    ...q.groups.map((g) => sql`(c.search_vector @@ (${sql.join(g.alternatives.map(termQuery), sql` || `)}))::int`),
    ...q.phrases.map((p) => sql`(c.search_vector @@ ${phraseQuery(p)})::int`),
  ];
  return sql<number[]>`array[${sql.join(parts)}]::int[]`;
}

const termNumbers = (q: ExpandedQuery) => Array.from({ length: q.groups.length + q.phrases.length }, (_, i) => sql.lit(i + 1));

/**
 * What matching each term is worth: its inverse document frequency among the matched cases,
 * ln(1 + matched / matching this term). A rare word («Johannesburg») then outweighs two common
 * ones («land», «ligger»); counting every term as 1 let the common words win (measured with
 * `npm run eval:search`: recall@10 0.987 → 1.000, MRR@10 0.924 → 0.943). The matched set is
 * built anyway for the facets, so the counts cost no extra index work.
 */
function termWeights(q: ExpandedQuery): RawBuilder<number[]> {
  const idf = termNumbers(q).map((i) => sql`ln(1 + count(*)::float8 / greatest(sum(m.hits[${i}]), 1))`);
  return sql<number[]>`array[${sql.join(idf)}]::float8[]`;
}

/** Text rank (weights A–D, proximity, length) plus the weight of every term the case matches. */
function rankOf(q: ExpandedQuery): RawBuilder<number> {
  const terms = termNumbers(q).map((i) => sql`m.hits[${i}] * w.weights[${i}]`);
  return sql<number>`(m.text_rank + ${sql.join(terms, sql` + `)})`;
}

// ---- filters ----

function filterSql(facet: Facet, values: string[]): Sql | RawBuilder<unknown> {
  switch (facet) {
    case 'type':
      return sql`m.types && ${values}::text[]`;
    case 'stage':
      return sql`m.stage = any(${values}::text[])`;
    case 'status':
      return sql`m.status = any(${values}::text[])`;
    case 'theme':
      return sql`m.facet_main_themes && ${values}::text[]`;
    case 'county':
      return sql`m.facet_county = any(${values}::text[])`;
    case 'orgKind':
      return sql`m.facet_org_kind = any(${values}::text[])`;
    case 'actor':
      return sql`m.facet_actor_types && ${values}::text[]`;
    case 'year':
      return sql`m.facet_year = any(${values.map(Number).filter(Number.isInteger)}::int[])`;
    case 'language':
      return sql`m.language = any(${values}::text[])`;
    case 'lessons':
      return sql`m.facet_has_lessons = any(${values.map((v) => v === 'true')}::boolean[])`;
    case 'adopted':
      return sql`(m.adoption_count > 0) = any(${values.map((v) => v === 'true')}::boolean[])`;
  }
}

function where(filters: Filters, except?: Facet): RawBuilder<unknown> {
  const parts = (Object.entries(filters) as [Facet, string[]][]).filter(([f, v]) => f !== except && v.length > 0).map(([f, v]) => filterSql(f, v));
  return parts.length ? sql`${sql.join(parts, sql` and `)}` : sql`true`;
}

/** The value(s) a case has in a facet, as a set-returning expression. */
function facetValues(facet: Facet): RawBuilder<unknown> {
  switch (facet) {
    case 'type':
      return sql`unnest(m.types)`;
    case 'stage':
      return sql`m.stage`;
    case 'status':
      return sql`m.status`;
    case 'theme':
      return sql`unnest(m.facet_main_themes)`;
    case 'county':
      return sql`m.facet_county`;
    case 'orgKind':
      return sql`m.facet_org_kind`;
    case 'actor':
      return sql`unnest(m.facet_actor_types)`;
    case 'year':
      return sql`m.facet_year::text`;
    case 'language':
      return sql`m.language`;
    case 'lessons':
      return sql`m.facet_has_lessons::text`;
    case 'adopted':
      return sql`(m.adoption_count > 0)::text`;
  }
}

export interface SearchRow {
  id: string;
  title: string;
  summary: string;
  status: string;
  stage: string | null;
  types: string[];
  language: string;
  visibility: string;
  publishedAt: string | null;
  ownerOrgnr: string | null;
  ownerName: string;
  adoptionCount: number;
  rank: number;
  /** Text with the matched words between \u0002 and \u0003 (escaped and marked up by the caller). */
  snippet: string | null;
  source: string;
}

export interface SearchResult {
  total: number;
  items: SearchRow[];
  facets: Record<Facet, { value: string; count: number }[]>;
}

const SNIPPET_OPTIONS = 'StartSel=\u0002, StopSel=\u0003, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "';

/**
 * One statement: the cases the viewer may see that match, each facet counted with every other
 * active filter applied, and one page of results with snippets.
 */
export async function searchCases(
  db: DbOrTrx,
  viewer: Viewer,
  q: ExpandedQuery | null,
  filters: Filters,
  sort: Sort,
  limit: number,
  offset: number,
  ownerOrgId?: string,
): Promise<SearchResult> {
  const query = q ? tsqueryOf(q) : null;
  // The visibility rule is the one every list uses (cases.queries.ts), as a subquery.
  const idsVisible = db.selectFrom('cases').select('cases.id').where(visibleTo(viewer));
  const matchCond = query ? sql`c.search_vector @@ (select query from q)` : sql`true`;
  const textRank = query ? sql`ts_rank_cd('{0.1, 0.3, 0.6, 1.0}', c.search_vector, (select query from q), 1)` : sql`0::float4`;
  const rank = query ? rankOf(q!) : sql`0::float8`;
  const order =
    sort === 'newest' || !query
      ? sql`p.published_at desc nulls last, p.id desc`
      : sort === 'adopted'
        ? sql`p.adoption_count desc, p.rank desc, p.id desc`
        : sql`p.rank desc, p.published_at desc nulls last, p.id desc`;
  const orderAdopted = sort === 'adopted' ? sql`p.adoption_count desc, p.published_at desc nulls last, p.id desc` : order;
  const facetUnion = sql.join(
    FACETS.map(
      (f) => sql`select ${f}::text as facet, v as value, count(*)::int as count
                 from (select ${facetValues(f)} as v from matched m where ${where(filters, f)}) x
                 where v is not null group by v`,
    ),
    sql` union all `,
  );
  const snippet = query
    ? sql`ts_headline(case when p.language = 'en' then 'english'::regconfig else 'norwegian'::regconfig end,
          p.summary || ' ' || p.what_is_new || ' ' || p.lessons, (select query from q), ${SNIPPET_OPTIONS})`
    : sql`null`;
  const result = await sql<{ total: number; items: SearchRow[] | null; facets: { facet: Facet; value: string; count: number }[] | null }>`
    with q as (select ${query ?? sql`''::tsquery`} as query),
    matched as materialized (
      select c.id, c.types, c.stage, c.status, c.language, c.facet_main_themes, c.facet_county, c.facet_org_kind,
             c.facet_actor_types, c.facet_year, c.facet_has_lessons, c.adoption_count, c.published_at,
             ${textRank} as text_rank, ${query ? termHits(q!) : sql`'{}'::int[]`} as hits
      from cases c
      where ${matchCond} and c.id in (${idsVisible})
        ${ownerOrgId ? sql`and (c.owner_org_id = ${ownerOrgId}::bigint or exists (select 1 from case_coowners cc where cc.case_id = c.id and cc.org_id = ${ownerOrgId}::bigint))` : sql``}
    ),
    w as (${query ? sql`select ${termWeights(q!)} as weights from matched m` : sql`select '{}'::float8[] as weights`}),
    filtered as (select m.*, ${rank} as rank from matched m cross join w where ${where(filters)}),
    -- Order and cut to one page first, then fetch the page's text: joining every match before the
    -- limit cost ~200 ms for a word matching 57k cases.
    page_ids as (
      select p.* from filtered p
      order by ${sort === 'adopted' ? orderAdopted : order}
      limit ${limit} offset ${offset}
    ),
    page as (
      select p.*, c.title, c.summary, c.what_is_new, c.lessons, c.visibility, c.source, o.orgnr, o.name as owner_name
      from page_ids p join cases c on c.id = p.id join organisations o on o.id = c.owner_org_id
    )
    select
      (select count(*)::int from filtered) as total,
      (select json_agg(json_build_object(
          'id', p.id::text, 'title', p.title, 'summary', p.summary, 'status', p.status, 'stage', p.stage, 'types', p.types,
          'language', p.language, 'visibility', p.visibility, 'publishedAt', p.published_at, 'ownerOrgnr', p.orgnr,
          'ownerName', p.owner_name, 'adoptionCount', p.adoption_count, 'rank', p.rank, 'source', p.source,
          'snippet', ${snippet}) order by ${sort === 'adopted' ? orderAdopted : order}) from page p) as items,
      (select json_agg(f) from (${facetUnion}) f) as facets
  `.execute(db);
  const row = result.rows[0]!;
  const facets = Object.fromEntries(FACETS.map((f) => [f, [] as { value: string; count: number }[]])) as SearchResult['facets'];
  for (const f of row.facets ?? []) facets[f.facet].push({ value: f.value, count: f.count });
  for (const f of FACETS) facets[f].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, 'nb'));
  return { total: row.total, items: row.items ?? [], facets };
}

/** The Norwegian stem of each word, and LOS concepts whose hidden labels (synonyms) it is. */
export async function analyseWords(db: DbOrTrx, words: string[]): Promise<{ word: string; stem: string; losLabels: string[] }[]> {
  if (words.length === 0) return [];
  const r = await sql<{ word: string; stem: string | null; los: string[] | null }>`
    select w as word,
      (select string_agg(lexeme, ' ') from unnest(to_tsvector('norwegian', w))) as stem,
      (select array_agg(distinct label) from los_concepts l, unnest(array[l.label_nb, l.label_nn]) label
        where w = any(l.search_synonyms)) as los
    from unnest(${words}::text[]) w`.execute(db);
  return r.rows.map((x) => ({ word: x.word, stem: x.stem ?? '', losLabels: x.los ?? [] }));
}

/** Norwegian stems of many words at once (for the synonym table). */
export async function stemAll(db: DbOrTrx, words: string[]): Promise<Map<string, string>> {
  const r = await sql<{ word: string; stem: string | null }>`
    select w as word, (select string_agg(lexeme, ' ') from unnest(to_tsvector('norwegian', w))) as stem
    from unnest(${words}::text[]) w`.execute(db);
  return new Map(r.rows.map((x) => [x.word, x.stem ?? '']));
}

export interface SimilarRow {
  id: string;
  title: string;
  summary: string;
  ownerName: string;
  ownerOrgnr: string | null;
  score: number;
}

/**
 * Cases like a text: its words as an OR query, ranked, plus shared main themes; visible ones only.
 */
export async function similarCases(
  db: DbOrTrx,
  viewer: Viewer,
  input: { text: string; themes: string[]; excludeId: string | null; language: string; fields?: 'A' | 'AB' },
  limit: number,
): Promise<SimilarRow[]> {
  // Candidates straight from the text index with the visibility rule applied to the same rows (an
  // `id in (visible ids)` subquery built a set of every visible case first: seconds at 100k).
  const cand = db
    .selectFrom('cases')
    .select(['cases.id', 'cases.search_vector', 'cases.facet_main_themes', 'cases.title', 'cases.summary', 'cases.owner_org_id'])
    .where(visibleTo(viewer))
    .where('cases.published_at', 'is not', null)
    .where(input.fields === 'A' ? sql<boolean>`cases.title_vector @@ (select plain from q)` : sql<boolean>`cases.search_vector @@ (select query from q)`)
    .where(sql<boolean>`(${input.excludeId}::bigint is null or cases.id <> ${input.excludeId}::bigint)`)
    .limit(1000);
  const r = await sql<SimilarRow>`
    -- The text's words as an OR query matched in titles and summaries only (weights A and B).
    with q as (
      select nullif(regexp_replace(
        replace(replace((plainto_tsquery('norwegian', nytenk_fold(${input.text})) || plainto_tsquery('english', nytenk_fold(${input.text})))::text, ' & ', ' | '), ' <-> ', ' | '),
        '''([^'']*)''', ${"'\\1':" + (input.fields ?? 'AB')}, 'g'), '')::tsquery as query,
      -- The same words without weight labels, for the title-only vector.
      nullif(replace(replace((plainto_tsquery('norwegian', nytenk_fold(${input.text})) || plainto_tsquery('english', nytenk_fold(${input.text})))::text, ' & ', ' | '), ' <-> ', ' | '), '')::tsquery as plain
    ),
    -- At most 1,000 candidates are ranked: a similar-cases list is a hint, and ranking every match
    -- of a common word costs far more than it gains.
    cand as (${cand})
    select c.id::text as id, c.title, c.summary, o.name as "ownerName", o.orgnr as "ownerOrgnr",
      (ts_rank('{0.1, 0.3, 0.6, 1.0}', c.search_vector, q.query, 1)
        + 0.3 * cardinality(array(select unnest(c.facet_main_themes) intersect select unnest(${input.themes}::text[]))))::float8 as score
    from cand c cross join q join organisations o on o.id = c.owner_org_id
    where q.query is not null
    order by score desc, c.id desc
    limit ${limit}`.execute(db);
  return r.rows;
}

// ---- support for the in-memory index (search.index.ts) ----

/** The stems of each text in both configurations (what plainto_tsquery would AND together). */
export async function stemsOf(db: DbOrTrx, texts: string[]): Promise<Map<string, { nb: string[]; en: string[]; nbPhrase: string; enPhrase: string }>> {
  if (texts.length === 0) return new Map();
  const r = await sql<{ text: string; nb: string[] | null; en: string[] | null; nbPhrase: string; enPhrase: string }>`
    select t as text,
      tsvector_to_array(to_tsvector('norwegian', nytenk_fold(t))) as nb,
      tsvector_to_array(to_tsvector('english', nytenk_fold(t))) as en,
      phraseto_tsquery('norwegian', nytenk_fold(t))::text as "nbPhrase",
      phraseto_tsquery('english', nytenk_fold(t))::text as "enPhrase"
    from unnest(${texts}::text[]) t`.execute(db);
  return new Map(r.rows.map((x) => [x.text, { nb: x.nb ?? [], en: x.en ?? [], nbPhrase: x.nbPhrase, enPhrase: x.enPhrase }]));
}

/**
 * The cases that contain every phrase with its words in order, from the text index (run beside the
 * index's own sync; the in-memory index has no word positions).
 */
export async function casesWithPhrases(db: DbOrTrx, q: ExpandedQuery): Promise<string[]> {
  if (q.phrases.length === 0) return [];
  const cond = sql.join(q.phrases.map((p) => sql`c.search_vector @@ ${phraseQuery(p)}`), sql` and `);
  const compiled = sql<{ ids: string[] | null }>`select array_agg(c.id::text) as ids from cases c where ${cond}`.compile(db);
  return (await db.executeQuery(prepare(compiled))).rows[0]?.ids ?? [];
}

/**
 * One page of results from candidates the index chose. With `rank`, the candidates are ranked
 * exactly (text rank plus the weight of the terms each matches, as `searchCases` ranks) and the page
 * is cut from that order; without, `ids` is the page, in order.
 */
export async function pageOfCases(
  db: DbOrTrx,
  q: ExpandedQuery | null,
  ids: string[],
  termScores: number[],
  rank: boolean,
  limit: number,
  offset: number,
): Promise<SearchRow[]> {
  if (ids.length === 0) return [];
  const query = q ? tsqueryOf(q) : null;
  const textRank = query && rank ? sql`ts_rank_cd('{0.1, 0.3, 0.6, 1.0}', c.search_vector, (select query from q), 1)` : sql`0::float4`;
  const order = rank ? sql`p.rank desc, p.published_at desc nulls last, p.id desc` : sql`p.ord`;
  const snippet = query
    ? sql`ts_headline(case when c.language = 'en' then 'english'::regconfig else 'norwegian'::regconfig end,
          c.summary || ' ' || c.what_is_new || ' ' || c.lessons, (select query from q), ${SNIPPET_OPTIONS})`
    : sql`null`;
  // Prepared (one statement per query shape): planning it was a fifth of a search's SQL time.
  const compiled = sql<{ items: SearchRow[] | null }>`
    with q as (select ${query ?? sql`''::tsquery`} as query),
    cand as (select * from unnest(${ids}::bigint[], ${termScores}::float8[]) with ordinality as u(id, score, ord)),
    ranked as (
      select c.id, c.published_at, u.ord, (${textRank} + u.score)::float8 as rank
      from cand u join cases c on c.id = u.id
    ),
    page as (select p.* from ranked p order by ${order} ${rank ? sql`limit ${limit} offset ${offset}` : sql``})
    select json_agg(json_build_object(
      'id', c.id::text, 'title', c.title, 'summary', c.summary, 'status', c.status, 'stage', c.stage, 'types', c.types,
      'language', c.language, 'visibility', c.visibility, 'publishedAt', c.published_at, 'ownerOrgnr', o.orgnr,
      'ownerName', o.name, 'adoptionCount', c.adoption_count, 'rank', p.rank, 'source', c.source,
      'snippet', ${snippet}) order by ${order}) as items
    from page p join cases c on c.id = p.id join organisations o on o.id = c.owner_org_id`.compile(db);
  const result = await db.executeQuery(prepare(compiled));
  return result.rows[0]?.items ?? [];
}

/** The cases with these ids, in this order, as similar-case rows. */
export async function similarRows(db: DbOrTrx, found: { id: string; score: number }[]): Promise<SimilarRow[]> {
  if (found.length === 0) return [];
  const compiled = sql<SimilarRow>`
    select c.id::text as id, c.title, c.summary, o.name as "ownerName", o.orgnr as "ownerOrgnr", u.score
    from unnest(${found.map((f) => f.id)}::bigint[], ${found.map((f) => f.score)}::float8[]) with ordinality as u(id, score, ord)
    join cases c on c.id = u.id join organisations o on o.id = c.owner_org_id
    order by u.ord`.compile(db);
  return (await db.executeQuery(prepare(compiled))).rows;
}
