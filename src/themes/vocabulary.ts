import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LosKind } from '../db/schema.js';
import type { Lang } from '../i18n/index.js';

export type { LosKind };

/**
 * The committed LOS vocabulary (resources/los/los-concepts.json, built by scripts/build-los.ts).
 * The database holds the same concepts for search and for tagging; the theme tree of the picker is
 * drawn from this file, so a form renders its checkboxes without a query.
 */
export const LOS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources/los/los-concepts.json');

export interface LosConcept {
  uri: string;
  kind: LosKind;
  labelNb: string;
  labelNn: string;
  /** The bokmål label where LOS has no English one. */
  labelEn: string;
  synonymsNb: string[];
  synonymsNn: string[];
  broader: string[];
  /** The main theme reached through the first broader link; itself for a main theme; null for life events. */
  mainTheme: string | null;
}

const cache = new Map<string, LosConcept[]>();

/** The concepts of the committed file (read once per file). */
export function readLosConcepts(file = LOS_FILE): LosConcept[] {
  let concepts = cache.get(file);
  if (!concepts) {
    concepts = JSON.parse(readFileSync(file, 'utf8')) as LosConcept[];
    cache.set(file, concepts);
  }
  return concepts;
}

export function labelIn(c: Pick<LosConcept, 'labelNb' | 'labelNn' | 'labelEn'>, lang: Lang): string {
  return lang === 'nn' ? c.labelNn : lang === 'en' ? c.labelEn : c.labelNb;
}

export function isMainTheme(c: Pick<LosConcept, 'kind' | 'broader'>): boolean {
  return c.kind === 'tema' && c.broader.length === 0;
}

export interface ThemeGroup {
  uri: string;
  label: string;
  themes: { uri: string; label: string }[];
}

const collator = new Intl.Collator('nb');
const trees = new Map<Lang, ThemeGroup[]>();

/**
 * The 14 main themes, each with the themes under it, labelled in `lang` and sorted in Norwegian
 * order. Words (427) are left out: too many for one list, they are found through the search.
 */
export function themeTree(lang: Lang): ThemeGroup[] {
  let tree = trees.get(lang);
  if (!tree) {
    const concepts = readLosConcepts();
    const byLabel = <T extends { label: string }>(a: T, b: T) => collator.compare(a.label, b.label);
    tree = concepts
      .filter(isMainTheme)
      .map((main) => ({
        uri: main.uri,
        label: labelIn(main, lang),
        themes: concepts
          .filter((c) => c.kind === 'tema' && c.uri !== main.uri && c.mainTheme === main.uri)
          .map((c) => ({ uri: c.uri, label: labelIn(c, lang) }))
          .sort(byLabel),
      }))
      .sort(byLabel);
    trees.set(lang, tree);
  }
  return tree;
}
