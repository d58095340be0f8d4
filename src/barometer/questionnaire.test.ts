import { describe, expect, it } from 'vitest';
import * as bench from '../../bench/generate.js';
import { LANGS } from '../i18n/index.js';
import { BAROMETER_BARRIERS, BAROMETER_DRIVERS, isAsked, localisedItems, pagesFor, questionnaireItems, SCALE_VALUES } from './questionnaire.js';

describe('barometer questionnaire v1', () => {
  it('uses the same drivers and barriers as the bench generator', () => {
    expect([...BAROMETER_DRIVERS]).toEqual([...bench.BAROMETER_DRIVERS]);
    expect([...BAROMETER_BARRIERS]).toEqual([...bench.BAROMETER_BARRIERS]);
  });

  it('has an item for every value a generated answer holds, with the same option values', () => {
    const items = new Map(questionnaireItems().map((i) => [i.id, i]));
    const values = (id: string) => new Set(items.get(id)!.options.map((o) => o.value));
    for (const id of ['innovated', 'innovationCount', 'underDevelopment', 'latest.types', 'latest.origin', 'latest.initiators', 'latest.developedWith', 'latest.values', 'latest.evaluated', 'latest.activelySpread', 'sector', 'sizeBand']) {
      expect(items.has(id), id).toBe(true);
    }
    for (const k of BAROMETER_DRIVERS) expect(items.get(`drivers.${k}`)?.kind).toBe('scale_1_6');
    for (const k of BAROMETER_BARRIERS) expect(items.get(`barriers.${k}`)?.kind).toBe('scale_1_6');
    expect(values('innovationCount')).toEqual(new Set(['1', '2-3', '4-5', '6+']));
    expect(values('sizeBand')).toEqual(new Set(['1-9', '10-49', '50-249', '250+']));
    expect(values('sector')).toEqual(new Set(['municipal', 'county', 'state']));
    expect(values('latest.origin')).toEqual(new Set(['first_of_its_kind', 'inspired', 'reused']));
    expect(items.get('latest.initiators')?.max).toBe(3);
    expect([...values('barriers.regulations')]).toEqual([...SCALE_VALUES]);
  });

  it('words every item and option in nb, nn and en', () => {
    for (const lang of LANGS) {
      for (const item of localisedItems(lang)) {
        expect(item.question.length, `${lang} ${item.id}`).toBeGreaterThan(0);
        for (const o of item.options) expect(o.label.length, `${lang} ${item.id} ${o.value}`).toBeGreaterThan(0);
      }
    }
  });

  it('asks the latest-innovation block only of innovators and "under development" only of the others', () => {
    const items = questionnaireItems();
    const latest = items.filter((i) => i.id.startsWith('latest.'));
    expect(latest.every((i) => isAsked(i, true) && !isAsked(i, false))).toBe(true);
    const dev = items.find((i) => i.id === 'underDevelopment')!;
    expect(isAsked(dev, false) && !isAsked(dev, true)).toBe(true);
    expect(pagesFor(false)).not.toContain('latest');
    expect(pagesFor(true)).toContain('latest');
  });
});
