/**
 * A small seeded pseudo-random generator for the benchmark data: the same seed gives the same
 * numbers on every machine and Node version (no Math.random, no Date.now, no locale-dependent calls).
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator) seeded through cyrb128: 128 bits of
 * state, passes PractRand far beyond what a data generator needs, and costs a few integer operations
 * per number. Every record can get its own stream (`Rng.for(seed, 'case', i)`), so record i is the
 * same whatever else was generated before it, and records can be made lazily or in any order.
 */

/** Four 32-bit words from a string (cyrb128 by bryc, public domain). */
export function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed);
    // The first outputs of a freshly seeded sfc32 are weakly mixed: discard a few.
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** An independent stream for one record or one purpose: `Rng.for(seed, 'case', 17)`. */
  static for(seed: string, ...path: (string | number)[]): Rng {
    return new Rng(`${seed}\u241f${path.join('\u241f')}`);
  }

  u32(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    let t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    t = (t + this.d) | 0;
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks from `[value, weight]` pairs. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let x = this.next() * total;
    for (const [v, w] of pairs) {
      x -= w;
      if (x < 0) return v;
    }
    return pairs[pairs.length - 1]![0];
  }

  /** `k` distinct items in random order (k is capped at the list length). */
  sample<T>(items: readonly T[], k: number): T[] {
    const n = Math.min(k, items.length);
    const chosen = new Set<number>();
    const out: T[] = [];
    // Rejection sampling: cheap while k is small against the list, which is how it is used here.
    if (n * 2 <= items.length) {
      while (out.length < n) {
        const i = Math.floor(this.next() * items.length);
        if (!chosen.has(i)) {
          chosen.add(i);
          out.push(items[i]!);
        }
      }
      return out;
    }
    return this.shuffle([...items]).slice(0, n);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /** Roughly normal (Irwin–Hall of 4), for scores that cluster around a mean. */
  normalish(mean: number, spread: number): number {
    const s = this.next() + this.next() + this.next() + this.next() - 2;
    return mean + s * spread;
  }
}

/** Cumulative weights for fast repeated weighted picks from a large list (binary search). */
export class WeightedTable<T> {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(
    private readonly items: readonly T[],
    weight: (item: T) => number,
  ) {
    this.cumulative = new Float64Array(items.length);
    let sum = 0;
    items.forEach((item, i) => {
      sum += Math.max(0, weight(item));
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  pick(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}
