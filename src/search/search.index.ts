import { readPlan, stateReadable } from '../cases/index.js';
import { type Viewer } from '../core/viewer.js';
import { FACETS, type Facet, type Filters } from './search.queries.js';
import { Column, Dictionary, MultiColumn } from './search.columns.js';
import type { CaseRow } from './search.index.queries.js';
import { PostingStore } from './search.postings.js';
import { parseTsvector, type PhrasePattern } from './search.tsvector.js';

/**
 * The case search's working set, in memory: for every case, its facet values and who may see it,
 * and for every word stem the cases that contain it (from the tsvectors PostgreSQL's `norwegian` and
 * `english` configurations make, so stemming stays PostgreSQL's).
 *
 * Why: finding which of 100 000 cases contain a common word, and counting eleven facets over them
 * with each facet's own filter left out, costs PostgreSQL 30–300 ms however the tables are laid out
 * (every match is a heap visit; measured in bench/README.md). Here it is a walk over typed arrays.
 * PostgreSQL still ranks the best candidates exactly and writes the snippets (search.queries.ts).
 *
 * Freshness: before each search, `syncedIndex` (search.index.sync.ts) reads the cases written since
 * the last read, by transaction id (migration 20261127T0500), in the same statement as the query's
 * word analysis. A search therefore sees every write committed before it started, from any process.
 *
 * The parts: typed-array columns (search.columns.ts), the postings (search.postings.ts), PostgreSQL's
 * text forms read (search.tsvector.ts), the index's SQL (search.index.queries.ts) and its upkeep
 * (search.index.sync.ts).
 */

/** Facets whose cases may carry several values. */
const MULTI: ReadonlySet<Facet> = new Set(['type', 'theme', 'actor']);
const VISIBILITY = ['public', 'public_sector', 'own_org'] as const;

/** An alternative of a query term: the stems one written form stands for (all must occur), per configuration. */
export interface TermStems {
  /** Each inner list: the stems of one configuration's parse (AND); any list may match (OR). */
  options: string[][];
}

export interface IndexQuery {
  /** Ranked terms: a case matches a group when any alternative matches. */
  groups: TermStems[][];
  /** Phrases: a case must contain all of a phrase's stems… */
  phrases: TermStems[];
  /**
   * …in order: per phrase, its patterns (one per text-search configuration), each stem with its
   * distance from the first, as phraseto_tsquery gives them. Null for a phrase whose query is not a
   * plain chain: then `restrict` must carry PostgreSQL's verdict.
   */
  phrasePatterns?: (PhrasePattern[] | null)[];
  excluded: TermStems[];
}

export interface IndexResult {
  /** Slots of every case that matches, passes the filters and may be seen, in slot order. */
  slots: Uint32Array;
  /** Per term (groups, then phrases), by slot: does the case match it, does its title. */
  termMasks: Uint8Array[];
  titleMasks: Uint8Array[];
  /** Inverse document frequency of each term among the visible matches. */
  termWeights: number[];
  facets: Record<Facet, { value: string; count: number }[]>;
}

export class CaseSearchIndex {
  private slotById = new Map<string, number>();
  private xidOf = new Map<string, bigint>();
  /** Deleted for good (ids are never reused): a late, older read must not bring them back. */
  private deletedIds = new Set<string>();
  private ids: string[] = [];
  private alive = new Column(new Uint8Array(1024));
  private published = new Column(new Uint8Array(1024));
  private publishedMs = new Column(new Float64Array(1024));
  private visibility = new Column(new Uint8Array(1024));
  private adoptionCount = new Column(new Uint32Array(1024));
  private owner: string[] = [];
  private coowners = new Map<number, string[]>();
  private readonly dict: Record<Facet, Dictionary> = Object.fromEntries(FACETS.map((f) => [f, new Dictionary()])) as Record<Facet, Dictionary>;
  /** Single-valued facets: one code per slot. */
  private single: Partial<Record<Facet, Column<Uint16Array>>> = {};
  /** Multi-valued facets: codes per slot. */
  private multi: Partial<Record<Facet, MultiColumn>> = {};
  private postings = new PostingStore();
  /** Each case's title stems (for similar cases). */
  private titleStems: (string[] | undefined)[] = [];
  private slots = 0;
  private dead = 0;
  /** Oldest transaction not yet finished when we last read (`xid8` as text). */
  private since: string | null = null;

  constructor() {
    for (const f of FACETS) {
      if (MULTI.has(f)) this.multi[f] = new MultiColumn();
      else this.single[f] = new Column(new Uint16Array(1024));
    }
  }

  /** Ends the bulk load: postings are laid out for reading; later changes go to the overflow. */
  finishBuild(): void {
    this.postings.finish();
  }

  get size(): number {
    return this.slots - this.dead;
  }

  /** The share of slots taken by replaced or deleted cases (the index is rebuilt above a limit). */
  get waste(): number {
    return this.slots === 0 ? 0 : this.dead / this.slots;
  }

  get watermark(): string | null {
    return this.since;
  }

  /** Applies rows read from the database (new or changed cases) and deletions. */
  apply(rows: CaseRow[], deleted: string[], watermark: string): void {
    for (const id of deleted) {
      this.deletedIds.add(id);
      this.remove(id);
    }
    for (const r of rows) {
      if (this.deletedIds.has(r.id)) continue;
      const xid = BigInt(r.xid);
      const known = this.xidOf.get(r.id);
      // Read again (a transaction still open at the last read), or an older read arriving late.
      if (known !== undefined && known >= xid) continue;
      this.xidOf.set(r.id, xid);
      this.add(r);
    }
    if (this.since === null || BigInt(watermark) > BigInt(this.since)) this.since = watermark;
  }

  private remove(id: string) {
    const slot = this.slotById.get(id);
    if (slot === undefined) return;
    this.alive.data[slot] = 0;
    this.slotById.delete(id);
    this.coowners.delete(slot);
    this.dead++;
  }

  private add(r: CaseRow) {
    this.remove(r.id);
    const slot = this.slots++;
    this.slotById.set(r.id, slot);
    this.ids[slot] = r.id;
    this.alive.set(slot, 1);
    this.published.set(slot, r.published ? 1 : 0);
    this.publishedMs.set(slot, r.published_ms ?? Number.NEGATIVE_INFINITY);
    this.visibility.set(slot, Math.max(0, VISIBILITY.indexOf(r.visibility as (typeof VISIBILITY)[number])));
    this.adoptionCount.set(slot, r.adoption_count);
    this.owner[slot] = r.owner;
    if (r.coowners?.length) this.coowners.set(slot, r.coowners);
    const singles: [Facet, string | null][] = [
      ['stage', r.stage],
      ['status', r.status],
      ['county', r.county],
      ['orgKind', r.org_kind],
      ['year', r.year === null ? null : String(r.year)],
      ['language', r.language],
      ['lessons', String(r.lessons)],
      ['adopted', String(r.adoption_count > 0)],
    ];
    for (const [f, v] of singles) this.single[f]!.set(slot, this.dict[f].code(v));
    const multis: [Facet, string[]][] = [
      ['type', r.types],
      ['theme', r.themes],
      ['actor', r.actors],
    ];
    for (const [f, vs] of multis) this.multi[f]!.set(slot, [...new Set(vs)].map((v) => this.dict[f].code(v)));
    const title = new Set(r.title_lexemes ? r.title_lexemes.split(' ').filter(Boolean) : []);
    this.titleStems[slot] = title.size ? [...title] : undefined;
    for (const { stem, positions } of r.vector ? parseTsvector(r.vector) : []) this.postings.add(stem, slot, title.has(stem), positions);
  }

  /**
   * The read rule of cases.access.ts for slots, from the viewer's resolved plan: the state part as a
   * table by (published, visibility) so a walk over 100k slots stays a lookup, then membership.
   */
  private readerFor(viewer: Viewer): (slot: number) => boolean {
    const plan = readPlan(viewer);
    const table = new Uint8Array(2 * VISIBILITY.length);
    for (let p = 0; p < 2; p++) VISIBILITY.forEach((v, i) => (table[p * VISIBILITY.length + i] = stateReadable(plan, p === 1, v) ? 1 : 0));
    const published = this.published.data;
    const visibility = this.visibility.data;
    const orgIds = plan.orgIds;
    return (slot) => {
      if (table[published[slot]! * VISIBILITY.length + visibility[slot]!]) return true;
      if (orgIds.length === 0) return false;
      return orgIds.includes(this.owner[slot]!) || (this.coowners.get(slot)?.some((id) => orgIds.includes(id)) ?? false);
    };
  }

  /** Marks, per slot, whether all stems of one option of a term occur (title: all in the title). */
  private termMask(term: TermStems, out: Uint8Array, title: Uint8Array | null) {
    const { slots, titles } = this.postings;
    for (const option of term.options) {
      if (option.length === 0) continue;
      const lists = option.map((s) => this.postings.find(s));
      if (lists.some((p) => !p)) continue;
      if (lists.length === 1) {
        const p = lists[0]!;
        for (let i = p.from; i < p.to; i++) {
          out[slots[i]!] = 1;
          if (title && titles[i]) title[slots[i]!] = 1;
        }
        for (const e of p.extra ?? []) {
          out[e.slot] = 1;
          if (title && e.title) title[e.slot] = 1;
        }
        continue;
      }
      // Several stems (a multi-word alternative): count them per slot; all must be there.
      const count = new Uint8Array(this.slots);
      const titleCount = title ? new Uint8Array(this.slots) : null;
      for (const p of lists) {
        for (let i = p!.from; i < p!.to; i++) {
          count[slots[i]!]!++;
          if (titleCount && titles[i]) titleCount[slots[i]!]!++;
        }
        for (const e of p!.extra ?? []) {
          count[e.slot]!++;
          if (titleCount && e.title) titleCount[e.slot]!++;
        }
      }
      const need = lists.length;
      for (let s = 0; s < this.slots; s++) {
        if (count[s] === need) out[s] = 1;
        if (titleCount && title && titleCount[s] === need) title[s] = 1;
      }
    }
  }

  /**
   * The cases a viewer may see that match the query (null: every case) and pass the filters, with
   * each facet counted under every other active filter, as search.queries.ts does in SQL.
   * Typed arrays throughout: at 100k cases a broad word matches 50–80k of them.
   */
  search(viewer: Viewer, query: IndexQuery | null, filters: Filters, ownerOrgId?: string, options: { restrict?: Set<string>; facets?: boolean } = {}): IndexResult {
    const restrict = options.restrict;
    const countFacets = options.facets !== false;
    const n = this.slots;
    const alive = this.alive.data;
    const terms = query ? [...query.groups, ...query.phrases.map((p) => [p])] : [];
    const termMasks = terms.map((alternatives) => {
      const mask = new Uint8Array(n);
      const title = new Uint8Array(n);
      for (const alt of alternatives) this.termMask(alt, mask, title);
      return { mask, title };
    });
    // Phrases: of the cases holding all the stems, keep those where they stand in the phrase's order.
    if (query) {
      query.phrases.forEach((_, p) => {
        const patterns = query.phrasePatterns?.[p];
        if (!patterns) return;
        const { mask, title } = termMasks[query.groups.length + p]!;
        for (let s = 0; s < n; s++) {
          if (!mask[s]) continue;
          if (!patterns.some((pattern) => this.hasPhrase(s, pattern))) {
            mask[s] = 0;
            title[s] = 0;
          }
        }
      });
    }

    // Which slots match: OR over the groups (every slot if there are only phrases), AND every phrase, NOT any exclusion.
    let match: Uint8Array;
    if (query) {
      match = new Uint8Array(n);
      const groupCount = query.groups.length;
      if (groupCount === 0) match.fill(1);
      else
        for (let g = 0; g < groupCount; g++) {
          const m = termMasks[g]!.mask;
          for (let s = 0; s < n; s++) match[s]! |= m[s]!;
        }
      for (let p = groupCount; p < termMasks.length; p++) {
        const m = termMasks[p]!.mask;
        for (let s = 0; s < n; s++) match[s]! &= m[s]!;
      }
      for (const e of query.excluded) {
        const m = new Uint8Array(n);
        this.termMask(e, m, null);
        for (let s = 0; s < n; s++) if (m[s]) match[s] = 0;
      }
    } else {
      match = alive;
    }

    // Visible matches (the viewer, the owner filter, the verified phrase set).
    const visible = new Uint32Array(n);
    const readable = this.readerFor(viewer);
    let nv = 0;
    for (let s = 0; s < n; s++) {
      if (!match[s] || !alive[s]) continue;
      if (restrict && !restrict.has(this.ids[s]!)) continue;
      if (!readable(s)) continue;
      if (ownerOrgId && this.owner[s] !== ownerOrgId && !(this.coowners.get(s)?.includes(ownerOrgId) ?? false)) continue;
      visible[nv++] = s;
    }

    // Term weights over the visible matches, before filters (as the SQL does).
    const termWeights = termMasks.map(({ mask }) => {
      let c = 0;
      for (let i = 0; i < nv; i++) c += mask[visible[i]!]!;
      return Math.log(1 + nv / Math.max(c, 1));
    });

    // Each facet as arrays, its active filter as a lookup table by code.
    const dims = FACETS.map((f, i) => {
      const values = filters[f];
      let allowed: Uint8Array | null = null;
      if (values?.length) {
        allowed = new Uint8Array(this.dict[f].values.length);
        for (const v of values) {
          const c = this.dict[f].find(v);
          if (c !== undefined) allowed[c] = 1;
        }
      }
      return {
        facet: f,
        multi: MULTI.has(f) ? this.multi[f]! : null,
        single: MULTI.has(f) ? null : this.single[f]!.data,
        allowed,
        bit: allowed ? 1 << i : 0,
        counts: new Uint32Array(this.dict[f].values.length),
      };
    });
    const all = dims.reduce((acc, d) => acc | d.bit, 0);
    // Which active filters each visible match passes (a bit per facet), one filter at a time.
    const passed = new Uint16Array(nv);
    for (const d of dims) {
      if (!d.allowed) continue;
      const allowed = d.allowed;
      if (d.single) {
        const col = d.single;
        for (let i = 0; i < nv; i++) if (allowed[col[visible[i]!]!]) passed[i]! |= d.bit;
      } else {
        const start = d.multi!.start.data;
        const len = d.multi!.length.data;
        const pool = d.multi!.pool.data;
        for (let i = 0; i < nv; i++) {
          const from = start[visible[i]!]!;
          const to = from + len[visible[i]!]!;
          for (let k = from; k < to; k++) if (allowed[pool[k]!]) { passed[i]! |= d.bit; break; }
        }
      }
    }
    const out = new Uint32Array(nv);
    let no = 0;
    for (let i = 0; i < nv; i++) if (passed[i] === all) out[no++] = visible[i]!;
    // Each facet counted over the matches that pass every other filter: column by column.
    if (countFacets) {
      for (const d of dims) {
        const counts = d.counts;
        const need = all & ~d.bit;
        if (d.single) {
          const col = d.single;
          if (need === 0) for (let i = 0; i < nv; i++) counts[col[visible[i]!]!]!++;
          else for (let i = 0; i < nv; i++) if ((passed[i]! & need) === need) counts[col[visible[i]!]!]!++;
        } else {
          const start = d.multi!.start.data;
          const len = d.multi!.length.data;
          const pool = d.multi!.pool.data;
          for (let i = 0; i < nv; i++) {
            if ((passed[i]! & need) !== need) continue;
            const from = start[visible[i]!]!;
            const to = from + len[visible[i]!]!;
            for (let k = from; k < to; k++) counts[pool[k]!]!++;
          }
        }
      }
    }
    const facets = Object.fromEntries(
      dims.map((d) => {
        const list: { value: string; count: number }[] = [];
        // Code 0 is "no value": not a facet entry.
        for (let c = 1; c < d.counts.length; c++) if (d.counts[c]) list.push({ value: this.dict[d.facet].values[c]!, count: d.counts[c]! });
        list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value, 'nb'));
        return [d.facet, list];
      }),
    ) as IndexResult['facets'];
    return { slots: out.subarray(0, no), termMasks: termMasks.map((t) => t.mask), titleMasks: termMasks.map((t) => t.title), termWeights, facets };
  }

  /** What the search results need of a slot. */
  idOf(slot: number): string {
    return this.ids[slot]!;
  }
  publishedMsOf(slot: number): number {
    return this.publishedMs.data[slot]!;
  }
  adoptionCountOf(slot: number): number {
    return this.adoptionCount.data[slot]!;
  }

  /** Does the case (slot) contain the stems at the pattern's distances from one another? */
  private hasPhrase(slot: number, pattern: PhrasePattern): boolean {
    const lists = pattern.map((w) => this.postings.positionsIn(w.stem, slot));
    if (lists.some((l) => !l)) return false;
    const first = lists[0]!;
    for (let i = 0; i < first.length; i++) {
      const base = first[i]! - pattern[0]!.offset;
      let all = true;
      for (let k = 1; k < pattern.length && all; k++) all = lists[k]!.includes(base + pattern[k]!.offset);
      if (all) return true;
    }
    return false;
  }

  /** May the viewer see this case (false for an unknown id)? */
  canSee(viewer: Viewer, caseId: string): boolean {
    const slot = this.slotById.get(caseId);
    return slot !== undefined && this.readerFor(viewer)(slot);
  }

  /**
   * Cases like this one: those sharing words of its title in their titles, each shared word worth
   * its rarity (ln(cases / cases with it in a title)), plus 0.3 per shared main theme; published
   * ones the viewer may see. No SQL: the case page asks for this on every view.
   *
   * The rarity is counted over the same cases the list is drawn from (published, readable by this
   * viewer): counted over every case, a hidden case's title words would change the weights, and so
   * the order of what the viewer sees (issue 14, finding 9).
   */
  similarTo(viewer: Viewer, caseId: string, limit: number): { id: string; score: number }[] {
    const self = this.slotById.get(caseId);
    if (self === undefined) return [];
    const readable = this.readerFor(viewer);
    const alive = this.alive.data;
    const published = this.published.data;
    const counted = (s: number) => alive[s] === 1 && published[s] === 1 && readable(s);
    const stems = this.titleStems[self] ?? [];
    const scores = new Map<number, number>();
    let total = 0;
    for (let s = 0; s < this.slots; s++) if (counted(s)) total++;
    total = Math.max(total, 1);
    const { slots, titles } = this.postings;
    for (const stem of stems) {
      const p = this.postings.find(stem);
      if (!p) continue;
      // The readable slots that have the stem in their title (from the shared range and the overflow).
      const inTitle: number[] = [];
      for (let i = p.from; i < p.to; i++) if (titles[i] && counted(slots[i]!)) inTitle.push(slots[i]!);
      for (const e of p.extra ?? []) if (e.title && counted(e.slot)) inTitle.push(e.slot);
      const idf = Math.log(total / Math.max(inTitle.length, 1));
      for (const s of inTitle) if (s !== self) scores.set(s, (scores.get(s) ?? 0) + idf);
    }
    const myThemes = this.multi.theme!.codesOf(self);
    const ranked: { slot: number; score: number }[] = [];
    for (const [s, base] of scores) {
      let shared = 0;
      if (myThemes.length) for (const c of this.multi.theme!.codesOf(s)) if (myThemes.includes(c)) shared++;
      ranked.push({ slot: s, score: base + 0.3 * shared });
    }
    ranked.sort((a, b) => b.score - a.score || this.publishedMs.data[b.slot]! - this.publishedMs.data[a.slot]!);
    return ranked.slice(0, limit).map((r) => ({ id: this.ids[r.slot]!, score: r.score }));
  }
}
