/**
 * Exact linear algebra modulo a prime below 2^26 (products stay exact in doubles), for rule 3 of
 * disclosure.ts: which combinations of shown groups a reader can derive.
 */


const P = 67_108_859;
function inv(a: number): number {
  let [t, newT, r, newR] = [0, 1, P, a % P];
  while (newR !== 0) {
    const q = Math.floor(r / newR);
    [t, newT] = [newT, t - q * newT];
    [r, newR] = [newR, r - q * newR];
  }
  return t < 0 ? t + P : t;
}

/**
 * A reduced row-echelon basis of the rows added, each remembering which added rows it combines, so a
 * vector found in the span can be traced back to the groups that produce it.
 */
export class Span {
  private rows: { pivot: number; v: Float64Array; combo: Map<number, number> }[] = [];
  constructor(private readonly width: number) {}
  private static axpy(into: Map<number, number>, f: number, from: Map<number, number>) {
    for (const [k, x] of from) {
      const y = ((((into.get(k) ?? 0) - f * x) % P) + P) % P;
      if (y === 0) into.delete(k);
      else into.set(k, y);
    }
  }
  private reduced(v: Float64Array): { w: Float64Array; combo: Map<number, number> } {
    const w = Float64Array.from(v);
    const combo = new Map<number, number>();
    for (const { pivot, v: r, combo: rc } of this.rows) {
      const f = w[pivot]!;
      if (f === 0) continue;
      for (let j = pivot; j < this.width; j++) if (r[j] !== 0) w[j] = (((w[j]! - f * r[j]!) % P) + P) % P;
      Span.axpy(combo, P - f, rc);
    }
    return { w, combo };
  }
  /** Adds row `id`. */
  add(v: Float64Array, id: number): void {
    const { w, combo: used } = this.reduced(v);
    const pivot = w.findIndex((x) => x !== 0);
    if (pivot < 0) return;
    const combo = new Map<number, number>([[id, 1]]);
    Span.axpy(combo, 1, used);
    const k = inv(w[pivot]!);
    for (let j = pivot; j < this.width; j++) w[j] = (w[j]! * k) % P;
    for (const [key, x] of combo) combo.set(key, (x * k) % P);
    for (const row of this.rows) {
      const f = row.v[pivot]!;
      if (f === 0) continue;
      for (let j = pivot; j < this.width; j++) if (w[j] !== 0) row.v[j] = (((row.v[j]! - f * w[j]!) % P) + P) % P;
      Span.axpy(row.combo, f, combo);
    }
    this.rows.push({ pivot, v: w, combo });
  }
  /** The added rows that combine to `v` (ids), or null when `v` is not in the span. */
  explain(v: Float64Array): number[] | null {
    const { w, combo } = this.reduced(v);
    return w.every((x) => x === 0) ? [...combo.keys()] : null;
  }
  /**
   * Each column's coordinates in a basis of the null space: a set of columns is in the span exactly
   * when its columns' profiles add up to zero (so derivable pairs are found by hashing, not by trying
   * every pair).
   */
  profiles(): string[] {
    const pivotRow = new Map(this.rows.map((r) => [r.pivot, r]));
    const free: number[] = [];
    for (let j = 0; j < this.width; j++) if (!pivotRow.has(j)) free.push(j);
    const out: string[] = [];
    for (let c = 0; c < this.width; c++) {
      const row = pivotRow.get(c);
      out.push(free.map((f) => (row ? (P - row.v[f]!) % P : f === c ? 1 : 0)).join(','));
    }
    return out;
  }
  /** The profile of −(a column), to look up partners. */
  static negate(profile: string): string {
    return profile
      .split(',')
      .map((x) => String((P - Number(x)) % P))
      .join(',');
  }
}
