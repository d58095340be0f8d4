/**
 * XML text for the Atom feeds and the sitemap. Every value goes through `xmlEscape`; characters XML
 * 1.0 forbids (control characters a pasted text may carry) are dropped, since one of them would make
 * the whole document unreadable to a feed reader.
 */

// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(value: string): string {
  return value.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export interface AtomEntry {
  id: string;
  title: string;
  summary: string;
  link: string;
  updated: Date;
  published: Date;
  author: string;
  lang: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle: string;
  /** The feed's own URL (rel=self). */
  self: string;
  /** The page it follows (rel=alternate). */
  alternate: string;
  lang: string;
  rights: string;
  entries: AtomEntry[];
}

/** A valid Atom 1.0 document (RFC 4287): feed id, title, updated, author, self link; entries the same. */
export function atomXml(feed: AtomFeed): string {
  const updated = feed.entries.reduce((max, e) => (e.updated > max ? e.updated : max), new Date(0));
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xmlEscape(feed.lang)}">`,
    `  <id>${xmlEscape(feed.id)}</id>`,
    `  <title>${xmlEscape(feed.title)}</title>`,
    `  <subtitle>${xmlEscape(feed.subtitle)}</subtitle>`,
    `  <updated>${(feed.entries.length ? updated : new Date(0)).toISOString()}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlEscape(feed.alternate)}"/>`,
    '  <author><name>Nytenk</name></author>',
    `  <rights>${xmlEscape(feed.rights)}</rights>`,
    '  <generator>Nytenk</generator>',
  ];
  for (const e of feed.entries) {
    lines.push(
      `  <entry xml:lang="${xmlEscape(e.lang)}">`,
      `    <id>${xmlEscape(e.id)}</id>`,
      `    <title type="text">${xmlEscape(e.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xmlEscape(e.link)}"/>`,
      `    <published>${e.published.toISOString()}</published>`,
      `    <updated>${e.updated.toISOString()}</updated>`,
      `    <author><name>${xmlEscape(e.author)}</name></author>`,
      `    <summary type="text">${xmlEscape(e.summary)}</summary>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}
