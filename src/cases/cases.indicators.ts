import { sql } from 'kysely';
import type { DashboardFilter } from '../dashboard/dashboard.model.js';
import { emptySeries, searchHref, type IndicatorDef, type IndicatorGroup, type Series } from '../dashboard/indicator.types.js';

/*
 * The case bank's contribution to the follow-up dashboard (principles 1–3). A case counts in the
 * year it was published on the platform (when it was registered: "new cases"); its county and kind
 * are its owner's (the search facets). Only published public cases count. Three statements, however
 * many indicators: the case figures, the trials, the adoptions.
 */

const ACTORS = ['business', 'research', 'civil_society', 'citizens'] as const;

type Def = Omit<IndicatorDef, 'exactLink' | 'href'> & { href?: IndicatorDef['href']; exactLink?: boolean };
const def = (d: Def): IndicatorDef => ({ href: (f) => searchHref(f), exactLink: false, ...d });

const actorLabels: Record<(typeof ACTORS)[number], IndicatorDef['label']> = {
  business: { nb: 'næringsliv', nn: 'næringsliv', en: 'business' },
  research: { nb: 'forskning', nn: 'forsking', en: 'research' },
  civil_society: { nb: 'sivilsamfunn', nn: 'sivilsamfunn', en: 'civil society' },
  citizens: { nb: 'innbyggere og brukere', nn: 'innbyggjarar og brukarar', en: 'citizens and users' },
};

const INDICATORS: IndicatorDef[] = [
  def({
    id: 'trials',
    principle: 1,
    unit: 'count',
    label: { nb: 'Utprøvinger registrert', nn: 'Utprøvingar registrerte', en: 'Trials registered' },
    href: () => '/trials',
  }),
  def({
    id: 'cases-lessons',
    principle: 2,
    unit: 'share',
    label: {
      nb: 'Andel innovasjoner med erfaringer eller feil beskrevet',
      nn: 'Del innovasjonar med erfaringar eller feil skildra',
      en: 'Share of innovations with lessons learned or failures documented',
    },
    href: (f) => searchHref(f, [['lessons', 'true']]),
    exactLink: true,
  }),
  def({
    id: 'cases-failures',
    principle: 2,
    unit: 'share',
    label: { nb: 'Andel med utfordringer og feil beskrevet', nn: 'Del med utfordringar og feil skildra', en: 'Share with challenges and failures documented' },
    href: (f) => searchHref(f, [['lessons', 'true']]),
  }),
  def({
    id: 'cases-evaluated',
    principle: 2,
    unit: 'share',
    label: { nb: 'Andel som er evaluert', nn: 'Del som er evaluerte', en: 'Share evaluated' },
  }),
  def({
    id: 'cases-stopped-lessons',
    principle: 2,
    unit: 'count',
    label: { nb: 'Stansede innovasjoner med erfaringer', nn: 'Stansa innovasjonar med erfaringar', en: 'Stopped innovations with lessons learned' },
    href: (f) => searchHref(f, [['status', 'stopped']]),
    exactLink: true,
  }),
  def({
    id: 'cases-partners-outside',
    principle: 3,
    unit: 'share',
    label: {
      nb: 'Andel med partnere utenfor offentlig sektor',
      nn: 'Del med partnarar utanfor offentleg sektor',
      en: 'Share with partners outside the public sector',
    },
    href: (f) => searchHref(f, ACTORS.map((a) => ['actor', a])),
    exactLink: true,
  }),
  ...ACTORS.map((a) =>
    def({
      id: `cases-partners-${a.replace('_', '-')}`,
      principle: 3,
      unit: 'share',
      label: {
        nb: `Andel med partnere fra ${actorLabels[a].nb}`,
        nn: `Del med partnarar frå ${actorLabels[a].nn}`,
        en: `Share with partners from ${actorLabels[a].en}`,
      },
      href: (f) => searchHref(f, [['actor', a]]),
      exactLink: true,
    }),
  ),
  def({
    id: 'cases-coowned',
    principle: 3,
    unit: 'share',
    label: { nb: 'Andel eid av flere virksomheter', nn: 'Del eigd av fleire verksemder', en: 'Share co-owned by several agencies' },
  }),
  def({
    id: 'adoptions',
    principle: 3,
    unit: 'count',
    label: { nb: 'Gjenbruk: innovasjoner tatt i bruk av andre', nn: 'Gjenbruk: innovasjonar tekne i bruk av andre', en: 'Reuse: innovations adopted by others' },
    href: (f) => searchHref(f, [['adopted', 'true']]),
  }),
  def({
    id: 'cases-reuse',
    principle: 3,
    unit: 'share',
    label: { nb: 'Andel nye innovasjoner som er gjenbruk', nn: 'Del nye innovasjonar som er gjenbruk', en: 'Share of new innovations that are reuse' },
  }),
];

interface CaseYearRow {
  y: number;
  total: number;
  lessons: number;
  failures: number;
  evaluated: number;
  stopped: number;
  outside: number;
  business: number;
  research: number;
  civil_society: number;
  citizens: number;
  coowned: number;
  reuse: number;
}

/** The filter as SQL conditions on a case `c` (published, public, in the period, owner's county and kind). */
function caseWhere(f: DashboardFilter) {
  return sql`c.published_at is not null and c.visibility = 'public'
    and c.published_at >= make_date(${f.from}::int, 1, 1) and c.published_at < make_date(${f.to + 1}::int, 1, 1)
    ${f.county ? sql`and c.facet_county = ${f.county}` : sql``}
    ${f.kind ? sql`and c.facet_org_kind = ${f.kind}` : sql``}`;
}

const yearOf = sql`extract(year from c.published_at)::int`;

export const caseIndicators: IndicatorGroup = {
  feature: 'cases',
  indicators: INDICATORS,
  async compute(db, f) {
    const [caseRows, trialRows, adoptionRows] = await Promise.all([
      sql<CaseYearRow>`
        select ${yearOf} as y, count(*)::int as total,
          count(*) filter (where c.facet_has_lessons)::int as lessons,
          count(*) filter (where c.challenges <> '')::int as failures,
          count(*) filter (where c.evaluated)::int as evaluated,
          count(*) filter (where c.status = 'stopped' and c.lessons <> '')::int as stopped,
          count(*) filter (where c.facet_actor_types && array['business','research','civil_society','citizens'])::int as outside,
          count(*) filter (where 'business' = any(c.facet_actor_types))::int as business,
          count(*) filter (where 'research' = any(c.facet_actor_types))::int as research,
          count(*) filter (where 'civil_society' = any(c.facet_actor_types))::int as civil_society,
          count(*) filter (where 'citizens' = any(c.facet_actor_types))::int as citizens,
          count(*) filter (where exists (select 1 from case_coowners cc where cc.case_id = c.id))::int as coowned,
          count(*) filter (where c.novelty in ('adapted', 'copied') or exists (select 1 from adoptions a where a.adopter_case_id = c.id))::int as reuse
        from cases c where ${caseWhere(f)}
        group by 1`.execute(db),
      sql<{ y: number; n: number }>`
        select ${yearOf} as y, count(*)::int as n
        from case_trials t join cases c on c.id = t.case_id
        where ${caseWhere(f)}
        group by 1`.execute(db),
      // An adoption counts in the year it happened, by the adopter's county and kind.
      sql<{ y: number; n: number }>`
        select extract(year from a.adopted_on)::int as y, count(*)::int as n
        from adoptions a join cases s on s.id = a.source_case_id join organisations o on o.id = a.adopter_org_id
        where s.published_at is not null and s.visibility = 'public'
          and a.adopted_on >= make_date(${f.from}::int, 1, 1) and a.adopted_on < make_date(${f.to + 1}::int, 1, 1)
          ${f.county ? sql`and o.county_number = ${f.county}` : sql``}
          ${f.kind ? sql`and o.kind = ${f.kind}` : sql``}
        group by 1`.execute(db),
    ]);

    const out: Record<string, Series> = Object.fromEntries(INDICATORS.map((d) => [d.id, emptySeries(f, d.unit)]));
    const add = (id: string, y: number, count: number, total: number | null) => {
      const s = out[id]!;
      for (const fig of [s.period, s.years[y]]) {
        if (!fig) continue;
        fig.count += count;
        if (total !== null) fig.total = (fig.total ?? 0) + total;
      }
    };
    for (const r of caseRows.rows) {
      add('cases-lessons', r.y, r.lessons, r.total);
      add('cases-failures', r.y, r.failures, r.total);
      add('cases-evaluated', r.y, r.evaluated, r.total);
      add('cases-stopped-lessons', r.y, r.stopped, null);
      add('cases-partners-outside', r.y, r.outside, r.total);
      for (const a of ACTORS) add(`cases-partners-${a.replace('_', '-')}`, r.y, r[a], r.total);
      add('cases-coowned', r.y, r.coowned, r.total);
      add('cases-reuse', r.y, r.reuse, r.total);
    }
    for (const r of trialRows.rows) add('trials', r.y, r.n, null);
    for (const r of adoptionRows.rows) add('adoptions', r.y, r.n, null);
    return out;
  },
};
