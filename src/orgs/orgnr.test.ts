import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isValidOrgnr, normaliseOrgnr, orgnrProblem } from '../core/orgnr.js';

interface ReferenceOrganisation {
  orgnr: string | null;
  name: string;
  kind: string;
  municipalityNumber: string | null;
  countyNumber: string | null;
  parentOrgnr: string | null;
}

const reference = (file: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../resources/reference/${file}`, import.meta.url), 'utf8'));

describe('orgnr', () => {
  it('accepts real organisation numbers', () => {
    expect(isValidOrgnr('958935420')).toBe(true); // Oslo kommune
    expect(isValidOrgnr('991825827')).toBe(true); // Digitaliseringsdirektoratet
    expect(orgnrProblem('958935420')).toBeNull();
  });

  it('rejects a wrong check digit', () => {
    expect(orgnrProblem('123456789')).toBe('check_digit');
    expect(isValidOrgnr('123456789')).toBe(false);
    expect(orgnrProblem('958935421')).toBe('check_digit');
  });

  it('rejects numbers whose check digit would be 10', () => {
    // Weighted sum of 40000000 is 4·3 = 12 ≡ 1 (mod 11), so the check digit would be 11 − 1 = 10:
    // no ninth digit makes 40000000x valid.
    for (let d = 0; d <= 9; d++) expect(orgnrProblem(`40000000${d}`)).toBe('check_digit');
  });

  it('normalises spaces', () => {
    expect(normaliseOrgnr('958 935 420')).toBe('958935420');
    expect(normaliseOrgnr(' 958\u00a0935 420 ')).toBe('958935420');
    expect(isValidOrgnr('958 935 420')).toBe(true);
  });

  it('reports format problems', () => {
    expect(orgnrProblem('12345')).toBe('format');
    expect(orgnrProblem('')).toBe('format');
    expect(orgnrProblem('95893542O')).toBe('format');
    expect(orgnrProblem('9589354200')).toBe('format');
  });
});

describe('reference data (resources/reference)', () => {
  const organisations = reference('organisations.json') as ReferenceOrganisation[];
  const counties = reference('counties.json') as { number: string; name: string; orgnr: string | null }[];

  it('has only valid, unique orgnrs', () => {
    const orgnrs = organisations.map((o) => o.orgnr).filter((o): o is string => o !== null);
    for (const orgnr of orgnrs) expect(orgnrProblem(orgnr), orgnr).toBeNull();
    expect(new Set(orgnrs).size).toBe(orgnrs.length);
  });

  it('lacks an orgnr only for Haram (1580), which the sources do not give', () => {
    const missing = organisations.filter((o) => o.orgnr === null);
    expect(missing.map((o) => o.municipalityNumber)).toEqual(['1580']);
  });

  it('has exactly the 357 municipalities of 2024, each with its own 4-digit number', () => {
    const municipalities = organisations.filter((o) => o.kind === 'municipality');
    expect(municipalities).toHaveLength(357);
    const numbers = municipalities.map((o) => o.municipalityNumber);
    for (const n of numbers) expect(n).toMatch(/^[0-9]{4}$/);
    expect(new Set(numbers).size).toBe(357);
  });

  it('has the county authorities of 2024', () => {
    const authorities = organisations.filter((o) => o.kind === 'county_authority');
    expect([14, 15]).toContain(authorities.length);
    for (const a of authorities) expect(a.countyNumber).toMatch(/^[0-9]{2}$/);
    expect(counties).toHaveLength(15);
    expect(counties.find((c) => c.number === '03')?.orgnr).toBe('958935420');
  });

  it('knows Oslo kommune', () => {
    expect(organisations.find((o) => o.orgnr === '958935420')?.name).toBe('Oslo kommune');
  });

  it('only points parents at organisations in the dataset', () => {
    const orgnrs = new Set(organisations.map((o) => o.orgnr));
    for (const o of organisations) if (o.parentOrgnr) expect(orgnrs.has(o.parentOrgnr), o.name).toBe(true);
  });
});
