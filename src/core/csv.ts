/**
 * Every CSV file the service writes goes through here (RFC 4180 via csv-stringify, CRLF line ends).
 *
 * Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` as a formula (and a leading
 * tab or carriage return is dropped before that check), so a case titled `=HYPERLINK(…)` would come
 * out live in the reader's Excel. Following OWASP's rule, every **text** cell starting with one of
 * those characters gets a leading `'`, which spreadsheets show as text. Cells the code writes as
 * JavaScript numbers (counts, years, figures it computed) stay numeric: a number's text is only
 * digits, a sign, a dot and an exponent, which no spreadsheet reads as a formula, and `-3` must stay
 * a number a reader can sum. Everything else — titles, names, labels, numbers that arrive as text —
 * is neutralised, whatever it looks like.
 */
import { stringify, type Options, type Stringifier } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell as a spreadsheet will show it: a formula-like start is prefixed with `'`. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const BOM = '\uFEFF';

// Booleans as words (csv-stringify writes 1 and an empty field by default); numbers written as they
// are (see above); every string neutralised, headers included.
const CAST: Options['cast'] = {
  string: (s: string) => neutraliseCell(s),
  boolean: (b: boolean) => String(b),
  number: (n: number) => (Number.isFinite(n) ? String(n) : neutraliseCell(String(n))),
};

export interface CsvOptions {
  /** A UTF-8 byte-order mark first, so spreadsheet programs read «æøå» (default true). */
  bom?: boolean;
  /** Records end in CRLF as RFC 4180 says (default), or in LF as some older files of ours do. */
  lineEnd?: 'crlf' | 'lf';
}

// csv-stringify quotes a field holding its own record delimiter, not a lone CR or LF: quote both.
const base = (options: CsvOptions): Options => ({ cast: CAST, record_delimiter: options.lineEnd === 'lf' ? 'unix' : 'windows', quoted_match: /[\r\n]/ });

/** A whole CSV document from rows (the first row usually the header). */
export function csvDocument(rows: readonly (readonly CsvCell[])[], options: CsvOptions = {}): string {
  const body = stringifySync(rows as CsvCell[][], base(options));
  return (options.bom === false ? '' : BOM) + body;
}

/** A CSV writer stream (object mode in: one array of cells per record) with a header of `columns`. */
export function csvStream(columns: string[], options: CsvOptions = {}): Stringifier {
  return stringify({ ...base(options), header: true, columns, bom: options.bom !== false });
}
