import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataTargets } from './helpers/db.js';
import { createTestApp, type TestApp } from './helpers/app.js';

describe('the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dataTargets()[0]!);
  });
  afterAll(async () => t?.close());

  // The document API clients rely on does not move when the code does: a change to it is a change of
  // this file in the same commit (`UPDATE_OPENAPI=1 npm test -- test/openapi.test.ts` writes it).
  it('is the document recorded in test/fixtures/openapi.json', async () => {
    const served = (await t.app.inject('/api/openapi.json')).json();
    const file = new URL('./fixtures/openapi.json', import.meta.url);
    if (process.env.UPDATE_OPENAPI === '1') fs.writeFileSync(file, `${JSON.stringify(served, null, 2)}\n`);
    expect(served).toEqual(JSON.parse(fs.readFileSync(file, 'utf8')));
  });

  it('describes every API route with named shared schemas and problem+json errors', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/organisations', '/api/v1/organisations/{orgnr}', '/api/v1/cases', '/api/v1/cases/{id}', '/api/v1/cases/{id}/history', '/api/v1/cases/{id}/adoptions', '/api/v1/trials', '/api/v1/themes', '/api/v1/cases/{id}/similar', '/api/v1/cases/similar-to']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Problem', 'Case', 'Trial', 'Organisation']));
    // Every operation declares its success response and at least one problem response.
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
      if (!path.startsWith('/api/')) continue;
      for (const [method, op] of Object.entries(ops)) {
        const codes = Object.keys(op.responses);
        expect(codes.some((c) => c.startsWith('2')), `${method} ${path}`).toBe(true);
        expect(codes.some((c) => c.startsWith('4')), `${method} ${path} has a problem response`).toBe(true);
      }
    }
    // Pages are not part of the API document.
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/cases') || p.startsWith('/organisations'))).toBe(false);
  });
});
