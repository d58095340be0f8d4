/**
 * Only same-site paths are allowed as a destination after a form (no open redirect); else `fallback`.
 * What a URL may not hold as typed (spaces, quotes, angle brackets, anything beyond ASCII) is
 * percent-encoded: the path goes into a Location header, where such a character fails the response.
 */
export function safeNext(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next.slice(0, 500).replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/?#%[\]]/gu, (c) => {
    try {
      return encodeURIComponent(c);
    } catch {
      return ''; // a lone surrogate: no character at all
    }
  });
}
