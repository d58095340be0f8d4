import { en } from './en.js';
import { nb, type Messages } from './nb.js';
import { nn } from './nn.js';

export type Lang = 'nb' | 'nn' | 'en';
export type { Messages };

export const LANGS: readonly Lang[] = ['nb', 'nn', 'en'];
export const DEFAULT_LANG: Lang = 'nb';

const catalogues: Record<Lang, Messages> = { nb, nn, en };

export function messages(lang: Lang): Messages {
  return catalogues[lang];
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** BCP 47 tags for `<html lang>` and Intl: nynorsk and bokmål are distinct languages to screen readers. */
export const htmlLang: Record<Lang, string> = { nb: 'nb', nn: 'nn', en: 'en' };

const numberFormats: Record<Lang, Intl.NumberFormat> = {
  nb: new Intl.NumberFormat('nb-NO'),
  nn: new Intl.NumberFormat('nn-NO'),
  en: new Intl.NumberFormat('en-GB'),
};

/** Numbers in the reader's language; Norwegian uses a (non-breaking) space as thousands separator. */
export function formatNumber(lang: Lang, n: number): string {
  return numberFormats[lang].format(n);
}

const dateFormats: Record<Lang, Intl.DateTimeFormat> = {
  nb: new Intl.DateTimeFormat('nb-NO', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Oslo' }),
  nn: new Intl.DateTimeFormat('nn-NO', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Oslo' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Oslo' }),
};

/** Times are stored in UTC and shown in Europe/Oslo. */
export function formatDateTime(lang: Lang, d: Date): string {
  return dateFormats[lang].format(d);
}

export const collator = new Intl.Collator('nb');
