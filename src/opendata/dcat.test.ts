import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataFactory, Parser, Store, type Quad } from 'n3';
import { JsonLdParser } from 'jsonld-streaming-parser';
import SHACLValidator from 'rdf-validate-shacl';
import { dataTargets } from '../../test/helpers/db.js';
import { createTestApp, createToken, createUser, type TestApp } from '../../test/helpers/app.js';
import { createCaseViaApi } from '../../test/helpers/cases.js';
import { NS } from './dcat.js';

/** The official DCAT-AP-NO 2 shapes, committed in resources/dcat-ap-no (see its README). */
const resource = (name: string) => readFileSync(fileURLToPath(new URL(`../../resources/dcat-ap-no/${name}`, import.meta.url)), 'utf8');
const shapes = new Store(new Parser().parse(resource('DCAT-AP-NO-shacl_shapes_2.00.ttl')));

async function validate(quads: Quad[]) {
  const report = await new SHACLValidator(shapes).validate(new Store(quads));
  const violations = report.results.filter((r) => r.severity?.value === 'http://www.w3.org/ns/shacl#Violation');
  const warnings = report.results.filter((r) => r.severity?.value !== 'http://www.w3.org/ns/shacl#Violation');
  const describe = (r: (typeof report.results)[number]) => `${r.focusNode?.value} ${r.path?.value}: ${r.message.map((m) => m.value).join('; ')}`;
  return { conforms: report.conforms, violations: violations.map(describe), warnings: warnings.map(describe) };
}

function parseJsonLd(text: string, baseIRI: string): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    const quads: Quad[] = [];
    const parser = new JsonLdParser({ baseIRI });
    parser.on('data', (q: Quad) => quads.push(q));
    parser.on('error', reject);
    parser.on('end', () => resolve(quads));
    parser.write(text);
    parser.end();
  });
}

describe('the SHACL validator itself', () => {
  it("accepts the validator service's valid fixture and rejects its invalid one", async () => {
    expect((await validate(new Parser().parse(resource('valid_catalog.ttl')))).violations).toEqual([]);
    const invalid = await validate(new Parser().parse(resource('invalid_catalog.ttl')));
    expect(invalid.conforms).toBe(false);
    expect(invalid.violations).toHaveLength(2);
  });
});

describe.each(dataTargets())('the DCAT-AP-NO catalogue on $name PostgreSQL', (target) => {
  let t: TestApp;
  let turtle = '';
  let quads: Quad[] = [];
  beforeAll(async () => {
    t = await createTestApp(target, { publicUrl: 'https://nytenk.example.no' });
    const token = await createToken(t, (await createUser(t, { org: '935478715' })).id);
    await createCaseViaApi(t, token);
    const res = await t.app.inject('/open-data/catalog.ttl');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/turtle; charset=utf-8');
    turtle = res.body;
    quads = new Parser({ baseIRI: 'https://nytenk.example.no/' }).parse(turtle);
  });
  afterAll(async () => t?.close());

  const dataset = 'https://nytenk.example.no/open-data#cases';
  const without = (subject: string, predicate: string) => quads.filter((q) => !(q.subject.value === subject && q.predicate.value === predicate));

  it('describes every registered dataset with a CSV and a JSON distribution, published by a real organisation', () => {
    const store = new Store(quads);
    const ofType = store.getSubjects(`${NS.rdf}type`, `${NS.dcat}Dataset`, null).map((s) => s.value);
    expect(ofType.sort()).toEqual(t.app.features.datasets.map((d) => `https://nytenk.example.no/open-data#${d.id}`).sort());
    expect(store.getObjects(dataset, `${NS.dct}publisher`, null).map((o) => o.value)).toEqual(['https://data.brreg.no/enhetsregisteret/api/enheter/991825827']);
    const downloads = store.getObjects(null, `${NS.dcat}downloadURL`, null).map((o) => o.value);
    expect(downloads).toEqual(expect.arrayContaining(['https://nytenk.example.no/open-data/cases.csv', 'https://nytenk.example.no/open-data/cases.json']));
    expect(store.getObjects(dataset, `${NS.dct}modified`, null)).toHaveLength(1);
  });

  it('conforms to the official DCAT-AP-NO shapes: zero violations, zero warnings (Turtle)', async () => {
    const result = await validate(quads);
    expect(result.violations).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.conforms).toBe(true);
  });

  it('conforms as JSON-LD too, and says the same as the Turtle', async () => {
    const res = await t.app.inject('/open-data/catalog.jsonld');
    expect(res.headers['content-type']).toBe('application/ld+json; charset=utf-8');
    const fromJson = await parseJsonLd(res.body, 'https://nytenk.example.no/');
    expect((await validate(fromJson)).violations).toEqual([]);
    expect(fromJson.length).toBe(quads.length);
  });

  it('fails when a dataset has no title, and when it has no publisher (the validator runs)', async () => {
    const noTitle = await validate(without(dataset, `${NS.dct}title`));
    expect(noTitle.conforms).toBe(false);
    expect(noTitle.violations.join('\n')).toMatch(/open-data#cases http:\/\/purl\.org\/dc\/terms\/title/);
    const noPublisher = await validate(without(dataset, `${NS.dct}publisher`));
    expect(noPublisher.conforms).toBe(false);
    expect(noPublisher.violations.join('\n')).toMatch(/open-data#cases http:\/\/purl\.org\/dc\/terms\/publisher/);
    // A licence outside the EU vocabulary is a violation too.
    const badLicence = quads.map((q) =>
      q.predicate.value === `${NS.dct}license` ? DataFactory.quad(q.subject, q.predicate, DataFactory.namedNode('https://example.org/my-licence')) : q,
    );
    expect((await validate(badLicence)).conforms).toBe(false);
  });
});
