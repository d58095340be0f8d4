/**
 * Builds the committed LOS vocabulary (resources/los/los-concepts.json and its README.md).
 *
 *   npx tsx scripts/build-los.ts [path/to/shared/data/reference/los]
 *
 * LOS is Digdir's vocabulary of public-service themes (see shared/data/PROVENANCE.md). The output is
 * deterministic: running it twice on the same input gives byte-identical files, so a diff after a
 * re-run shows real changes in the vocabulary. Every rule that decides what goes in is in this file
 * and is repeated in the README it writes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { LosConcept, LosKind } from '../src/themes/vocabulary.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.resolve(process.argv[2] ?? path.join(projectRoot, '../shared/data/reference/los'));
const SOURCE_FILE = 'los-concepts.csv';
const outDir = path.join(projectRoot, 'resources/los');

type Row = Record<'uri' | 'kind' | 'pref_nb' | 'pref_nn' | 'pref_en' | 'synonyms_nb' | 'synonyms_nn' | 'note' | 'broader' | 'related', string>;

const rows = parse(readFileSync(path.join(sourceDir, SOURCE_FILE), 'utf8'), {
  columns: true,
  skip_empty_lines: true,
  bom: true,
}) as Row[];

const KINDS: readonly LosKind[] = ['tema', 'ord', 'hendelse'];
const problems: string[] = [];
const cleaned: string[] = [];

/** '*' (and an empty cell) is how the source says «no label in this language». */
const missing = (v: string) => v.trim() === '' || /^\*+$/.test(v.trim());

function synonyms(cell: string, uri: string): string[] {
  const out: string[] = [];
  for (const raw of cell.split('|')) {
    // One synonym in the source ends in a stray '>' («Renovasjonsgebyr>»): a typo, not part of the word.
    const value = raw.trim().replace(/>+$/, '').trim();
    const note = `«${raw.trim()}» → «${value}» (${uri.replace(/^.*\//, '')})`;
    if (value !== raw.trim() && !cleaned.includes(note)) cleaned.push(note);
    if (!missing(value) && !out.includes(value)) out.push(value);
  }
  return out;
}

const byUri = new Map<string, Row>();
for (const row of rows) {
  if (byUri.has(row.uri)) problems.push(`duplicate uri ${row.uri}`);
  byUri.set(row.uri, row);
  if (!KINDS.includes(row.kind as LosKind)) problems.push(`${row.uri}: unknown kind ${row.kind}`);
  if (missing(row.pref_nb) || missing(row.pref_nn)) problems.push(`${row.uri}: no bokmål or nynorsk label`);
}

const broaderOf = (row: Row) => row.broader.split(/\s+/).filter(Boolean);
for (const row of rows) {
  for (const b of broaderOf(row)) if (!byUri.has(b)) problems.push(`${row.uri}: broader ${b} is not in the vocabulary`);
}

/**
 * The main theme a concept sits under: follow the first broader link up to a theme with none.
 * A word may sit under several themes (77 do); the first listed one decides, as the source orders
 * them. Life events stand outside the theme tree and have none.
 */
function mainThemeOf(row: Row): string | null {
  if (row.kind === 'hendelse') return null;
  const seen = new Set<string>();
  let current = row;
  for (;;) {
    if (seen.has(current.uri)) {
      problems.push(`${row.uri}: broader links go round in a circle`);
      return null;
    }
    seen.add(current.uri);
    const first = broaderOf(current)[0];
    if (!first) break;
    const next = byUri.get(first);
    if (!next) return null;
    current = next;
  }
  if (current.kind !== 'tema') {
    problems.push(`${row.uri}: the top of its broader chain, ${current.uri}, is not a theme`);
    return null;
  }
  return current.uri;
}

const noEnglish: string[] = [];
const concepts: LosConcept[] = rows
  .map((row) => {
    const labelNb = row.pref_nb.trim();
    if (missing(row.pref_en)) noEnglish.push(labelNb);
    return {
      uri: row.uri,
      kind: row.kind as LosKind,
      labelNb,
      labelNn: row.pref_nn.trim(),
      // Five concepts (all life events) have no English label: English readers get the bokmål one.
      labelEn: missing(row.pref_en) ? labelNb : row.pref_en.trim(),
      synonymsNb: synonyms(row.synonyms_nb, row.uri),
      synonymsNn: synonyms(row.synonyms_nn, row.uri),
      broader: broaderOf(row),
      mainTheme: mainThemeOf(row),
    };
  })
  .sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));

if (problems.length > 0) {
  process.stderr.write(`build-los: the source has problems:\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}

const mainThemes = concepts.filter((c) => c.kind === 'tema' && c.broader.length === 0);
const counts = {
  total: concepts.length,
  main: mainThemes.length,
  themes: concepts.filter((c) => c.kind === 'tema' && c.broader.length > 0).length,
  words: concepts.filter((c) => c.kind === 'ord').length,
  events: concepts.filter((c) => c.kind === 'hendelse').length,
  multiBroader: concepts.filter((c) => c.broader.length > 1).length,
  // Concepts whose broader links lead to more than one main theme: listed under the first only.
  spanning: concepts.filter((c) => new Set(c.broader.map((b) => concepts.find((x) => x.uri === b)?.mainTheme)).size > 1).length,
  synonyms: concepts.reduce((n, c) => n + c.synonymsNb.length + c.synonymsNn.length, 0),
};
const collator = new Intl.Collator('nb');
const perMain = mainThemes
  .map((m) => ({
    label: m.labelNb,
    themes: concepts.filter((c) => c.kind === 'tema' && c.mainTheme === m.uri && c.uri !== m.uri).length,
    words: concepts.filter((c) => c.kind === 'ord' && c.mainTheme === m.uri).length,
  }))
  .sort((a, b) => collator.compare(a.label, b.label));

const readme = `# LOS: Digdir's vocabulary of public-service themes

Generated by \`npx tsx scripts/build-los.ts [source-dir]\` (default source dir:
\`../shared/data/reference/los\` relative to the project root). Do not edit the JSON by hand: change
the script or the source and re-run it. The output is deterministic.

Loaded into the \`los_concepts\` table on first start (\`ensureLosConcepts\`), by the test template and
by \`nytenk reference load\` (which refreshes it). Cases are tagged with these concepts; the API serves
them at \`GET /api/v1/themes\`.

## Source and licence

\`${SOURCE_FILE}\` from Informasjonsforvaltning/fdk-reference-data: LOS («Los – felles vokabular for
offentlige tjenester»), published by Digitaliseringsdirektoratet (Digdir) as open data; the repository is
Apache-2.0. Attribute as «Temaer: Digdirs LOS». Concept URIs (\`https://psi.norge.no/los/…\`) are LOS's own
and stable: store them, never the labels.

## File

**los-concepts.json**: ${counts.total} concepts sorted by URI, each
\`{ uri, kind, labelNb, labelNn, labelEn, synonymsNb, synonymsNn, broader, mainTheme }\`:

- \`kind\`: \`tema\` (a theme), \`ord\` (a word: the specific subject under a theme) or \`hendelse\` (a life event).
- \`labelNb\`, \`labelNn\`, \`labelEn\`: the preferred labels. Where the source has no English label
  (\`*\`), \`labelEn\` is the bokmål one: ${noEnglish.map((l) => `«${l}»`).join(', ')}.
- \`synonymsNb\`, \`synonymsNn\`: hidden labels (other words people search with, e.g. «Svangerskapsavbrudd» for
  Abort), split on \`|\`, trimmed, duplicates removed.${cleaned.length ? ` Cleaned (a stray \`>\` in the source): ${cleaned.join('; ')}.` : ''}
- \`broader\`: the URIs of the broader concepts, in the source's order.
- \`mainTheme\`: the main theme reached by following the **first** broader link up to a theme with none
  (${counts.multiBroader} concepts have more than one broader, ${counts.spanning} of them under different main
  themes; the first decides); a main theme's own URI for
  a main theme; \`null\` for life events, which stand outside the theme tree.

Notes (\`note\`) and related links (\`related\`) are in the source but not used here.

## Counts

| what | count |
|---|---|
| main themes (\`tema\` without \`broader\`) | ${counts.main} |
| other themes (\`tema\`) | ${counts.themes} |
| words (\`ord\`) | ${counts.words} |
| life events (\`hendelse\`) | ${counts.events} |
| **all concepts** | **${counts.total}** |
| hidden labels (bokmål + nynorsk) | ${counts.synonyms} |

| main theme | themes | words |
|---|---|---|
${perMain.map((m) => `| ${m.label} | ${m.themes} | ${m.words} |`).join('\n')}

## How to rebuild

1. Put a newer \`${SOURCE_FILE}\` (same columns: \`uri, kind, pref_nb, pref_nn, pref_en, synonyms_nb,
   synonyms_nn, note, broader, related\`) in a folder.
2. \`npx tsx scripts/build-los.ts <folder>\`. The script stops, naming the rows, if a broader link points
   outside the vocabulary, a label is missing or the links go round in a circle.
3. Review the diff, commit, and run \`nytenk reference load\` where the data should be refreshed. The
   load upserts by URI; concepts that disappear from LOS stay in the table, since cases may be tagged
   with them.
`;

mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'los-concepts.json'), JSON.stringify(concepts, null, 2) + '\n');
writeFileSync(path.join(outDir, 'README.md'), readme);
process.stderr.write(
  `build-los: ${counts.total} concepts (${counts.main} main themes, ${counts.themes} themes, ${counts.words} words, ${counts.events} life events) → ${path.relative(projectRoot, outDir)}\n`,
);
