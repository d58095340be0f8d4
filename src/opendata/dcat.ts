import { DataFactory, Writer, type Quad, type Quad_Object, type Quad_Subject } from 'n3';
import { LANGS, type Lang } from '../i18n/index.js';
import type { Dataset } from '../core/datasets.js';
import { LICENCE } from './licence.js';

/**
 * The DCAT-AP-NO 2 description of the registered datasets, as RDF quads serialised to Turtle and to
 * JSON-LD. It must pass the official SHACL shapes (resources/dcat-ap-no/, tested in dcat.test.ts).
 *
 * The shapes check controlled vocabularies by looking for `skos:inScheme <EU code list>` on the
 * value (the official validator service loads the EU code lists into the data graph first). A
 * harvester cannot be assumed to do that, so the catalogue carries those few concept statements
 * itself: each EU term it uses, with its scheme and an English label.
 */

const { namedNode, literal, blankNode, quad } = DataFactory;

export const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

const EU = 'http://publications.europa.eu/resource/authority/';
const LANG_URI: Record<Lang, string> = { nb: `${EU}language/NOB`, nn: `${EU}language/NNO`, en: `${EU}language/ENG` };
const LANG_LABEL: Record<Lang, string> = { nb: 'Norwegian Bokmål', nn: 'Norwegian Nynorsk', en: 'English' };
const FILE_TYPE = { csv: `${EU}file-type/CSV`, json: `${EU}file-type/JSON` } as const;
const MEDIA_TYPE = { csv: 'https://www.iana.org/assignments/media-types/text/csv', json: 'https://www.iana.org/assignments/media-types/application/json' } as const;
const GOVE = `${EU}data-theme/GOVE`;
const PUBLIC_ACCESS = `${EU}access-right/PUBLIC`;
const CONTINUOUS = `${EU}frequency/UPDATE_CONT`;
const NORWAY = `${EU}country/NOR`;

/** The organisation that publishes the catalogue (the platform's operator), by its orgnr. */
export interface Publisher {
  orgnr: string;
  name: string;
}

/** Digdir operates the platform for the follow-up of the white paper; override with the real operator. */
export const DEFAULT_PUBLISHER: Publisher = { orgnr: '991825827', name: 'Digitaliseringsdirektoratet' };

export const publisherUri = (orgnr: string) => `https://data.brreg.no/enhetsregisteret/api/enheter/${orgnr}`;

export interface CatalogInput {
  baseUrl: string;
  publisher: Publisher;
  datasets: readonly { dataset: Dataset; lastModified: Date | null }[];
}

/** The catalogue as RDF quads. */
export function catalogQuads(input: CatalogInput): Quad[] {
  const { baseUrl } = input;
  const quads: Quad[] = [];
  const iri = (full: string) => namedNode(full);
  const p = (prefix: keyof typeof NS, local: string) => namedNode(NS[prefix] + local);
  const add = (s: Quad_Subject, pred: ReturnType<typeof p>, o: Quad_Object) => quads.push(quad(s, pred, o));
  const texts = (s: Quad_Subject, pred: ReturnType<typeof p>, text: Record<Lang, string>) => {
    for (const lang of LANGS) add(s, pred, literal(text[lang], lang));
  };
  const dateTime = (d: Date) => literal(d.toISOString(), p('xsd', 'dateTime'));
  const a = p('rdf', 'type');

  const publisher = iri(publisherUri(input.publisher.orgnr));
  add(publisher, a, p('foaf', 'Agent'));
  add(publisher, p('foaf', 'name'), literal(input.publisher.name, 'nb'));
  add(publisher, p('dct', 'identifier'), literal(input.publisher.orgnr));

  const contact = () => {
    const node = blankNode();
    add(node, a, p('vcard', 'Organization'));
    add(node, p('vcard', 'fn'), literal('Nytenk', 'nb'));
    add(node, p('vcard', 'hasURL'), iri(`${baseUrl}/open-data`));
    return node;
  };

  const catalog = iri(`${baseUrl}/open-data/catalog`);
  add(catalog, a, p('dcat', 'Catalog'));
  add(catalog, p('dct', 'identifier'), literal(`${baseUrl}/open-data/catalog`));
  texts(catalog, p('dct', 'title'), { nb: 'Nytenk – åpne data', nn: 'Nytenk – opne data', en: 'Nytenk open data' });
  texts(catalog, p('dct', 'description'), {
    nb: 'Åpne data fra Nytenk, plattformen for innovasjon i offentlig sektor: saker, organisasjoner, gjenbruk og utfordringer.',
    nn: 'Opne data frå Nytenk, plattforma for innovasjon i offentleg sektor: saker, organisasjonar, gjenbruk og utfordringar.',
    en: 'Open data from Nytenk, the platform for public-sector innovation: cases, organisations, reuse and challenges.',
  });
  add(catalog, p('dct', 'publisher'), publisher);
  add(catalog, p('foaf', 'homepage'), iri(`${baseUrl}/`));
  add(catalog, p('dct', 'license'), iri(LICENCE.euUri));
  for (const lang of LANGS) add(catalog, p('dct', 'language'), iri(LANG_URI[lang]));
  const newest = input.datasets.reduce<Date | null>((max, d) => (d.lastModified && (!max || d.lastModified > max) ? d.lastModified : max), null);
  if (newest) add(catalog, p('dct', 'modified'), dateTime(newest));

  for (const { dataset, lastModified } of input.datasets) {
    const ds = iri(`${baseUrl}/open-data#${dataset.id}`);
    add(catalog, p('dcat', 'dataset'), ds);
    add(ds, a, p('dcat', 'Dataset'));
    add(ds, p('dct', 'identifier'), literal(`${baseUrl}/open-data#${dataset.id}`));
    texts(ds, p('dct', 'title'), dataset.title);
    texts(ds, p('dct', 'description'), dataset.description);
    for (const lang of LANGS) for (const k of dataset.keywords[lang].split(',').map((s) => s.trim()).filter(Boolean)) add(ds, p('dcat', 'keyword'), literal(k, lang));
    add(ds, p('dct', 'publisher'), publisher);
    add(ds, p('dcat', 'theme'), iri(GOVE));
    add(ds, p('dcat', 'theme'), iri(dataset.losTheme));
    add(ds, p('dcat', 'landingPage'), iri(`${baseUrl}${dataset.landingPage}`));
    add(ds, p('foaf', 'page'), iri(`${baseUrl}/open-data#${dataset.id}`));
    add(ds, p('dct', 'accessRights'), iri(PUBLIC_ACCESS));
    add(ds, p('dct', 'accrualPeriodicity'), iri(CONTINUOUS));
    add(ds, p('dct', 'spatial'), iri(NORWAY));
    for (const lang of LANGS) add(ds, p('dct', 'language'), iri(LANG_URI[lang]));
    add(ds, p('dcat', 'contactPoint'), contact());
    if (lastModified) add(ds, p('dct', 'modified'), dateTime(lastModified));
    for (const format of ['csv', 'json'] as const) {
      const dist = iri(`${baseUrl}/open-data#${dataset.id}-${format}`);
      const url = iri(`${baseUrl}/open-data/${dataset.id}.${format}`);
      add(ds, p('dcat', 'distribution'), dist);
      add(dist, a, p('dcat', 'Distribution'));
      texts(dist, p('dct', 'title'), { nb: `${dataset.title.nb} (${format.toUpperCase()})`, nn: `${dataset.title.nn} (${format.toUpperCase()})`, en: `${dataset.title.en} (${format.toUpperCase()})` });
      add(dist, p('dcat', 'accessURL'), url);
      add(dist, p('dcat', 'downloadURL'), url);
      add(dist, p('dct', 'format'), iri(FILE_TYPE[format]));
      add(dist, p('dcat', 'mediaType'), iri(MEDIA_TYPE[format]));
      add(dist, p('dct', 'license'), iri(LICENCE.euUri));
      add(dist, p('foaf', 'page'), iri(`${baseUrl}/open-data#${dataset.id}`));
      if (lastModified) add(dist, p('dct', 'modified'), dateTime(lastModified));
    }
  }

  // The EU code-list terms used above, with their schemes (see the comment at the top).
  const concept = (uri: string, scheme: string, label: string, extraType?: ReturnType<typeof p>) => {
    add(iri(uri), a, p('skos', 'Concept'));
    if (extraType) add(iri(uri), a, extraType);
    add(iri(uri), p('skos', 'inScheme'), iri(EU + scheme));
    add(iri(uri), p('skos', 'prefLabel'), literal(label, 'en'));
  };
  concept(LICENCE.euUri, 'licence', 'Creative Commons Attribution 4.0 International', p('dct', 'LicenseDocument'));
  concept(GOVE, 'data-theme', 'Government and public sector');
  concept(PUBLIC_ACCESS, 'access-right', 'public');
  concept(CONTINUOUS, 'frequency', 'continuously updated');
  concept(NORWAY, 'country', 'Norway');
  concept(FILE_TYPE.csv, 'file-type', 'CSV');
  concept(FILE_TYPE.json, 'file-type', 'JSON');
  for (const lang of LANGS) concept(LANG_URI[lang], 'language', LANG_LABEL[lang]);
  return quads;
}

/** Turtle, with the usual prefixes. */
export function toTurtle(quads: Quad[]): Promise<string> {
  const writer = new Writer({ prefixes: { ...NS } });
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((err, out: string) => (err ? reject(err) : resolve(out))));
}

type JsonLdValue = { '@id': string } | { '@value': string; '@language'?: string; '@type'?: string };

/** JSON-LD 1.1 (flattened: one node object per subject in `@graph`, full IRIs for properties). */
export function toJsonLd(quads: Quad[]): object {
  const nodes = new Map<string, Record<string, unknown> & { '@id': string }>();
  const id = (t: Quad_Subject | Quad_Object) => (t.termType === 'BlankNode' ? `_:${t.value}` : t.value);
  for (const q of quads) {
    const sid = id(q.subject);
    let node = nodes.get(sid);
    if (!node) nodes.set(sid, (node = { '@id': sid }));
    if (q.predicate.value === `${NS.rdf}type`) {
      ((node['@type'] ??= []) as string[]).push(q.object.value);
      continue;
    }
    let value: JsonLdValue;
    if (q.object.termType === 'Literal') {
      value = { '@value': q.object.value };
      if (q.object.language) value['@language'] = q.object.language;
      else if (q.object.datatype.value !== `${NS.xsd}string`) value['@type'] = q.object.datatype.value;
    } else value = { '@id': id(q.object) };
    ((node[q.predicate.value] ??= []) as JsonLdValue[]).push(value);
  }
  return { '@graph': [...nodes.values()] };
}
