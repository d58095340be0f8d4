/** A search as the user wrote it, taken apart (no SQL here). */
export interface ParsedQuery {
  /** Words that rank a case (OR: any may match; more matches rank higher). */
  words: string[];
  /** Quoted phrases: each must occur, words in that order. */
  phrases: string[];
  /** `-word` or `-"a phrase"`: cases containing it are left out. */
  excluded: string[];
}

const MAX_TERMS = 16;

/**
 * Lower-cases and takes apart a query: `"digital post" -pilot kommunane sine tenester` →
 * phrases ["digital post"], excluded ["pilot"], words ["kommunane", "sine", "tenester"].
 * Punctuation other than the operators is treated as space; the words keep æ ø å.
 */
export function parseQuery(raw: string): ParsedQuery {
  const q: ParsedQuery = { words: [], phrases: [], excluded: [] };
  const text = raw.normalize('NFC').slice(0, 500);
  const re = /(-?)"([^"]*)"|(-?)([^\s"]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && q.words.length + q.phrases.length + q.excluded.length < MAX_TERMS) {
    // A minus excludes only at the start of a word: in «"Special Edition"-utgaven» it is a hyphen.
    const atWordStart = m.index === 0 || /\s/.test(text[m.index - 1]!);
    if (m[2] !== undefined) {
      const phrase = clean(m[2]);
      if (!phrase) continue;
      (m[1] && atWordStart ? q.excluded : phrase.includes(' ') ? q.phrases : q.words).push(phrase);
    } else if (m[4] !== undefined) {
      const negative = m[3] === '-' && atWordStart;
      for (const word of clean(m[4]).split(' ').filter(Boolean)) (negative ? q.excluded : q.words).push(word);
    }
  }
  return q;
}

/** Letters and digits only (any script), lower case, single spaces. */
function clean(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.words.length === 0 && q.phrases.length === 0;
}
