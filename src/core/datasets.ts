import type { Db } from '../db/database.js';
import type { Lang } from '../i18n/index.js';

/**
 * The one place where open-data exports are registered (CONVENTIONS.md habit 14). Each entry says
 * what the dataset is (titles, column descriptions in nb/nn/en) and how to read it in batches; the
 * export routes (`/open-data/<id>.csv|.json`), the documentation page `/open-data` and the
 * DCAT-AP-NO catalogue all come from this list, so a feature that adds a dataset here appears in all
 * three. A dataset must only ever yield what an anonymous visitor may see.
 */

export type Text = Record<Lang, string>;

export type ColumnType = 'id' | 'string' | 'text' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'uri' | 'list';

export interface Column {
  name: string;
  type: ColumnType;
  description: Text;
}

/** A row as exported: one value per column; lists are arrays (joined with « | » in CSV). */
export type Row = Record<string, string | number | boolean | null | string[]>;

export interface Dataset {
  /** File name stem: `/open-data/<id>.csv`. */
  id: string;
  title: Text;
  description: Text;
  keywords: Text;
  /** LOS theme of the data (DCAT requires at least one theme besides the EU data theme). */
  losTheme: string;
  /** Where a person can browse the same data on the site. */
  landingPage: string;
  columns: Column[];
  /** Batches of rows in a stable order, only what an anonymous visitor may see. */
  batches(db: Db, site: Site): AsyncIterable<Row[]>;
  /** A cheap summary of the data's state, for ETag and Last-Modified; null when it cannot tell. */
  fingerprint(db: Db): Promise<{ tag: string; lastModified: Date | null } | null>;
}

/** Where the site is reached (absolute links in the data). */
export interface Site {
  baseUrl: string;
}

const registry: Dataset[] = [];

/** Adds a dataset to the catalogue; ids are unique. */
export function registerDataset(dataset: Dataset): void {
  if (!/^[a-z][a-z0-9-]*$/.test(dataset.id)) throw new Error(`bad dataset id ${dataset.id}`);
  if (registry.some((d) => d.id === dataset.id)) throw new Error(`dataset ${dataset.id} registered twice`);
  registry.push(dataset);
}

/** Every registered dataset, in registration order. */
export function datasets(): readonly Dataset[] {
  return registry;
}

export function findDataset(id: string): Dataset | undefined {
  return registry.find((d) => d.id === id);
}

/** Reads a table in keyset batches until a batch comes back short. */
export async function* keysetBatches<T extends { id: string }>(read: (after: string, limit: number) => Promise<T[]>, map: (row: T) => Row, size = 1000): AsyncGenerator<Row[]> {
  let after = '0';
  for (;;) {
    const rows = await read(after, size);
    if (rows.length === 0) return;
    yield rows.map(map);
    if (rows.length < size) return;
    after = rows[rows.length - 1]!.id;
  }
}
