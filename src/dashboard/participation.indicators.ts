import { BODY_KINDS, hadIn } from './dashboard.model.js';
import { type BodyFacts, type DashboardFilter } from '../core/indicators.js';
import { defineGroup, emptySeries, organisationsHref, tally, type IndicatorDef, type Series } from '../core/indicators.js';

/** The bodies an on-board figure counts: the filter's kind when it is a public body's (else none), in the filter's county. */
export function bodiesFor(bodies: BodyFacts[], filter: DashboardFilter): BodyFacts[] {
  const kinds: readonly string[] = filter.kind ? [filter.kind] : BODY_KINDS;
  return bodies.filter((b) => kinds.includes(b.kind) && (!filter.county || b.countyNumber === filter.county));
}

const WHAT = ['member', 'case', 'barometer', 'adoption'] as const;

const labels: Record<(typeof WHAT)[number], IndicatorDef['label']> = {
  member: { nb: 'Andel med minst ett aktivt medlem', nn: 'Del med minst eitt aktivt medlem', en: 'Share with at least one active member' },
  case: { nb: 'Andel som har publisert en innovasjon', nn: 'Del som har publisert ein innovasjon', en: 'Share that published an innovation' },
  barometer: { nb: 'Andel som har svart på barometeret', nn: 'Del som har svart på barometeret', en: 'Share that answered the barometer' },
  adoption: {
    nb: 'Andel som har tatt i bruk eller spredt en innovasjon',
    nn: 'Del som har teke i bruk eller spreidd ein innovasjon',
    en: 'Share that adopted or spread an innovation',
  },
};

/** On board (PRODUCT.md): shares of municipalities, county authorities and state agencies, from the same facts as the map. */
export const participationIndicators = defineGroup<null>({
  feature: 'dashboard',
  order: 10,
  indicators: WHAT.map((what) => ({
    id: `onboard-${what}`,
    principle: 0,
    label: labels[what],
    unit: 'share',
    // The organisation list cannot filter by level: it lists the bodies counted (the total).
    href: (filter) => organisationsHref(filter, filter.kind ?? 'municipality'),
    exactLink: false,
  })),
  load: async () => null,
  compute(_data, filter, all) {
    const bodies = bodiesFor(all, filter);
    const out: Record<string, Series> = {};
    for (const what of WHAT) {
      const s = emptySeries(filter, 'share');
      for (const b of bodies) {
        tally(s.period, hadIn(b, what, filter) ? 1 : 0, 1);
        for (let y = filter.from; y <= filter.to; y++) tally(s.years[y]!, hadIn(b, what, { from: y, to: y }) ? 1 : 0, 1);
      }
      out[`onboard-${what}`] = s;
    }
    return out;
  },
});
