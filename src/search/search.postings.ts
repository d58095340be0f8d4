import { Column } from './search.columns.js';

/**
 * For every stem, the slots of the cases that contain it and whether it is in their title.
 *
 * Built once as one compressed layout (CSR: an offset per stem into two shared arrays), so 100k
 * cases' ~15M postings are three typed arrays rather than 600k small objects each with its own
 * buffers (which every garbage collection would have to walk). Cases added or changed after the
 * build go to a small overflow list per stem (slot × 2 + title) until the next rebuild.
 */
export class PostingStore {
  private readonly ids = new Map<string, number>();
  // Word positions of every posting, in one pool; a posting points at its run.
  private readonly pool = new Column(new Uint16Array(1 << 16));
  private used = 0;
  // While building: one (stem, slot, title, positions) entry per posting, in slot order.
  private building: { lex: Column<Uint32Array>; slot: Column<Uint32Array>; title: Column<Uint8Array>; pos: Column<Uint32Array>; npos: Column<Uint8Array>; n: number } | null = {
    lex: new Column(new Uint32Array(1 << 16)),
    slot: new Column(new Uint32Array(1 << 16)),
    title: new Column(new Uint8Array(1 << 16)),
    pos: new Column(new Uint32Array(1 << 16)),
    npos: new Column(new Uint8Array(1 << 16)),
    n: 0,
  };
  offsets = new Uint32Array(1);
  slots = new Uint32Array(0);
  titles = new Uint8Array(0);
  posStart = new Uint32Array(0);
  posCount = new Uint8Array(0);
  private readonly overflow = new Map<number, { slot: number; title: boolean; start: number; count: number }[]>();

  private idOf(stem: string): number {
    let id = this.ids.get(stem);
    if (id === undefined) this.ids.set(stem, (id = this.ids.size));
    return id;
  }

  add(stem: string, slot: number, title: boolean, positions: number[]) {
    const id = this.idOf(stem);
    const start = this.used;
    const count = Math.min(positions.length, 255);
    for (let k = 0; k < count; k++) this.pool.set(this.used++, positions[k]!);
    const b = this.building;
    if (b) {
      b.lex.set(b.n, id);
      b.slot.set(b.n, slot);
      b.title.set(b.n, title ? 1 : 0);
      b.pos.set(b.n, start);
      b.npos.set(b.n, count);
      b.n++;
      return;
    }
    let list = this.overflow.get(id);
    if (!list) this.overflow.set(id, (list = []));
    list.push({ slot, title, start, count });
  }

  /** Lays the postings out by stem (a counting sort: slot order is kept within each stem). */
  finish() {
    const b = this.building;
    if (!b) return;
    const stems = this.ids.size;
    const offsets = new Uint32Array(stems + 1);
    for (let i = 0; i < b.n; i++) offsets[b.lex.data[i]! + 1]!++;
    for (let k = 0; k < stems; k++) offsets[k + 1]! += offsets[k]!;
    const next = offsets.slice(0, stems);
    const slots = new Uint32Array(b.n);
    const titles = new Uint8Array(b.n);
    const posStart = new Uint32Array(b.n);
    const posCount = new Uint8Array(b.n);
    for (let i = 0; i < b.n; i++) {
      const at = next[b.lex.data[i]!]!++;
      slots[at] = b.slot.data[i]!;
      titles[at] = b.title.data[i]!;
      posStart[at] = b.pos.data[i]!;
      posCount[at] = b.npos.data[i]!;
    }
    Object.assign(this, { offsets, slots, titles, posStart, posCount });
    this.building = null;
  }

  /** Where a stem's postings are: a range of the shared arrays plus its overflow list; null if no case has it. */
  find(stem: string): { from: number; to: number; extra: { slot: number; title: boolean; start: number; count: number }[] | undefined } | null {
    const id = this.ids.get(stem);
    if (id === undefined) return null;
    const from = id + 1 < this.offsets.length ? this.offsets[id]! : 0;
    const to = id + 1 < this.offsets.length ? this.offsets[id + 1]! : 0;
    const extra = this.overflow.get(id);
    return from === to && !extra ? null : { from, to, extra };
  }

  /** The word positions of a stem in one case (slot), or null when the case does not contain it. */
  positionsIn(stem: string, slot: number): Uint16Array | null {
    const p = this.find(stem);
    if (!p) return null;
    // The shared range is in slot order: binary search.
    let lo = p.from;
    let hi = p.to - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.slots[mid]!;
      if (s === slot) return this.pool.data.subarray(this.posStart[mid]!, this.posStart[mid]! + this.posCount[mid]!);
      if (s < slot) lo = mid + 1;
      else hi = mid - 1;
    }
    for (const e of p.extra ?? []) if (e.slot === slot) return this.pool.data.subarray(e.start, e.start + e.count);
    return null;
  }
}
