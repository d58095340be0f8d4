import type { DbOrTrx } from '../db/database.js';
import { CaseSearchIndex } from './search.index.js';
import { caseRowsAfter, readChanges, snapshotWatermark } from './search.index.queries.js';

// One index per database, built on first use and kept current before every search.

/** Reads every case, in batches (bounded memory), into a new index. */
export async function buildIndex(db: DbOrTrx, batch = 5000): Promise<CaseSearchIndex> {
  const index = new CaseSearchIndex();
  // The watermark first: whatever is written while we read is read again by the first sync.
  const watermark = await snapshotWatermark(db);
  let after = '0';
  for (;;) {
    const rows = await caseRowsAfter(db, after, batch);
    if (rows.length === 0) break;
    index.apply(rows, [], watermark);
    after = rows[rows.length - 1]!.id;
    if (rows.length < batch) break;
  }
  index.apply([], [], watermark);
  index.finishBuild();
  return index;
}

interface Holder {
  index: CaseSearchIndex | null;
  building: Promise<CaseSearchIndex> | null;
}
const holders = new WeakMap<object, Holder>();

/** Above this share of replaced slots the index is rebuilt in the background (then swapped). */
const REBUILD_WASTE = 0.3;

function startBuild(db: DbOrTrx, holder: Holder): Promise<CaseSearchIndex> {
  if (!holder.building) {
    holder.building = buildIndex(db).then(
      (index) => {
        holder.index = index;
        holder.building = null;
        return index;
      },
      (err: unknown) => {
        holder.building = null;
        throw err;
      },
    );
  }
  return holder.building;
}

/**
 * The index for this database with every write committed so far applied: built on first use
 * (concurrent callers share the build), then brought up to date with one statement per call.
 */
export async function syncedIndex(db: DbOrTrx): Promise<CaseSearchIndex> {
  let holder = holders.get(db);
  if (!holder) holders.set(db, (holder = { index: null, building: null }));
  const index = holder.index ?? (await startBuild(db, holder));
  const changes = await readChanges(db, index.watermark ?? '0', null);
  index.apply(changes.rows, changes.deleted, changes.watermark);
  if (index.waste > REBUILD_WASTE && !holder.building) void startBuild(db, holder).catch(() => undefined);
  return index;
}
