import { csvDocument } from '../core/csv.js';
import type { Lang } from '../i18n/index.js';
import { figureValue } from './dashboard.chart.js';
import type { DashboardMessages } from './dashboard.messages.js';
import { LEVELS } from './dashboard.model.js';
import { type DashboardFilter } from '../core/indicators.js';
import type { BodyLevel } from './dashboard.service.js';
import type { IndicatorDef, Series } from '../core/indicators.js';

// Formula-safe cells (core/csv.ts); no byte-order mark, as these files have always been written.
const lines = (rows: (string | number | null)[][]) => csvDocument(rows, { bom: false });

/** Every body of the table with its level; machine-readable level ids beside the words in the reader's language. */
export function participationCsv(dm: DashboardMessages, bodies: BodyLevel[], countyNames: Map<string, string>, f: DashboardFilter): string {
  return lines([
    ['orgnr', 'name', 'kind', 'municipality_number', 'county_number', 'county', 'level', 'level_label', 'period_from', 'period_to'],
    ...bodies.map((b) => [b.orgnr, b.name, b.kind, b.municipalityNumber, b.countyNumber, b.countyNumber ? (countyNames.get(b.countyNumber) ?? null) : null, LEVELS[b.level], dm.levels[LEVELS[b.level]], f.from, f.to]),
  ]);
}

/** The summary table: per kind of body, how many are at each level. */
export function summaryCsv(dm: DashboardMessages, counts: Record<string, number[]>, f: DashboardFilter): string {
  return lines([
    ['kind', ...LEVELS, 'total', 'period_from', 'period_to'],
    ...Object.entries(counts).map(([kind, n]) => [kind, ...n, n.reduce((a, b) => a + b, 0), f.from, f.to]),
  ]);
}

/** One row per indicator and year, then one for the whole period (year empty). */
export function indicatorsCsv(lang: Lang, items: { def: IndicatorDef; series: Series }[], f: DashboardFilter): string {
  const rows: (string | number | null)[][] = [['indicator', 'principle', 'label', 'unit', 'year', 'count', 'total', 'value', 'county', 'kind', 'period_from', 'period_to']];
  for (const { def, series } of items) {
    const row = (year: number | null, fig: { count: number; total: number | null }) => [def.id, def.principle, def.label[lang], def.unit, year, fig.count, fig.total, figureValue(fig), f.county ?? null, f.kind ?? null, f.from, f.to];
    for (const [y, fig] of Object.entries(series.years)) rows.push(row(Number(y), fig));
    rows.push(row(null, series.period));
  }
  return lines(rows);
}
