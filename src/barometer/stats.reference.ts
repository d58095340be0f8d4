/**
 * The published national barometer figures (resources/barometer/published-aggregates.csv, KS and CO-PI;
 * see the README there), as reference lines for the items they match.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export interface ReferenceLine {
  item: string;
  option: string;
  /** e.g. "KS Innovasjonsbarometer 2018". */
  source: string;
  population: string;
  /** 0–1. */
  value: number;
  /** As published: "~75% (tre av fire)". */
  published: string;
  /** The figure is approximate ("about", "more than"). */
  approximate: boolean;
  url: string;
}

/** Which published metric matches which item and option (same question, same base). */
const MATCHES: Record<string, { item: string; option: string }> = {
  share_with_innovation_last_2y: { item: 'innovated', option: 'yes' },
  share_with_innovation_under_development: { item: 'underDevelopment', option: 'yes' },
};

const file = fileURLToPath(new URL('../../resources/barometer/published-aggregates.csv', import.meta.url));

/** Parses the published figures; rows whose metric matches no item are left out. */
export function parseReferences(csv: string): ReferenceLine[] {
  const rows = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.flatMap((r) => {
    const match = MATCHES[r.metric ?? ''];
    const number = /(\d+(?:[.,]\d+)?)/.exec(r.value ?? '');
    if (!match || !number) return [];
    return [
      {
        ...match,
        source: `${r.barometer} ${r.edition}`,
        population: r.population ?? '',
        value: Number(number[1]!.replace(',', '.')) / 100,
        published: r.value ?? '',
        approximate: /[~<>]/.test(r.value ?? ''),
        url: r.source_url ?? '',
      },
    ];
  });
}

const ALL = parseReferences(readFileSync(file, 'utf8'));

/** Reference lines for an item (all options). */
export function referencesFor(item: string): ReferenceLine[] {
  return ALL.filter((r) => r.item === item);
}
