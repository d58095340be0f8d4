import { BODY_KINDS, type BodyFacts, type BodyKind, type DashboardFilter } from '../core/indicators.js';

export { BODY_KINDS, type BodyFacts, type BodyKind, type DashboardFilter };

/**
 * On-board levels, lowest to highest. An organisation's level for a period is the highest it
 * reached in it: an active member (any time up to the period's end), a published public case, a
 * barometer answer, an innovation it adopted or that others adopted from it (spread).
 */
export const LEVELS = ['none', 'member', 'case', 'barometer', 'adoption'] as const;
export type Level = (typeof LEVELS)[number];
export type LevelIndex = 0 | 1 | 2 | 3 | 4;


/** The first year the dashboard offers (the white paper is from 2020; imported cases go further back). */
export const FIRST_YEAR = 2000;


/** The default period: the ten years up to this one. */
export function defaultPeriod(now: Date): { from: number; to: number } {
  const to = now.getUTCFullYear();
  return { from: to - 9, to };
}

/**
 * Reads the period from a GET form: `year` alone means that year; `from`/`to` a span (swapped if
 * given backwards, clamped to FIRST_YEAR..this year, at most 30 years). Anything missing falls back
 * to the default period.
 */
export function periodFrom(input: { year?: number | undefined; from?: number | undefined; to?: number | undefined }, now: Date): { from: number; to: number } {
  const current = now.getUTCFullYear();
  const clamp = (y: number) => Math.min(current, Math.max(FIRST_YEAR, y));
  if (input.year) return { from: clamp(input.year), to: clamp(input.year) };
  const d = defaultPeriod(now);
  let from = clamp(input.from ?? (input.to ? input.to - 9 : d.from));
  let to = clamp(input.to ?? (input.from ? Math.min(current, from + 9) : d.to));
  if (from > to) [from, to] = [to, from];
  if (to - from > 29) from = to - 29;
  return { from, to };
}

/** The years of a period, oldest first. */
export function yearsOf(f: { from: number; to: number }): number[] {
  const out: number[] = [];
  for (let y = f.from; y <= f.to; y++) out.push(y);
  return out;
}


const inPeriod = (years: number[], f: { from: number; to: number }) => years.some((y) => y >= f.from && y <= f.to);

/** The highest level a body reached in the period. */
export function levelIn(b: BodyFacts, f: { from: number; to: number }): LevelIndex {
  if (inPeriod(b.adoptionYears, f)) return 4;
  if (inPeriod(b.barometerYears, f)) return 3;
  if (inPeriod(b.caseYears, f)) return 2;
  if (b.memberSince !== null && b.memberSince <= f.to) return 1;
  return 0;
}

/** Whether a body had a member / a published case / a barometer answer in the period (the PRODUCT.md on-board shares; each on its own, not the highest level). */
export function hadIn(b: BodyFacts, what: 'member' | 'case' | 'barometer' | 'adoption', f: { from: number; to: number }): boolean {
  if (what === 'member') return b.memberSince !== null && b.memberSince <= f.to;
  return inPeriod(what === 'case' ? b.caseYears : what === 'barometer' ? b.barometerYears : b.adoptionYears, f);
}
