import type { VNode } from 'preact';
import { canReadCase, type CaseVisibility } from '../cases/index.js';
import { ANONYMOUS } from '../core/viewer.js';
import { publisherUri } from './dcat.js';

/**
 * schema.org JSON-LD for a public case page. The CSP (`script-src 'self'`) blocks inline scripts,
 * but a `<script type="application/ld+json">` is a data block the browser never executes, so it is
 * not subject to script-src. Its text is JSON with every `<` written as \u003c, so a title holding
 * `</script>` or `<!--` cannot end the block or open a comment in the HTML parser.
 */

export interface CaseForJsonLd {
  id: string;
  title: string;
  summary: string;
  language: string;
  visibility: string;
  published_at: Date | string | null;
  updated_at: Date | string;
  ownerName: string;
  ownerOrgnr: string | null;
  ownerKind?: string | null;
  themes?: { uri: string }[];
}

/** Only a case anyone may read (cases.access.ts with the anonymous viewer) gets structured data. */
export function isPublicCase(c: Pick<CaseForJsonLd, 'published_at' | 'visibility'>): boolean {
  return canReadCase(ANONYMOUS, { ownerOrgId: '', coOwnerIds: [], published: c.published_at !== null, visibility: c.visibility as CaseVisibility });
}

const PUBLIC = new Set(['municipality', 'county_authority', 'state_agency', 'other_public']);
const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

export function caseJsonLd(c: CaseForJsonLd, baseUrl: string): object {
  const url = `${baseUrl}/cases/${c.id}`;
  return {
    '@context': 'https://schema.org',
    '@type': ['CreativeWork', 'Project'],
    '@id': url,
    url,
    identifier: c.id,
    name: c.title,
    description: c.summary,
    inLanguage: c.language === 'en' ? 'en' : c.language === 'nn' ? 'nn' : 'nb',
    datePublished: c.published_at ? iso(c.published_at) : undefined,
    dateModified: iso(c.updated_at),
    author: {
      '@type': c.ownerKind && PUBLIC.has(c.ownerKind) ? 'GovernmentOrganization' : 'Organization',
      name: c.ownerName,
      ...(c.ownerOrgnr ? { '@id': publisherUri(c.ownerOrgnr), url: `${baseUrl}/organisations/${c.ownerOrgnr}`, identifier: c.ownerOrgnr } : {}),
    },
    about: c.themes?.length ? c.themes.map((t) => ({ '@id': t.uri })) : undefined,
    license: 'https://creativecommons.org/licenses/by/4.0/',
    isAccessibleForFree: true,
  };
}

/** JSON safe inside a <script> element: `<`, `>`, `&` and the line separators escaped. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The `<script type="application/ld+json">` for a case page, or null when the case is not public. */
export function CaseJsonLd({ c, baseUrl }: { c: CaseForJsonLd; baseUrl: string }): VNode | null {
  if (!isPublicCase(c)) return null;
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: scriptSafeJson(caseJsonLd(c, baseUrl)) }} />;
}
