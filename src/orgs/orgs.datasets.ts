import { sql } from 'kysely';
import { ORG_KINDS } from '../core/viewer.js';
import { codeList, column, fingerprintOf, keysetBatches, LOS_PUBLIC_SECTOR, text, type Dataset } from '../core/datasets.js';
import type { DbOrTrx } from '../db/database.js';

/**
 * The organisations as open data (listed in the manifest, served by opendata/): the public
 * register, no members, no e-mail. Counts of public cases use the database function
 * `case_readable_by_anyone` (the cases feature's read rule for the anonymous viewer, installed by
 * the migrator from the cases manifest): organisations sit below cases and do not import them.
 */

/** Organisations with an organisation number: the public register (no members, no e-mail). */
export async function organisationsBatch(db: DbOrTrx, after: string, limit: number) {
  return db
    .selectFrom('organisations as o')
    .leftJoin('organisations as p', 'p.id', 'o.parent_id')
    .where('o.id', '>', after)
    .orderBy('o.id')
    .limit(limit)
    .select([
      'o.id',
      'o.orgnr',
      'o.name',
      'o.kind',
      'o.org_form as orgForm',
      'o.county_number as countyNumber',
      'o.municipality_number as municipalityNumber',
      'p.orgnr as parentOrgnr',
      'o.website',
      'o.country',
      sql<number>`(select count(*)::int from cases c where c.owner_org_id = o.id and case_readable_by_anyone(c))`.as('publicCases'),
      sql<number>`(select count(*)::int from challenges ch where ch.owner_org_id = o.id)`.as('challenges'),
      sql<number>`(select count(*)::int from adoptions a join cases c on c.id = a.source_case_id where a.adopter_org_id = o.id and case_readable_by_anyone(c))`.as('adoptions'),
      'o.updated_at as updatedAt',
    ])
    .execute();
}

/** Count and newest change of what the dataset is made of; cheap aggregates over indexed tables. */
async function organisationsFingerprint(db: DbOrTrx) {
  const row = (await sql<{ count: number; last: Date | null; extra: string }>`
      select count(*)::int as count, max(updated_at) as last,
        (select count(*) || ':' || coalesce(max(c.updated_at)::text, '') from cases c) || ':' || (select count(*) || ':' || coalesce(max(updated_at)::text, '') from challenges) || ':' || (select count(*) from adoptions) as extra
      from organisations`.execute(db)).rows[0]!;
  return { count: row.count, last: row.last ? new Date(row.last) : null, extra: row.extra ?? '' };
}

export const organisationsDataset: Dataset = {
  id: 'organisations',
  order: 20,
  title: text('Organisasjoner i Nytenk', 'Organisasjonar i Nytenk', 'Organisations on Nytenk'),
  description: text(
    'Kommuner, fylkeskommuner, statlige virksomheter og partnere i Nytenk, med antall offentlige saker, utfordringer og gjenbruk.',
    'Kommunar, fylkeskommunar, statlege verksemder og partnarar i Nytenk, med talet på opne saker, utfordringar og gjenbruk.',
    'Municipalities, county authorities, state agencies and partners on Nytenk, with their numbers of public cases, challenges and adoptions.',
  ),
  keywords: text('kommuner, statlige virksomheter, organisasjoner', 'kommunar, statlege verksemder, organisasjonar', 'municipalities, state agencies, organisations'),
  losTheme: LOS_PUBLIC_SECTOR,
  landingPage: '/organisations',
  columns: [
    column('orgnr', 'string', 'Organisasjonsnummer (Enhetsregisteret)', 'Organisasjonsnummer (Einingsregisteret)', 'Organisation number (Central Coordinating Register)'),
    column('name', 'string', 'Navn', 'Namn', 'Name'),
    column('kind', 'string', `Slag (${codeList(ORG_KINDS)})`, `Slag (${codeList(ORG_KINDS)})`, `Kind (${codeList(ORG_KINDS)})`),
    column('org_form', 'string', 'Organisasjonsform (KOMM, FYLK, ORGL …)', 'Organisasjonsform (KOMM, FYLK, ORGL …)', 'Organisation form (KOMM, FYLK, ORGL …)'),
    column('county_number', 'string', 'Fylkesnummer', 'Fylkesnummer', 'County number'),
    column('municipality_number', 'string', 'Kommunenummer', 'Kommunenummer', 'Municipality number'),
    column('parent_orgnr', 'string', 'Overordnet organisasjon (departement)', 'Overordna organisasjon (departement)', 'Parent organisation (ministry)'),
    column('website', 'uri', 'Nettsted', 'Nettstad', 'Website'),
    column('country', 'string', 'Land (ISO 3166)', 'Land (ISO 3166)', 'Country (ISO 3166)'),
    column('public_cases', 'integer', 'Publiserte, offentlige saker den eier', 'Publiserte, opne saker ho eig', 'Published public cases it owns'),
    column('challenges', 'integer', 'Utfordringer den har lagt ut', 'Utfordringar ho har lagt ut', 'Challenges it has posted'),
    column('adoptions', 'integer', 'Offentlige saker den har tatt i bruk', 'Opne saker ho har teke i bruk', 'Public cases it has adopted'),
    column('url', 'uri', 'Organisasjonens side', 'Sida til organisasjonen', 'The organisation page'),
  ],
  batches: (db, site) =>
    keysetBatches(
      (after, limit) => organisationsBatch(db, after, limit),
      (r) => ({
        orgnr: r.orgnr,
        name: r.name,
        kind: r.kind,
        org_form: r.orgForm,
        county_number: r.countyNumber,
        municipality_number: r.municipalityNumber,
        parent_orgnr: r.parentOrgnr,
        website: r.website,
        country: r.country,
        public_cases: r.publicCases,
        challenges: r.challenges,
        adoptions: r.adoptions,
        url: r.orgnr ? `${site.baseUrl}/organisations/${r.orgnr}` : null,
      }),
    ),
  fingerprint: fingerprintOf('organisations', organisationsFingerprint),
};
