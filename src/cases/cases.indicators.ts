import { sql } from 'kysely';
import { caseReadableBy } from './cases.access.js';
import { ANONYMOUS } from '../core/viewer.js';
import type { DashboardFilter } from '../core/indicators.js';
import { defineGroup, emptySeries, searchHref, type IndicatorDef, type Series } from '../core/indicators.js';

/*
 * The case bank's contribution to the follow-up dashboard (principles 1–3). A case counts in the
 * year it was published on the platform (when it was registered: "new cases"); its county and kind
 * are its owner's (the search facets). Only published public cases count. Two statements, however
 * many indicators and filters: the case figures with their trials, and the adoptions.
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

/** Published public cases by publication year and the owner's county and kind, with how many have each property. */
interface CaseRollupRow {
  y: number;
  county: string | null;
  kind: string | null;
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
  trials: number;
}

/** Adoptions of published public cases by the year they happened and the adopter's county and kind. */
interface AdoptionRollupRow {
  y: number;
  county: string | null;
  kind: string | null;
  n: number;
}

const matches = (f: DashboardFilter, r: { y: number; county: string | null; kind: string | null }) =>
  r.y >= f.from && r.y <= f.to && (!f.county || r.county === f.county) && (!f.kind || r.kind === f.kind);

export const caseIndicators = defineGroup<{ cases: CaseRollupRow[]; adoptions: AdoptionRollupRow[] }>({
  feature: 'cases',
  order: 30,
  indicators: INDICATORS,
  // Two statements, each one pass over its table, grouped to (year, county, kind): a few thousand
  // rows however many cases there are. Children are counted in grouped subqueries joined by hash,
  // not per case.
  async load(db) {
    const [cases, adoptions] = await Promise.all([
      sql<CaseRollupRow>`
        select extract(year from c.published_at)::int as y, c.facet_county as county, c.facet_org_kind as kind,
          count(*)::int as total,
          count(*) filter (where c.facet_has_lessons)::int as lessons,
          count(*) filter (where c.challenges <> '')::int as failures,
          count(*) filter (where c.evaluated)::int as evaluated,
          count(*) filter (where c.status = 'stopped' and c.lessons <> '')::int as stopped,
          count(*) filter (where c.facet_actor_types && array['business','research','civil_society','citizens'])::int as outside,
          count(*) filter (where 'business' = any(c.facet_actor_types))::int as business,
          count(*) filter (where 'research' = any(c.facet_actor_types))::int as research,
          count(*) filter (where 'civil_society' = any(c.facet_actor_types))::int as civil_society,
          count(*) filter (where 'citizens' = any(c.facet_actor_types))::int as citizens,
          count(*) filter (where co.case_id is not null)::int as coowned,
          count(*) filter (where c.novelty in ('adapted', 'copied') or ad.case_id is not null)::int as reuse,
          coalesce(sum(tr.n), 0)::int as trials
        from cases c
        left join (select distinct case_id from case_coowners) co on co.case_id = c.id
        left join (select distinct adopter_case_id as case_id from adoptions where adopter_case_id is not null) ad on ad.case_id = c.id
        left join (select case_id, count(*) as n from case_trials group by case_id) tr on tr.case_id = c.id
        where ${caseReadableBy(ANONYMOUS, 'c')}
        group by 1, 2, 3`.execute(db),
      // An adoption counts in the year it happened, by the adopter's county and kind.
      sql<AdoptionRollupRow>`
        select extract(year from a.adopted_on)::int as y, o.county_number as county, o.kind, count(*)::int as n
        from adoptions a join cases s on s.id = a.source_case_id join organisations o on o.id = a.adopter_org_id
        where ${caseReadableBy(ANONYMOUS, 's')}
        group by 1, 2, 3`.execute(db),
    ]);
    return { cases: cases.rows, adoptions: adoptions.rows };
  },
  compute(data, f) {
    const out: Record<string, Series> = Object.fromEntries(INDICATORS.map((d) => [d.id, emptySeries(f, d.unit)]));
    const add = (id: string, y: number, count: number, total: number | null) => {
      const s = out[id]!;
      for (const fig of [s.period, s.years[y]]) {
        if (!fig) continue;
        fig.count += count;
        if (total !== null) fig.total = (fig.total ?? 0) + total;
      }
    };
    for (const r of data.cases) {
      if (!matches(f, r)) continue;
      add('trials', r.y, r.trials, null);
      add('cases-lessons', r.y, r.lessons, r.total);
      add('cases-failures', r.y, r.failures, r.total);
      add('cases-evaluated', r.y, r.evaluated, r.total);
      add('cases-stopped-lessons', r.y, r.stopped, null);
      add('cases-partners-outside', r.y, r.outside, r.total);
      for (const a of ACTORS) add(`cases-partners-${a.replace('_', '-')}`, r.y, r[a], r.total);
      add('cases-coowned', r.y, r.coowned, r.total);
      add('cases-reuse', r.y, r.reuse, r.total);
    }
    for (const r of data.adoptions) if (matches(f, r)) add('adoptions', r.y, r.n, null);
    return out;
  },
});
