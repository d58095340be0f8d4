import { sql } from 'kysely';
import { emptySeries, type IndicatorGroup, type Series } from '../dashboard/indicator.types.js';

/*
 * Challenges' contribution to the follow-up dashboard (principle 1, room to act): how many of the
 * challenges posted in the period got as far as dialogue, procurement or partnership. Challenges
 * are public; a challenge counts in the year it was posted, by its owner's county and kind.
 */
export const challengeIndicators: IndicatorGroup = {
  feature: 'challenges',
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
  async compute(db, f) {
    const { rows } = await sql<{ y: number; total: number; reached: number }>`
      select extract(year from ch.created_at)::int as y, count(*)::int as total,
        count(*) filter (where ch.state in ('dialogue', 'procurement', 'partnership')
          or exists (select 1 from challenge_state_changes s where s.challenge_id = ch.id and s.to_state in ('dialogue', 'procurement', 'partnership')))::int as reached
      from challenges ch join organisations o on o.id = ch.owner_org_id
      where ch.created_at >= make_date(${f.from}::int, 1, 1) and ch.created_at < make_date(${f.to + 1}::int, 1, 1)
        ${f.county ? sql`and o.county_number = ${f.county}` : sql``}
        ${f.kind ? sql`and o.kind = ${f.kind}` : sql``}
      group by 1`.execute(db);
    const s: Series = emptySeries(f, 'share');
    for (const r of rows) {
      for (const fig of [s.period, s.years[r.y]]) {
        if (!fig) continue;
        fig.count += r.reached;
        fig.total = (fig.total ?? 0) + r.total;
      }
    }
    return { 'challenges-dialogue': s };
  },
};
