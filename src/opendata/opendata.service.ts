import { createHash } from 'node:crypto';
import { Readable, Transform, pipeline } from 'node:stream';
import { csvStream } from '../core/csv.js';
import type { Db } from '../db/database.js';
import type { Dataset, Row, Site } from '../core/datasets.js';
import { LICENCE } from './licence.js';

/**
 * Exports as streams: rows are read in keyset batches (one batch of 1,000 in memory at a time) and
 * written as they come, so a download of any size runs in constant memory. A slow client slows the
 * reading down (backpressure through the pipeline), it does not make rows pile up.
 */

export type ExportFormat = 'csv' | 'json';

/** List values in a CSV cell are joined with this (documented on /open-data). */
export const LIST_SEPARATOR = ' | ';

function csvValue(v: Row[string]): string | number | null {
  if (v === null) return null;
  if (Array.isArray(v)) return v.join(LIST_SEPARATOR);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v;
}

/** The rows one by one, read batch after batch only as the consumer asks for more. */
function rowStream(dataset: Dataset, db: Db, site: Site): Readable {
  async function* rows() {
    for await (const batch of dataset.batches(db, site)) yield* batch;
  }
  return Readable.from(rows(), { objectMode: true, highWaterMark: 64 });
}

/**
 * The dataset as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read «æøå»,
 * header row with the documented column names) or as JSON (`{ dataset, license, …, items: [...] }`).
 * `onError` hears a failure after the response has started (the stream is then cut short).
 */
export function exportStream(dataset: Dataset, db: Db, site: Site, format: ExportFormat, onError: (err: Error) => void): Readable {
  const names = dataset.columns.map((c) => c.name);
  const source = rowStream(dataset, db, site);
  const done = (err: Error | null) => {
    if (err) onError(err);
  };
  if (format === 'csv') {
    const csv = csvStream(names);
    const toRecord = new Transform({
      objectMode: true,
      transform(row: Row, _enc, cb) {
        cb(null, names.map((n) => csvValue(row[n] ?? null)));
      },
    });
    return pipeline(source, toRecord, csv, done);
  }
  let first = true;
  const head = JSON.stringify({ dataset: dataset.id, title: dataset.title.en, license: LICENCE.url, licenseName: LICENCE.name, attribution: LICENCE.attribution });
  const json = new Transform({
    writableObjectMode: true,
    transform(row: Row, _enc, cb) {
      const item = Object.fromEntries(names.map((n) => [n, row[n] ?? null]));
      const prefix = first ? `${head.slice(0, -1)},"items":[\n` : ',\n';
      first = false;
      cb(null, prefix + JSON.stringify(item));
    },
    flush(cb) {
      cb(null, first ? `${head.slice(0, -1)},"items":[]}\n` : '\n]}\n');
    },
  });
  return pipeline(source, json, done);
}

/** A validator for conditional GETs: the dataset's fingerprint, hashed. */
export async function exportValidators(dataset: Dataset, db: Db, format: ExportFormat): Promise<{ etag: string; lastModified: Date | null } | null> {
  const f = await dataset.fingerprint(db);
  if (!f) return null;
  const etag = `"${createHash('sha256').update(`${format}|${f.tag}`).digest('base64url').slice(0, 27)}"`;
  return { etag, lastModified: f.lastModified };
}
