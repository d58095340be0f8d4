import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { notifyContentChanged } from '../db/changes.js';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { isValidOrgnr } from '../core/orgnr.js';

/** The committed reference data: every public body in Norway (see resources/reference/README.md). */
export const REFERENCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources/reference');

export interface ReferenceCounty {
  number: string;
  name: string;
  orgnr: string | null;
}

export interface ReferenceOrganisation {
  /** Null only for a municipality whose number the sources lack (see resources/reference/README.md). */
  orgnr: string | null;
  name: string;
  nameSami: string | null;
  aliases: string[];
  kind: 'municipality' | 'county_authority' | 'state_agency' | 'other_public';
  orgForm: string;
  countyNumber: string | null;
  municipalityNumber: string | null;
  parentOrgnr: string | null;
  website: string | null;
  source: string;
}

export async function readReferenceData(dir = REFERENCE_DIR) {
  const counties = JSON.parse(await fs.readFile(path.join(dir, 'counties.json'), 'utf8')) as ReferenceCounty[];
  const organisations = JSON.parse(await fs.readFile(path.join(dir, 'organisations.json'), 'utf8')) as ReferenceOrganisation[];
  const bad = organisations.filter((o) => (o.orgnr === null ? !o.municipalityNumber : !isValidOrgnr(o.orgnr)));
  if (bad.length > 0) throw new Error(`Reference data has invalid organisation numbers: ${bad.map((o) => o.orgnr ?? o.name).join(', ')}`);
  return { counties, organisations };
}

export interface LoadResult {
  counties: number;
  inserted: number;
  updated: number;
}

/**
 * Inserts or refreshes the reference organisations in one transaction. Rows are matched on orgnr;
 * organisations added by users or imports are never touched. Idempotent.
 */
export async function loadReferenceData(db: Db, dir = REFERENCE_DIR): Promise<LoadResult> {
  const { counties, organisations } = await readReferenceData(dir);
  return db.transaction().execute(async (trx) => {
    await sql`
      insert into counties (number, name, orgnr)
      select number, name, orgnr from json_to_recordset(${JSON.stringify(counties)}::json) as c(number text, name text, orgnr text)
      on conflict (number) do update set name = excluded.name, orgnr = excluded.orgnr`.execute(trx);
    const withOrgnr = organisations.filter((o) => o.orgnr !== null);
    const withoutOrgnr = organisations.filter((o) => o.orgnr === null);
    const result = await sql<{ inserted: boolean }>`
      insert into organisations (orgnr, name, name_sami, aliases, kind, org_form, county_number, municipality_number, website, source)
      select orgnr, name, "nameSami", coalesce(array(select json_array_elements_text(aliases)), '{}'), kind, "orgForm",
             "countyNumber", "municipalityNumber", website, 'reference'
      from json_to_recordset(${JSON.stringify(withOrgnr)}::json) as o(
        orgnr text, name text, "nameSami" text, aliases json, kind text, "orgForm" text,
        "countyNumber" text, "municipalityNumber" text, website text)
      on conflict (orgnr) do update set
        name = excluded.name, name_sami = excluded.name_sami, aliases = excluded.aliases, kind = excluded.kind,
        org_form = excluded.org_form, county_number = excluded.county_number,
        municipality_number = excluded.municipality_number, website = excluded.website, updated_at = now()
      where organisations.source = 'reference'
      returning (xmax = 0) as inserted`.execute(trx);
    // Municipalities without a known orgnr are matched on kommunenummer; once the reference data
    // gains their orgnr, the row is updated in place.
    const noOrgnr = await sql<{ inserted: boolean }>`
      insert into organisations (orgnr, name, name_sami, aliases, kind, org_form, county_number, municipality_number, website, source)
      select null, name, "nameSami", coalesce(array(select json_array_elements_text(aliases)), '{}'), kind, "orgForm",
             "countyNumber", "municipalityNumber", website, 'reference'
      from json_to_recordset(${JSON.stringify(withoutOrgnr)}::json) as o(
        name text, "nameSami" text, aliases json, kind text, "orgForm" text, "countyNumber" text, "municipalityNumber" text, website text)
      on conflict (municipality_number) do update set
        name = excluded.name, name_sami = excluded.name_sami, aliases = excluded.aliases,
        county_number = excluded.county_number, website = excluded.website, updated_at = now()
      where organisations.source = 'reference'
      returning (xmax = 0) as inserted`.execute(trx);
    result.rows.push(...noOrgnr.rows);
    await sql`
      update organisations o set parent_id = p.id
      from json_to_recordset(${JSON.stringify(organisations.filter((o) => o.parentOrgnr))}::json) as r(orgnr text, "parentOrgnr" text)
      join organisations p on p.orgnr = r."parentOrgnr"
      where o.orgnr = r.orgnr and o.parent_id is distinct from p.id`.execute(trx);
    const inserted = result.rows.filter((r) => r.inserted).length;
    // Organisation names show on cached pages of running servers.
    await notifyContentChanged(trx, 'organisation');
    return { counties: counties.length, inserted, updated: result.rows.length - inserted };
  });
}

/** Loads reference data only when the table has none (first start). */
export async function ensureReferenceData(db: Db, dir = REFERENCE_DIR): Promise<LoadResult | null> {
  const any = await db.selectFrom('organisations').select('id').where('source', '=', 'reference').limit(1).executeTakeFirst();
  if (any) return null;
  return loadReferenceData(db, dir);
}
