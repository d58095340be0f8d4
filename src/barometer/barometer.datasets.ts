import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { column, LOS_PUBLIC_SECTOR, text, type Dataset, type Row } from '../core/datasets.js';
import { closedRoundSql } from './disclosure.js';
import { DIMENSIONS, type Dimension } from './stats.js';
import { roundStatistics } from './stats.service.js';

/**
 * Innovation-barometer aggregates as open data (listed in the manifest, served by opendata/), from the barometer's own statistics service
 * (`roundStatistics`, which applies the small-cell suppression of stats.ts). Only groups the service
 * shows are exported; a suppressed group has no row at all (not even its size). No single answer
 * is ever read here.
 *
 * Only rounds that have closed (`closedRoundSql`, the one definition in disclosure.ts that the
 * API and pages use too): while a round is open its figures move answer by answer, and two downloads a
 * day apart would differ by the answers given in between. Groups under 10 answers, which the pages show
 * as bands only, are left out: the file has exact figures or none.
 */

const BREAKDOWNS: (Dimension | null)[] = [null, ...DIMENSIONS];

async function closedRounds(db: Db) {
  return (await sql<{ id: string; key: string; year: number; closesOn: string }>`
    select id::text, key, year, closes_on::text as "closesOn" from barometer_rounds r where ${closedRoundSql('r')} order by year, id`.execute(db)).rows;
}

async function* batches(db: Db): AsyncGenerator<Row[]> {
  for (const round of await closedRounds(db)) {
    for (const by of BREAKDOWNS) {
      const out = await roundStatistics(db, round.id, {}, by);
      if (!out.ok) continue;
      const rows: Row[] = [];
      for (const item of out.value.items) {
        for (const g of [item.total, ...item.groups]) {
          // Suppressed (or empty) groups are left out entirely.
          if (g.suppressed || !g.figures || g.n === null) continue;
          if (by && g.value === null) continue;
          for (const o of g.figures.options) {
            if (o.count === null || o.share === null || o.ci === null) continue;
            rows.push({
              round: round.key,
              round_year: round.year,
              item: item.item.id,
              breakdown: by ?? 'all',
              group: by ? (g.value ?? '') : '',
              answers: g.n,
              option: o.value,
              count: o.count,
              share: Number(o.share.toFixed(4)),
              ci_low: Number(o.ci[0].toFixed(4)),
              ci_high: Number(o.ci[1].toFixed(4)),
              mean: g.figures.mean ? Number(g.figures.mean.value.toFixed(3)) : null,
            });
          }
        }
      }
      if (rows.length) yield rows;
    }
  }
}

export const barometerDataset: Dataset = {
  id: 'barometer-aggregates',
  order: 60,
  title: text('Innovasjonsbarometeret: aggregerte tall', 'Innovasjonsbarometeret: aggregerte tal', 'Innovation barometer: aggregate figures'),
  description: text(
    'Andeler og gjennomsnitt per spørsmål for avsluttede barometerrunder, for hele landet og per fylke, slag virksomhet, sektor og størrelse. Grupper med færre enn ti svar, færre enn tre virksomheter eller én virksomhet med over halvparten av svarene, og grupper som kunne avsløre dem, er utelatt.',
    'Delar og gjennomsnitt per spørsmål for avslutta barometerrundar, for heile landet og per fylke, slag verksemd, sektor og storleik. Grupper med færre enn ti svar, færre enn tre verksemder eller éi verksemd med over halvparten av svara, og grupper som kunne avsløre dei, er utelatne.',
    'Shares and means per question for closed barometer rounds, nationally and per county, organisation kind, sector and size. Groups with fewer than ten answers, fewer than three organisations or one organisation with over half the answers, and groups that could reveal them, are left out.',
  ),
  keywords: text('innovasjonsbarometer, statistikk, innovasjon', 'innovasjonsbarometer, statistikk, innovasjon', 'innovation barometer, statistics, innovation'),
  losTheme: LOS_PUBLIC_SECTOR,
  landingPage: '/open-data',
  columns: [
    column('round', 'string', 'Runde (nøkkel)', 'Runde (nøkkel)', 'Round (key)'),
    column('round_year', 'integer', 'Årstall for runden', 'Årstal for runden', 'Year of the round'),
    column('item', 'string', 'Spørsmål (id i spørreskjemaet)', 'Spørsmål (id i spørjeskjemaet)', 'Question (questionnaire item id)'),
    column('breakdown', 'string', 'Inndeling (all, county, kind, sector, size)', 'Inndeling (all, county, kind, sector, size)', 'Breakdown (all, county, kind, sector, size)'),
    column('group', 'string', 'Gruppe innenfor inndelingen (tom for hele landet)', 'Gruppe innanfor inndelinga (tom for heile landet)', 'Group within the breakdown (empty for all)'),
    column('answers', 'integer', 'Svar i gruppen (grunnlaget for spørsmålet)', 'Svar i gruppa (grunnlaget for spørsmålet)', 'Answers in the group (the question’s base)'),
    column('option', 'string', 'Svaralternativ', 'Svaralternativ', 'Answer option'),
    column('count', 'integer', 'Antall som valgte alternativet', 'Talet som valde alternativet', 'Number who chose the option'),
    column('share', 'number', 'Andel (0–1)', 'Del (0–1)', 'Share (0–1)'),
    column('ci_low', 'number', '95 % konfidensintervall, nedre (Wilson)', '95 % konfidensintervall, nedre (Wilson)', '95 % confidence interval, lower (Wilson)'),
    column('ci_high', 'number', '95 % konfidensintervall, øvre (Wilson)', '95 % konfidensintervall, øvre (Wilson)', '95 % confidence interval, upper (Wilson)'),
    column('mean', 'number', 'Gjennomsnitt for skalaspørsmål (1–6)', 'Gjennomsnitt for skalaspørsmål (1–6)', 'Mean of a scale question (1–6)'),
  ],
  batches: (db) => batches(db),
  fingerprint: async (db) => {
    const rows = await closedRounds(db);
    const n = (await sql<{ n: number }>`select count(*)::int as n from barometer_answers a join barometer_rounds r on r.id = a.round_id where ${closedRoundSql('r')}`.execute(db)).rows[0]!.n;
    return { tag: `barometer:${rows.map((r) => r.id).join(',')}:${n}`, lastModified: rows.length ? new Date(`${rows[rows.length - 1]!.closesOn}T00:00:00Z`) : null };
  },
};
