/**
 * The backup file: one gzip stream of frames, written and read in a single pass so that neither
 * side holds more than a frame in memory, however large a table is.
 *
 *   frame = kind (1 byte) | payload length (uint32, big-endian) | payload
 *
 *   H  header (JSON, first): format, version, created at, source server, migrations, tables and columns
 *   T  table begins (JSON: name, columns)
 *   D  table data: PostgreSQL COPY text format, at most DATA_CHUNK bytes per frame
 *   E  table ends (JSON: name, rows, bytes, sha256 of its D payloads)
 *   Z  trailer (JSON, last): every table's rows and sha256 again, and the sequences' values
 *
 * A file that ends before its Z frame, has bytes after it, or whose table data does not hash to
 * what its E frame says is refused. (gzip's own CRC catches most damage too, but only at the end.)
 */
import { createHash, type Hash } from 'node:crypto';

export const BACKUP_FORMAT = 'nytenk-backup';
export const BACKUP_VERSION = 1;
/** Data frames are cut at this size: small enough to stream, large enough that framing costs nothing. */
export const DATA_CHUNK = 256 * 1024;
/** A JSON frame larger than this is damage, not a header (a header lists ~60 tables: a few KB). */
const MAX_JSON_FRAME = 16 * 1024 * 1024;

export interface BackupMigration {
  name: string;
  checksum: string;
}

export interface BackupTable {
  name: string;
  columns: string[];
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** e.g. "PostgreSQL 18.4" — for the operator; restore works across versions (COPY text format). */
  /**
   * `lowercase` is lower('ÆØÅÉ') on the source: generated columns (search texts) are computed again
   * on restore, and come out the same only where the database's locale lowercases the same way.
   */
  source: { server: string; lowercase?: string };
  migrations: BackupMigration[];
  tables: BackupTable[];
  /** Tables whose rows are deliberately not in the file (they are restored empty). */
  excluded: string[];
}

export interface TableSummary {
  name: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface SequenceValue {
  name: string;
  /** The value setval() takes. */
  value: string;
  /** False when nextval() was never called: the next value is `value` itself. */
  isCalled: boolean;
}

export interface BackupTrailer {
  tables: TableSummary[];
  sequences: SequenceValue[];
}

export type Frame =
  | { kind: 'H'; header: BackupHeader }
  | { kind: 'T'; table: BackupTable }
  | { kind: 'D'; data: Buffer }
  | { kind: 'E'; summary: TableSummary }
  | { kind: 'Z'; trailer: BackupTrailer };

export class BackupFormatError extends Error {}

function frame(kind: string, payload: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(kind, 0, 'latin1');
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

export const jsonFrame = (kind: 'H' | 'T' | 'E' | 'Z', value: unknown): Buffer => frame(kind, Buffer.from(JSON.stringify(value), 'utf8'));
export const dataFrame = (data: Buffer): Buffer => frame('D', data);

/**
 * Collects COPY output into data frames of about DATA_CHUNK bytes, hashing and counting rows as
 * it goes (COPY text format escapes newlines inside values, so every row ends in exactly one "\n").
 */
export class TableDataEncoder {
  private parts: Buffer[] = [];
  private size = 0;
  private hash: Hash = createHash('sha256');
  rows = 0;
  bytes = 0;

  /** Returns the frames ready to write (none until a chunk is full). */
  push(chunk: Buffer): Buffer[] {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.rows++;
    this.parts.push(chunk);
    this.size += chunk.length;
    return this.size >= DATA_CHUNK ? [this.flushFrame()] : [];
  }

  /** The last data frame, if any, and the table's summary. */
  finish(name: string): { frames: Buffer[]; summary: TableSummary } {
    const frames = this.size > 0 ? [this.flushFrame()] : [];
    return { frames, summary: { name, rows: this.rows, bytes: this.bytes, sha256: this.hash.digest('hex') } };
  }

  private flushFrame(): Buffer {
    const out = dataFrame(Buffer.concat(this.parts, this.size));
    this.parts = [];
    this.size = 0;
    return out;
  }
}

function parseJson(kind: string, payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
  } catch {
    throw new BackupFormatError(`The backup file is damaged: its «${kind}» record is not valid JSON.`);
  }
}

/**
 * Reads frames from the decompressed byte stream. Frame-level problems (unknown kind, truncation)
 * throw BackupFormatError; what the frames must say, and in which order, the caller checks.
 */
export async function* readFrames(source: AsyncIterable<Buffer>): AsyncGenerator<Frame> {
  let buffered: Buffer[] = [];
  let available = 0;
  let first = true;

  const take = (n: number): Buffer => {
    const all = buffered.length === 1 ? buffered[0]! : Buffer.concat(buffered, available);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    buffered = rest.length ? [rest] : [];
    available = rest.length;
    return out;
  };

  const iterator = source[Symbol.asyncIterator]();
  const fill = async (n: number): Promise<boolean> => {
    while (available < n) {
      const next = await iterator.next();
      if (next.done) return false;
      buffered.push(next.value);
      available += next.value.length;
    }
    return true;
  };

  for (;;) {
    if (!(await fill(5))) {
      if (available > 0) throw new BackupFormatError('The backup file is truncated (it ends inside a record).');
      if (first) throw new BackupFormatError('The backup file is empty.');
      return;
    }
    const head = take(5);
    const kind = String.fromCharCode(head[0]!);
    const length = head.readUInt32BE(1);
    if (first && kind !== 'H') throw new BackupFormatError('This is not a Nytenk backup file (nytenk backup writes them).');
    first = false;
    if (!'HTDEZ'.includes(kind)) throw new BackupFormatError(`The backup file is damaged: unknown record kind ${JSON.stringify(kind)}.`);
    if (kind !== 'D' && length > MAX_JSON_FRAME) throw new BackupFormatError(`The backup file is damaged: a «${kind}» record of ${length} bytes.`);
    if (!(await fill(length))) throw new BackupFormatError('The backup file is truncated (it ends inside a record).');
    // Copy: the payload must not pin the (possibly much larger) buffer it was cut from.
    const payload = Buffer.from(take(length));
    switch (kind) {
      case 'H':
        yield { kind, header: parseJson(kind, payload) as BackupHeader };
        break;
      case 'T':
        yield { kind, table: parseJson(kind, payload) as BackupTable };
        break;
      case 'D':
        yield { kind, data: payload };
        break;
      case 'E':
        yield { kind, summary: parseJson(kind, payload) as TableSummary };
        break;
      default:
        yield { kind: 'Z', trailer: parseJson(kind, payload) as BackupTrailer };
    }
  }
}
