/**
 * Relevance evaluation of the case search: documents become published public cases, questions go
 * through `searchCases` exactly as the API runs them, and recall@k and MRR@k are computed against
 * each question's one relevant document, beside a baseline (a `simple`-config vector, no stemming,
 * no synonyms). `npm run eval:search` runs it on NorQuAD (scripts/eval-search.ts).
 */
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse/sync';
import type { Db } from '../db/database.js';
import { EMPTY_CASE, type CaseValues } from '../cases/index.js';
import { insertCase, orgIdsByOrgnr, refreshCaseSearch, replaceCaseChildren } from '../cases/index.js';
import { searchCases } from './search.service.js';
import * as q from './search.eval.queries.js';

export interface EvalDoc {
  docId: string;
  title: string;
  text: string;
}

export interface EvalQuery {
  queryId: string;
  question: string;
  relevantDocId: string;
}

export interface MethodResult {
  method: string;
  recall: number;
  mrr: number;
  meanMs: number;
}

export interface QueryOutcome {
  query: EvalQuery;
  /** 1-based rank of the relevant document in the top k, or null when it is not there. */
  rank: number | null;
  baselineRank: number | null;
  /** The doc ids our search returned, best first. */
  top: string[];
}

export interface EvalReport {
  k: number;
  docs: number;
  queries: number;
  ours: MethodResult;
  baseline: MethodResult;
  outcomes: QueryOutcome[];
}

export interface EvalOptions {
  /** Cut-off for recall and MRR (and the page size asked for); default 10. */
  k?: number;
  /** Owner of the cases: a reference organisation's orgnr (default Digitaliseringsdirektoratet). */
  ownerOrgnr?: string;
  /** Every case needs a theme; one LOS main theme for all keeps themes out of the comparison. */
  theme?: string;
}

const DEFAULT_OWNER = '991825827';
const DEFAULT_THEME = 'https://psi.norge.no/los/tema/kultur-idrett-og-fritid';
const SUMMARY_CHARS = 300;

/** The first ~300 characters of a text, cut at a word boundary. */
export function summaryOf(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= SUMMARY_CHARS) return flat;
  const cut = flat.slice(0, SUMMARY_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${space > SUMMARY_CHARS / 2 ? cut.slice(0, space) : cut} …`;
}

/** Parses documents as JSON lines: `{"doc_id", "title", "text"}` per line. */
export function parseDocs(jsonl: string): EvalDoc[] {
  return jsonl
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line !== '')
    .map(([line, n]) => {
      const o = JSON.parse(line) as Record<string, unknown>;
      if (typeof o.doc_id !== 'string' || typeof o.title !== 'string' || typeof o.text !== 'string') {
        throw new Error(`documents line ${n}: expected string doc_id, title and text`);
      }
      return { docId: o.doc_id, title: o.title, text: o.text };
    });
}

/**
 * Parses questions as TSV with a header naming `question` and `relevant_doc_id` (and `query_id`).
 * A field with quotes in it is itself quoted, its quotes doubled (as Python's csv module writes it).
 */
export function parseQueries(tsv: string): EvalQuery[] {
  const rows = parse(tsv, { delimiter: '\t', columns: true, skip_empty_lines: true, relax_quotes: true, bom: true, trim: true }) as Record<string, string | undefined>[];
  for (const name of ['question', 'relevant_doc_id']) {
    if (rows.length && !(name in rows[0]!)) throw new Error(`queries: the header has no column "${name}"`);
  }
  return rows.map((r, n) => {
    if (!r.question || !r.relevant_doc_id) throw new Error(`queries row ${n + 1}: question or relevant_doc_id is empty`);
    return { queryId: r.query_id ?? String(n + 1), question: r.question, relevantDocId: r.relevant_doc_id };
  });
}

/** Inserts the documents as published public cases in one transaction; returns case id → doc id. */
export async function loadDocs(db: Db, docs: EvalDoc[], options: EvalOptions = {}): Promise<Map<string, string>> {
  const ownerOrgnr = options.ownerOrgnr ?? DEFAULT_OWNER;
  const theme = options.theme ?? DEFAULT_THEME;
  return db.transaction().execute(async (trx) => {
    const ownerOrgId = (await orgIdsByOrgnr(trx, [ownerOrgnr])).get(ownerOrgnr);
    if (!ownerOrgId) throw new Error(`No organisation ${ownerOrgnr}: load the reference data first`);
    const publishedAt = new Date();
    const byCase = new Map<string, string>();
    for (const doc of docs) {
      const values: CaseValues = {
        ...EMPTY_CASE,
        title: doc.title.trim().slice(0, 200) || doc.docId,
        summary: summaryOf(doc.text),
        whatIsNew: doc.text,
        language: 'nb',
        visibility: 'public',
        themes: [theme],
      };
      const id = await insertCase(trx, values, { ownerOrgId, userId: null, source: 'eval', sourceKey: doc.docId, publishedAt });
      await replaceCaseChildren(trx, id, values, new Map());
      byCase.set(id, doc.docId);
    }
    await refreshCaseSearch(trx, [...byCase.keys()]);
    return byCase;
  });
}

function rankOf(docIds: string[], relevant: string): number | null {
  const i = docIds.indexOf(relevant);
  return i < 0 ? null : i + 1;
}

function summarise(method: string, ranks: (number | null)[], ms: number[], k: number): MethodResult {
  const n = ranks.length || 1;
  const hits = ranks.filter((r): r is number => r !== null && r <= k);
  return {
    method,
    recall: hits.length / n,
    mrr: hits.reduce((s, r) => s + 1 / r, 0) / n,
    meanMs: ms.reduce((s, x) => s + x, 0) / n,
  };
}

/**
 * Loads `docs` into `db` (a fresh, migrated database with the reference data and LOS loaded: the
 * cases stay), runs every question through the search the API uses (anonymous, relevance order, one
 * page of k) and through the baseline, and returns recall@k, MRR@k and time per query for both.
 */
export async function evaluate(db: Db, docs: EvalDoc[], queries: EvalQuery[], options: EvalOptions = {}): Promise<EvalReport> {
  const k = options.k ?? 10;
  const known = new Set(docs.map((d) => d.docId));
  const unknown = queries.filter((x) => !known.has(x.relevantDocId));
  if (unknown.length) throw new Error(`${unknown.length} question(s) name a document not in the set, e.g. ${unknown[0]!.relevantDocId}`);

  const docOf = await loadDocs(db, docs, options);
  await q.createBaseline(db, [...docOf.keys()]);
  try {
    const outcomes: QueryOutcome[] = [];
    const ms: number[] = [];
    const baselineMs: number[] = [];
    for (const query of queries) {
      let t = performance.now();
      const result = await searchCases(db, null, { q: query.question, filters: {}, sort: 'relevance', page: 1, perPage: k });
      ms.push(performance.now() - t);
      const top = result.items.map((i) => docOf.get(i.id) ?? `case:${i.id}`);
      t = performance.now();
      const baselineTop = (await q.baselineSearch(db, query.question, k)).map((id) => docOf.get(id) ?? `case:${id}`);
      baselineMs.push(performance.now() - t);
      outcomes.push({ query, rank: rankOf(top, query.relevantDocId), baselineRank: rankOf(baselineTop, query.relevantDocId), top });
    }
    return {
      k,
      docs: docs.length,
      queries: queries.length,
      ours: summarise('nytenk', outcomes.map((o) => o.rank), ms, k),
      baseline: summarise('baseline (simple, OR)', outcomes.map((o) => o.baselineRank), baselineMs, k),
      outcomes,
    };
  } finally {
    await q.dropBaseline(db);
  }
}
