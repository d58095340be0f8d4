// PostgreSQL's text-search values in their text form, read into what the index looks up: a
// tsvector's stems with their positions, and a phrase query's stems at their distances.

/**
 * The stems of a tsvector's text form with their word positions: `'kommun':3,17B 'tjenest':4`.
 * Quotes inside a stem are doubled and backslashes escaped, as PostgreSQL writes them.
 */
export function parseTsvector(text: string): { stem: string; positions: number[] }[] {
  const out: { stem: string; positions: number[] }[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text[i] === ' ') i++;
    if (i >= n || text[i] !== "'") break;
    i++;
    let stem = '';
    for (;;) {
      const c = text[i++];
      if (c === undefined) return out;
      if (c === '\\') stem += text[i++] ?? '';
      else if (c === "'") {
        if (text[i] === "'") {
          stem += "'";
          i++;
        } else break;
      } else stem += c;
    }
    const positions: number[] = [];
    if (text[i] === ':') {
      i++;
      for (;;) {
        let num = 0;
        let digits = 0;
        while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) {
          num = num * 10 + text.charCodeAt(i) - 48;
          i++;
          digits++;
        }
        if (digits) positions.push(num);
        while (i < n && /[A-D*]/.test(text[i]!)) i++;
        if (text[i] === ',') i++;
        else break;
      }
    }
    out.push({ stem, positions });
  }
  return out;
}

/** A phrase as stems at fixed distances: `'lekkasjesøk' <2> 'akustisk'` → [{lekkasjesøk, 0}, {akustisk, 2}]. */
export type PhrasePattern = { stem: string; offset: number }[];

/** Parses phraseto_tsquery's text form (a chain of stems joined by <-> or <N>); null for anything else. */
export function parsePhraseQuery(text: string): PhrasePattern | null {
  const re = /\s*'((?:[^']|'')*)'\s*(?:<(-|\d+)>|$)/gy;
  const out: PhrasePattern = [];
  let offset = 0;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(text))) {
    out.push({ stem: m[1]!.replace(/''/g, "'"), offset });
    end = re.lastIndex;
    if (m[2] === undefined) break;
    offset += m[2] === '-' ? 1 : Number(m[2]);
  }
  if (out.length === 0 || end !== text.length) return null;
  return out;
}
