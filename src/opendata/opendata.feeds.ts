import { Readable } from 'node:stream';
import type { Db } from '../db/database.js';
import type { Lang } from '../i18n/index.js';
import type { Dataset, Site } from '../core/datasets.js';
import { catalogQuads, toJsonLd, toTurtle, type Publisher } from './dcat.js';
import { LICENCE } from './licence.js';
import { openDataMessages } from './opendata.messages.js';
import * as q from './opendata.queries.js';
import { atomXml, xmlEscape } from './xml.js';

/** Feeds, the catalogue, the sitemap and robots.txt: what a crawler or harvester reads. */

export const FEED_SIZE = 50;

// ---- the DCAT-AP-NO catalogue ----

/** The catalogue of the datasets (every feature's, from the registry), with each one's last change. */
export async function catalog(db: Db, datasets: readonly Dataset[], site: Site, publisher: Publisher, format: 'ttl' | 'jsonld'): Promise<string> {
  const entries = await Promise.all(datasets.map(async (dataset) => ({ dataset, lastModified: (await dataset.fingerprint(db))?.lastModified ?? null })));
  const quads = catalogQuads({ baseUrl: site.baseUrl, publisher, datasets: entries });
  if (format === 'ttl') return toTurtle(quads);
  return `${JSON.stringify(toJsonLd(quads), null, 1)}\n`;
}

// ---- Atom ----

const trimSummary = (text: string) => (text.length > 1000 ? `${text.slice(0, 997)}…` : text);
const feedUrl = (site: Site, path: string, filter: q.FeedFilter) => `${site.baseUrl}${path}${filter.theme ? `?theme=${encodeURIComponent(filter.theme)}` : ''}`;

/** What the feed is narrowed to, in words; null when the theme or organisation does not exist. */
async function filterLabel(db: Db, lang: Lang, filter: q.FeedFilter): Promise<string | null | ''> {
  if (filter.theme) {
    const labels = await q.themeLabels(db, filter.theme);
    return labels ? labels[lang] : null;
  }
  if (filter.orgnr) return q.organisationName(db, filter.orgnr);
  return '';
}

/** The newest public cases as Atom, or null for an unknown theme or organisation. */
export async function caseFeed(db: Db, site: Site, lang: Lang, filter: q.FeedFilter): Promise<string | null> {
  const [label, rows] = await Promise.all([filterLabel(db, lang, filter), q.newestPublicCases(db, filter, FEED_SIZE)]);
  if (label === null) return null;
  const om = openDataMessages(lang);
  const path = filter.orgnr ? `/feeds/organisations/${filter.orgnr}/cases.atom` : '/feeds/cases.atom';
  return atomXml({
    id: feedUrl(site, path, filter),
    title: om.feedTitleCases + (label ? om.feedOn(label) : ''),
    subtitle: om.feedSubtitle,
    self: feedUrl(site, path, filter),
    alternate: filter.orgnr ? `${site.baseUrl}/organisations/${filter.orgnr}` : `${site.baseUrl}/cases`,
    lang,
    rights: LICENCE.attribution,
    entries: rows.map((c) => ({
      id: `${site.baseUrl}/cases/${c.id}`,
      title: c.title,
      summary: trimSummary(c.summary),
      link: `${site.baseUrl}/cases/${c.id}`,
      published: new Date(c.publishedAt!),
      updated: new Date(c.updatedAt),
      author: c.ownerName,
      lang: c.language,
    })),
  });
}

/** The newest challenges as Atom, or null for an unknown theme or organisation. */
export async function challengeFeed(db: Db, site: Site, lang: Lang, filter: q.FeedFilter): Promise<string | null> {
  const [label, rows] = await Promise.all([filterLabel(db, lang, filter), q.newestChallenges(db, filter, FEED_SIZE)]);
  if (label === null) return null;
  const om = openDataMessages(lang);
  const path = filter.orgnr ? `/feeds/organisations/${filter.orgnr}/challenges.atom` : '/feeds/challenges.atom';
  return atomXml({
    id: feedUrl(site, path, filter),
    title: om.feedTitleChallenges + (label ? om.feedOn(label) : ''),
    subtitle: om.feedSubtitle,
    self: feedUrl(site, path, filter),
    alternate: filter.orgnr ? `${site.baseUrl}/organisations/${filter.orgnr}` : `${site.baseUrl}/challenges`,
    lang,
    rights: LICENCE.attribution,
    entries: rows.map((c) => ({
      id: `${site.baseUrl}/challenges/${c.id}`,
      title: c.title,
      summary: trimSummary(c.description),
      link: `${site.baseUrl}/challenges/${c.id}`,
      published: new Date(c.createdAt),
      updated: new Date(c.updatedAt),
      author: c.ownerName,
      lang: c.language,
    })),
  });
}

// ---- sitemap ----

/** The sitemaps protocol allows 50,000 URLs per file; above that, /sitemap.xml is an index. */
export const SITEMAP_MAX = 50_000;
export const SITEMAP_CHUNK_KINDS = ['static', 'organisations', 'challenges', 'cases'] as const;
export type ChunkKind = (typeof SITEMAP_CHUNK_KINDS)[number];

const STATIC_PATHS = ['/', '/cases', '/challenges', '/organisations', '/partners', '/search', '/trials', '/open-data', '/about/data'];

type UrlRow = { id: string; updatedAt: Date | string; orgnr?: string | null; active?: unknown };
const READERS: Record<Exclude<ChunkKind, 'static'>, { read: (db: Db, after: string, limit: number) => Promise<UrlRow[]>; path: (r: UrlRow) => string }> = {
  organisations: { read: q.sitemapOrganisationsBatch, path: (r) => `/organisations/${r.orgnr}` },
  challenges: { read: q.sitemapChallengesBatch, path: (r) => `/challenges/${r.id}` },
  cases: { read: q.sitemapCasesBatch, path: (r) => `/cases/${r.id}` },
};

const urlEntry = (loc: string, lastmod?: Date | string) => `<url><loc>${xmlEscape(loc)}</loc>${lastmod ? `<lastmod>${new Date(lastmod).toISOString()}</lastmod>` : ''}</url>\n`;
const URLSET_OPEN = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n';

/**
 * URL entries of one kind, from the `start`-th on (keyset batches after finding where to start),
 * at most `max` of them. Organisations without public activity are skipped, so a chunk of them may
 * hold fewer than `max`.
 */
async function* urlsOf(db: Db, site: Site, kind: Exclude<ChunkKind, 'static'>, start: number, max: number): AsyncGenerator<string> {
  let after = await q.sitemapStartAfter(db, kind, start);
  if (after === null) return;
  const reader = READERS[kind];
  let seen = 0;
  while (seen < max) {
    const limit = Math.min(5000, max - seen);
    // Organisations: the chunk is a range of organisations with an orgnr; only active ones are listed.
    const rows = await reader.read(db, after, limit);
    if (rows.length === 0) return;
    for (const r of rows) if (!('active' in r) || r.active) yield urlEntry(`${site.baseUrl}${reader.path(r)}`, r.updatedAt);
    seen += rows.length;
    if (rows.length < limit) return;
    after = rows[rows.length - 1]!.id;
  }
}

function staticUrls(site: Site): string {
  return STATIC_PATHS.map((p) => urlEntry(`${site.baseUrl}${p}`)).join('');
}

function streamOf(parts: () => AsyncGenerator<string>, onError: (err: Error) => void): Readable {
  const stream = Readable.from(parts(), { objectMode: false });
  stream.on('error', onError);
  return stream;
}

/** /sitemap.xml: one urlset, streamed, while everything fits in one file; a sitemap index otherwise. */
export async function sitemapIndexOrUrlset(db: Db, site: Site, onError: (err: Error) => void, max = SITEMAP_MAX): Promise<Readable | string> {
  const sizes = await q.sitemapSizes(db);
  const total = STATIC_PATHS.length + sizes.cases + sizes.challenges + sizes.organisations;
  if (total <= max) {
    return streamOf(async function* () {
      yield URLSET_OPEN + staticUrls(site);
      for (const kind of ['organisations', 'challenges', 'cases'] as const) yield* urlsOf(db, site, kind, 0, max);
      yield '</urlset>\n';
    }, onError);
  }
  const chunks: string[] = [`${site.baseUrl}/sitemaps/static-1.xml`];
  for (const kind of ['organisations', 'challenges', 'cases'] as const) {
    for (let page = 1; page <= Math.ceil(sizes[kind] / max); page++) chunks.push(`${site.baseUrl}/sitemaps/${kind}-${page}.xml`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${chunks.map((c) => `<sitemap><loc>${xmlEscape(c)}</loc></sitemap>\n`).join('')}</sitemapindex>\n`;
}

/** One file of a sitemap index: `page` (from 1) of a kind, at most `max` URLs. */
export function sitemapChunk(db: Db, site: Site, kind: ChunkKind, page: number, onError: (err: Error) => void, max = SITEMAP_MAX): Readable {
  return streamOf(async function* () {
    yield URLSET_OPEN;
    if (kind === 'static') {
      if (page === 1) yield staticUrls(site);
    } else yield* urlsOf(db, site, kind, (page - 1) * max, max);
    yield '</urlset>\n';
  }, onError);
}

/** robots.txt: public pages open, personal and administrative ones closed, the sitemap named. */
export function robotsTxt(site: Site): string {
  return [
    'User-agent: *',
    'Allow: /',
    'Disallow: /admin',
    'Disallow: /notifications',
    'Disallow: /profile',
    'Disallow: /unsubscribe',
    'Disallow: /moderation',
    'Disallow: /signin',
    'Disallow: /register',
    'Disallow: /cases/mine',
    'Disallow: /cases/new',
    'Disallow: /challenges/new',
    'Disallow: /organisations/new',
    'Disallow: /*/edit',
    'Disallow: /api/',
    'Allow: /api/docs',
    '',
    `Sitemap: ${site.baseUrl}/sitemap.xml`,
    '',
  ].join('\n');
}
