-- Case search, second pass (measured with `npm run eval:search`, see src/search/search.eval.ts):
-- the document is split into words the way the query is (src/search/search.query.ts: anything but
-- a letter or digit is a space).
--
-- Two things made words in a document unfindable:
--  * On the embedded PostgreSQL (builtin C.UTF-8 locale) the text-search parser takes every
--    non-ASCII character for a letter, so «Special Edition» was indexed as '«special' and
--    'edition»', and a no-break space glued two words into one. The libc servers split them.
--  * Everywhere, words joined by a slash («gjengangere/dauinger/landdrauger», «og/eller») are one
--    "file path" token, and e-mail addresses, host names and numbers like 1.5 are single tokens:
--    a query, split on punctuation, never matches them.
-- nytenk_fold now turns ASCII punctuation and the common Unicode punctuation, symbols and spaces
-- into spaces (a listed set, not a regex class: PostgreSQL's classes depend on the locale, and in
-- the C locale would take æ ø å for punctuation), and drops soft hyphens and zero-width characters.
-- The query is folded by the same function, so both sides agree.

create or replace function nytenk_fold(t text) returns text
language sql immutable parallel safe as $$
  select translate(lower(coalesce(t, '')),
    -- accents off, æ ø å kept (as before)
    'áàâäãāéèêëēíìîïīóòôöõōúùûüūýÿçñčšžđŋŧǧǩʒ' ||
    -- ASCII punctuation
    '!"#$%&''()*+,-./:;<=>?@[\]^_`{|}~' ||
    -- quotes, dashes, ellipsis, bullets, symbols
    '«»‹›“”„‟‘’‚‛‐‑‒–—―…·•‣′″°§¶©®™€£¥¢¤½¼¾×÷±¬¦¨¯´¸¡¿' ||
    -- no-break, thin and other spaces; line and paragraph separators
    U&'\00A0\2002\2003\2004\2005\2006\2007\2008\2009\200A\202F\205F\3000\2028\2029' ||
    -- soft hyphen, zero-width space/joiners, word joiner, byte-order mark: removed (no partner below)
    U&'\00AD\200B\200C\200D\2060\FEFF',
    'aaaaaaeeeeeiiiiioooooouuuuuyycncszdntgkz' || repeat(' ', 96))
$$;

-- Every case's vector again, with the new folding.
select refresh_case_search(array(select id from cases));
