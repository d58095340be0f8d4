import type { Db } from '../db/database.js';
import type { Lang } from '../i18n/index.js';

/**
 * What an open-data export is. A feature lists its datasets in its manifest (`datasets`), and the
 * open-data feature reads them from the registry: each entry says what the dataset is (titles,
 * column descriptions in nb/nn/en) and how to read it in batches; the export routes
 * (`/open-data/<id>.csv|.json`), the documentation page `/open-data` and the DCAT-AP-NO catalogue
 * all come from that list, so a feature that adds a dataset appears in all three. A dataset must
 * only ever yield what an anonymous visitor may see.
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
  /** Place in the catalogue (lowest first): the page, the routes and the DCAT catalogue list datasets in this order. */
  order: number;
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

/** Dataset ids: the file name stem of its exports. */
export const DATASET_ID = /^[a-z][a-z0-9-]*$/;

/** A text in the three languages. */
export const text = (nb: string, nn: string, en: string): Text => ({ nb, nn, en });

/** A column with its description in the three languages. */
export const column = (name: string, type: ColumnType, nb: string, nn: string, en: string): Column => ({ name, type, description: text(nb, nn, en) });

/** The allowed values of a coded column, for its description. */
export const codeList = (values: readonly string[]): string => values.join(', ');

/** A timestamp as exported: ISO 8601 in UTC. */
export const isoTime = (d: Date | string | null): string | null => (d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/**
 * LOS has no «public administration» theme; democracy and citizens' rights is the nearest main
 * theme. The EU data theme GOVE says the rest.
 */
export const LOS_PUBLIC_SECTOR = 'https://psi.norge.no/los/tema/demokrati-og-innbyggerrettigheter';

/** A fingerprint from one aggregate row (count, newest change, and what else the rows depend on). */
export function fingerprintOf(dataset: string, read: (db: Db) => Promise<{ count: number; last: Date | null; extra: string }>): Dataset['fingerprint'] {
  return async (db) => {
    const f = await read(db);
    return { tag: `${dataset}:${f.count}:${f.last?.toISOString() ?? ''}:${f.extra}`, lastModified: f.last };
  };
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
