/**
 * CSV versions of the statistics tables (core/csv.ts: formula-safe cells; UTF-8 with a byte-order mark so
 * spreadsheet programs read æ, ø, å; dot decimals, shares in per cent with one decimal). Suppressed
 * groups have empty figures and `suppressed` = true: the file never holds more than the page. In groups
 * under 10 answers (disclosure.ts rule 4) count, share, interval and mean are empty and `share_band_pct`
 * gives the band (`0-20`, `20-80`, `80-100`).
 */
import { csvDocument } from '../core/csv.js';
import type { Lang } from '../i18n/index.js';
import { optionLabel } from './questionnaire.js';
import { NO_ANSWER } from './stats.js';
import type { PublishedOption } from './disclosure.js';
import type { GroupResult, ItemResult, TrendResult } from './stats.service.js';

const p1 = (v: number) => (v * 100).toFixed(1);
const d2 = (v: number) => v.toFixed(2);
const band = (o: PublishedOption) => (o.band ? `${o.band[0] * 100}-${o.band[1] * 100}` : '');

const ITEM_HEADER = ['item', 'group', 'group_label', 'answers', 'suppressed', 'option', 'option_label', 'count', 'share_pct', 'ci_low_pct', 'ci_high_pct', 'mean', 'mean_ci_low', 'mean_ci_high', 'share_band_pct'];

function itemRows(r: ItemResult, groupLabel: (g: GroupResult) => string, lang: Lang): (string | number | boolean)[][] {
  const rows: (string | number | boolean)[][] = [];
  for (const g of [r.total, ...r.groups]) {
    const common = [r.item.id, g.value ?? '', groupLabel(g), g.n ?? '', g.suppressed];
    if (!g.figures) {
      rows.push([...common, '', '', '', '', '', '', '', '', '', '']);
      continue;
    }
    const m = g.figures.mean;
    for (const o of g.figures.options) {
      const label = o.value === NO_ANSWER ? 'no answer' : optionLabel(r.item.id, o.value, lang);
      rows.push([...common, o.value, label, o.count ?? '', o.share === null ? '' : p1(o.share), o.ci ? p1(o.ci[0]) : '', o.ci ? p1(o.ci[1]) : '', m ? d2(m.value) : '', m ? d2(m.ci[0]) : '', m ? d2(m.ci[1]) : '', band(o)]);
    }
  }
  return rows;
}

/** Items (one, or a scale block): a row per item, group and option (count, share, interval; for a scale also the mean). */
export function itemsCsv(results: ItemResult[], groupLabel: (g: GroupResult) => string, lang: Lang): string {
  return csvDocument([ITEM_HEADER, ...results.flatMap((r) => itemRows(r, groupLabel, lang))], { lineEnd: 'lf' });
}

/** A trend: a row per item, round and option. */
export function trendCsv(trends: TrendResult[], lang: Lang): string {
  const rows: (string | number | boolean)[][] = [['item', 'round', 'round_title', 'year', 'answers', 'suppressed', 'option', 'option_label', 'count', 'share_pct', 'ci_low_pct', 'ci_high_pct', 'share_band_pct']];
  for (const t of trends) {
    for (const p of t.points) {
      const common = [t.item.id, p.round.key, p.round.title, p.round.year, p.n ?? '', p.suppressed];
      if (!p.figures) rows.push([...common, '', '', '', '', '', '', '']);
      else for (const o of p.figures.options) rows.push([...common, o.value, optionLabel(t.item.id, o.value, lang), o.count ?? '', o.share === null ? '' : p1(o.share), o.ci ? p1(o.ci[0]) : '', o.ci ? p1(o.ci[1]) : '', band(o)]);
    }
  }
  return csvDocument(rows, { lineEnd: 'lf' });
}
