// The typed-array storage the in-memory index (search.index.ts) keeps its cases' facets and
// postings in: growable columns, runs of codes per slot, and facet values as small integers.

/** A growable column of numbers. */
export class Column<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array> {
  constructor(public data: T) {}
  set(i: number, v: number) {
    if (i >= this.data.length) {
      const bigger = new (this.data.constructor as new (n: number) => T)(Math.max(i + 1, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[i] = v;
  }
}

/**
 * A multi-valued facet: each slot's codes are a run in one growing pool (start and length per
 * slot). Typed arrays only, so counting over 70k matches stays a tight loop.
 */
export class MultiColumn {
  start = new Column(new Uint32Array(1024));
  length = new Column(new Uint8Array(1024));
  pool = new Column(new Uint16Array(4096));
  used = 0;
  set(slot: number, codes: number[]) {
    this.start.set(slot, this.used);
    this.length.set(slot, Math.min(codes.length, 255));
    for (const c of codes.slice(0, 255)) this.pool.set(this.used++, c);
  }
  codesOf(slot: number): number[] {
    const from = this.start.data[slot]!;
    return Array.from(this.pool.data.subarray(from, from + this.length.data[slot]!));
  }
}

/** Values of one facet as small integers (0 = none). */
export class Dictionary {
  private readonly codes = new Map<string, number>();
  readonly values: string[] = [''];
  code(value: string | null | undefined): number {
    if (value === null || value === undefined || value === '') return 0;
    let c = this.codes.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(value);
      this.codes.set(value, c);
    }
    return c;
  }
  find(value: string): number | undefined {
    return this.codes.get(value);
  }
}
