import { sql } from 'kysely';
import { defineGroup, emptySeries, type Series } from '../core/indicators.js';

/*
 * Challenges' contribution to the follow-up dashboard (principle 1, room to act): how many of the
 * challenges posted in the period got as far as dialogue, procurement or partnership. Challenges
 * are public; a challenge counts in the year it was posted, by its owner's county and kind.
 */
export const challengeIndicators = defineGroup<{ y: number; county: string | null; kind: string; total: number; reached: number }[]>({
  feature: 'challenges',
  order: 20,
  indicators: [
    {
      id: 'challenges-dialogue',
      principle: 1,
      unit: 'share',
      label: {
        nb: 'Andel utfordringer som nådde dialog eller anskaffelse',
        nn: 'Del utfordringar som nådde dialog eller anskaffing',
        en: 'Share of challenges that reached dialogue or procurement',
      },
      // The list filters by the current state only: it shows those in dialogue now.
      href: () => '/challenges?state=dialogue',
      exactLink: false,
    },
  ],
  // One statement: challenges by the year posted and the owner's county and kind.
  async load(db) {
    const { rows } = await sql<{ y: number; county: string | null; kind: string; total: number; reached: number }>`
      select extract(year from ch.created_at)::int as y, o.county_number as county, o.kind, count(*)::int as total,
        count(*) filter (where ch.state in ('dialogue', 'procurement', 'partnership')
          or exists (select 1 from challenge_state_changes s where s.challenge_id = ch.id and s.to_state in ('dialogue', 'procurement', 'partnership')))::int as reached
      from challenges ch join organisations o on o.id = ch.owner_org_id
      group by 1, 2, 3`.execute(db);
    return rows;
  },
  compute(rows, f) {
    const s: Series = emptySeries(f, 'share');
    for (const r of rows) {
      if (r.y < f.from || r.y > f.to || (f.county && r.county !== f.county) || (f.kind && r.kind !== f.kind)) continue;
      for (const fig of [s.period, s.years[r.y]]) {
        if (!fig) continue;
        fig.count += r.reached;
        fig.total = (fig.total ?? 0) + r.total;
      }
    }
    return { 'challenges-dialogue': s };
  },
});
