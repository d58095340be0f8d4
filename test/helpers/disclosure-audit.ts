/**
 * The disclosure audit the tests run (issue 14): given every table a viewer obtained — each as the set
 * of answers it sums and its published size — and the answers themselves, it checks that no protected
 * set of answers is determined. It shares no code with disclosure.ts: rational arithmetic with BigInt
 * (exact, no modulus), and integer enumeration for small cases.
 *
 * Model. The unknowns are the answers' classes: answers that every published table treats alike (the
 * same membership everywhere) are one class, since no combination of tables can tell them apart. A
 * published table with exact figures gives, for every item and option, one equation over the classes
 * with the same coefficients (1 for the classes it sums), so «a set's figures are determined by linear
 * reasoning» is «its indicator lies in the row space of the published tables»; a set that is not a
 * union of classes is never determined. For the sizes themselves the audit also runs exact integer
 * reasoning (min and max of the set's size over every non-negative integer solution of the published
 * sizes) when there are few classes.
 */

export interface AuditAnswer {
  org: string;
  county: string;
  kind: string;
  sector: string;
  size: string;
}

export interface PublishedTable {
  /** Where it came from, for messages. */
  source: string;
  /** Indexes of the answers it sums. */
  members: number[];
  n: number;
}

export interface ProtectedSet {
  why: string;
  members: number[];
}

export interface AuditResult {
  classes: number;
  tables: number;
  checked: number;
  /** Protected sets whose figures follow from the tables by linear reasoning. */
  determined: string[];
  /** Protected sets whose size is pinned by integer reasoning (small cases only). */
  pinned: string[];
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Row-reduced integer basis (fraction-free, each row divided by its content): exact over the rationals. */
class RationalSpan {
  private rows: { pivot: number; v: bigint[] }[] = [];
  constructor(private readonly width: number) {}
  private reduce(v: bigint[]): bigint[] {
    let w = v;
    for (const { pivot, v: r } of this.rows) {
      const f = w[pivot]!;
      if (f === 0n) continue;
      const p = r[pivot]!;
      w = w.map((x, j) => x * p - f * r[j]!);
      let g = 0n;
      for (const x of w) if (x !== 0n) g = gcd(g, x);
      if (g > 1n) w = w.map((x) => x / g);
    }
    return w;
  }
  add(v: bigint[]): void {
    const w = this.reduce(v);
    const pivot = w.findIndex((x) => x !== 0n);
    if (pivot < 0) return;
    // Keep the basis reduced, so reduction is a single pass.
    for (const row of this.rows) {
      const f = row.v[pivot]!;
      if (f === 0n) continue;
      const p = w[pivot]!;
      row.v = row.v.map((x, j) => x * p - f * w[j]!);
      let g = 0n;
      for (const x of row.v) if (x !== 0n) g = gcd(g, x);
      if (g > 1n) row.v = row.v.map((x) => x / g);
    }
    this.rows.push({ pivot, v: w });
  }
  contains(v: bigint[]): boolean {
    return this.reduce(v).every((x) => x === 0n);
  }
  get width_(): number {
    return this.width;
  }
}

/** Min and max of Σ x over `target` for non-negative integers x with Σ x over each row = its n. */
function integerRange(width: number, rows: { cols: number[]; n: number }[], target: Set<number>): [number, number] | null {
  const upper = Array.from({ length: width }, (_, c) => Math.min(...rows.filter((r) => r.cols.includes(c)).map((r) => r.n), 1000));
  const x = new Array<number>(width).fill(0);
  let lo = Infinity;
  let hi = -Infinity;
  const rowOf = rows.map((r) => ({ ...r, last: Math.max(...r.cols) }));
  const walk = (c: number) => {
    for (const r of rowOf) {
      let s = 0;
      for (const k of r.cols) if (k < c) s += x[k]!;
      if (s > r.n || (r.last < c && s !== r.n)) return;
    }
    if (c === width) {
      let t = 0;
      for (const k of target) t += x[k]!;
      lo = Math.min(lo, t);
      hi = Math.max(hi, t);
      return;
    }
    for (let v = 0; v <= upper[c]!; v++) {
      x[c] = v;
      walk(c + 1);
    }
    x[c] = 0;
  };
  walk(0);
  return lo === Infinity ? null : [lo, hi];
}

/** Runs the audit. `protectedSets` are sets of answers no table combination may determine. */
export function audit(answers: AuditAnswer[], tables: PublishedTable[], protectedSets: ProtectedSet[], options: { integerUpTo?: number } = {}): AuditResult {
  // Classes: answers with the same membership in every table.
  const signature = answers.map(() => [] as number[]);
  tables.forEach((t, i) => {
    for (const a of t.members) signature[a]!.push(i);
  });
  const classOf = new Map<string, number>();
  const cls = signature.map((s) => {
    const k = s.join(',');
    let c = classOf.get(k);
    if (c === undefined) classOf.set(k, (c = classOf.size));
    return c;
  });
  const width = classOf.size;
  const classSize = new Array<number>(width).fill(0);
  for (const c of cls) classSize[c]!++;
  const rowVec = (members: number[]) => {
    const v = new Array<bigint>(width).fill(0n);
    for (const c of new Set(members.map((a) => cls[a]!))) v[c] = 1n;
    return v;
  };
  const span = new RationalSpan(width);
  for (const t of tables) span.add(rowVec(t.members));
  const rows = tables.map((t) => ({ cols: [...new Set(t.members.map((a) => cls[a]!))], n: t.n }));

  const determined: string[] = [];
  const pinned: string[] = [];
  let checked = 0;
  for (const s of protectedSets) {
    if (s.members.length === 0) continue;
    checked++;
    // A set that splits a class is not a combination of tables.
    const inSet = new Map<number, number>();
    for (const a of s.members) inSet.set(cls[a]!, (inSet.get(cls[a]!) ?? 0) + 1);
    const whole = [...inSet].every(([c, k]) => k === classSize[c]);
    if (!whole) continue;
    if (span.contains(rowVec(s.members))) determined.push(s.why);
    if (width <= (options.integerUpTo ?? 0)) {
      const range = integerRange(width, rows, new Set(inSet.keys()));
      if (range && range[0] === range[1] && range[0] > 0) pinned.push(`${s.why} (size ${range[0]})`);
    }
  }
  return { classes: width, tables: tables.length, checked, determined, pinned };
}

/** Does a set of answers meet the group rule (≥ 5 answers, ≥ 3 organisations, none over half)? Written from the README. */
export function meetsGroupRule(answers: AuditAnswer[], members: number[]): boolean {
  const byOrg = new Map<string, number>();
  for (const a of members) byOrg.set(answers[a]!.org, (byOrg.get(answers[a]!.org) ?? 0) + 1);
  const n = members.length;
  return n >= 5 && byOrg.size >= 3 && Math.max(...byOrg.values()) * 2 <= n;
}

/**
 * The protected sets of a round for a viewer who may open the own tables of `visibleOrgs`: every
 * finest cell, pair of cells within a county, organisation, organisation's part of a cell and group
 * (any ≤ 2 dimensions) that breaks the group rule — each taken without the viewer's own
 * organisations' answers (a set made of the viewer's own answers and a shown group is no secret to
 * it; the rest of it is) — and the viewer's own organisations' parts of fewer than 5 answers.
 */
export function protectedSetsFor(answers: AuditAnswer[], visibleOrgs: Set<string>, groups: { key: string; members: number[] }[]): ProtectedSet[] {
  const out: ProtectedSet[] = [];
  const push = (why: string, members: number[]) => {
    const rest = members.filter((a) => !visibleOrgs.has(answers[a]!.org));
    if (rest.length && !meetsGroupRule(answers, rest)) out.push({ why: rest.length < members.length ? `${why} without own` : why, members: rest });
  };
  const by = (key: (a: AuditAnswer) => string) => {
    const m = new Map<string, number[]>();
    answers.forEach((a, i) => {
      const k = key(a);
      const list = m.get(k);
      if (list) list.push(i);
      else m.set(k, [i]);
    });
    return m;
  };
  const cells = [...by((a) => `${a.county}|${a.kind}|${a.sector}|${a.size}`)];
  for (const [k, m] of cells) push(`cell ${k}`, m);
  for (let i = 0; i < cells.length; i++) {
    for (let j = i + 1; j < cells.length; j++) {
      if (cells[i]![0].split('|')[0] !== cells[j]![0].split('|')[0]) continue;
      push(`cells ${cells[i]![0]} + ${cells[j]![0]}`, [...cells[i]![1], ...cells[j]![1]]);
    }
  }
  for (const [org, m] of by((a) => a.org)) push(`organisation ${org}`, m);
  for (const [k, m] of by((a) => `${a.org}|${a.county}|${a.kind}|${a.sector}|${a.size}`)) {
    if (visibleOrgs.has(k.split('|')[0]!)) {
      // Own organisation: its parts of fewer than 5 answers stay protected from its own members too.
      if (m.length < 5) out.push({ why: `own part ${k}`, members: m });
    } else push(`organisation part ${k}`, m);
  }
  for (const g of groups) push(`group ${g.key}`, g.members);
  return out;
}
