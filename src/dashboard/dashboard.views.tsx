import { formatNumber, type Lang } from '../i18n/index.js';
import type { OrgKind } from '../db/schema.js';
import type { ViewContext } from '../ui/context.js';
import { SelectField, type Option } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { NorwayMap, type MapArea } from '../ui/norway-map.js';
import { TrendChart, formatFigure } from './dashboard.chart.js';
import { dashboardMessages, type DashboardMessages } from './dashboard.messages.js';
import { BODY_KINDS, LEVELS, yearsOf, type BodyKind } from './dashboard.model.js';
import { type DashboardFilter } from '../core/indicators.js';
import type { BodyLevel, Dashboard } from './dashboard.service.js';
import type { IndicatorDef, Series } from '../core/indicators.js';

export type BodySort = 'county' | 'name' | 'number' | 'level';
export const BODY_SORTS: readonly BodySort[] = ['county', 'name', 'number', 'level'];

export interface DashboardView {
  filter: DashboardFilter;
  /** Years offered in the period selects, newest first. */
  yearOptions: number[];
  kinds: readonly OrgKind[];
  sort: BodySort;
  data: Dashboard;
}

/** The period as query parameters (the map, the lists and their CSV files use the period only). */
function periodQuery(f: DashboardFilter): URLSearchParams {
  return new URLSearchParams({ from: String(f.from), to: String(f.to) });
}

/** The whole filter as query parameters (the indicators and their CSV files). */
function filterQuery(f: DashboardFilter): URLSearchParams {
  const p = periodQuery(f);
  if (f.county) p.set('county', f.county);
  if (f.kind) p.set('kind', f.kind);
  return p;
}

function LevelSwatch({ level }: { level: number }) {
  // The same classes as the map, so the legend cannot drift from the fills.
  return (
    <svg class="level-swatch" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <rect class={level === 0 ? 'map-muni' : `map-muni map-level-${level}`} x="1" y="1" width="14" height="14" />
    </svg>
  );
}

function BodyTable({ dm, lang, id, caption, bodies, showNumber, countyNames, csvHref, csvLabel }: {
  dm: DashboardMessages;
  lang: Lang;
  id: string;
  caption: string;
  bodies: BodyLevel[];
  showNumber: boolean;
  countyNames: Map<string, string>;
  csvHref: string;
  csvLabel: string;
}) {
  return (
    <div class="table-scroll">
      <table class="ds-table dashboard-table" id={id} data-border>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {showNumber ? <th scope="col">{dm.number}</th> : null}
            <th scope="col">{dm.name}</th>
            <th scope="col">{dm.countyCol}</th>
            <th scope="col">{dm.level}</th>
          </tr>
        </thead>
        <tbody>
          {bodies.map((b) => (
            <tr id={showNumber && b.municipalityNumber ? `kommune-${b.municipalityNumber}` : undefined} data-level={LEVELS[b.level]}>
              {showNumber ? <td>{b.municipalityNumber ?? ''}</td> : null}
              <th scope="row">
                {b.orgnr ? (
                  <a class="ds-link" href={`/organisations/${b.orgnr}`}>
                    {b.name}
                  </a>
                ) : (
                  b.name
                )}
              </th>
              <td>{b.countyNumber ? (countyNames.get(b.countyNumber) ?? b.countyNumber) : ''}</td>
              <td>{dm.levels[LEVELS[b.level]]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="ds-paragraph">
        <a class="ds-link" href={csvHref} download>
          {dm.csv(csvLabel)}
        </a>
        {` (${formatNumber(lang, bodies.length)})`}
      </p>
    </div>
  );
}

function IndicatorFigure({ dm, lang, def, series, filter }: { dm: DashboardMessages; lang: Lang; def: IndicatorDef; series: Series; filter: DashboardFilter }) {
  const years = yearsOf(filter).map((year) => ({ year, fig: series.years[year] ?? { count: 0, total: def.unit === 'share' ? 0 : null } }));
  const captionId = `ind-${def.id}-caption`;
  const href = def.href(filter);
  const linkText = def.id.startsWith('onboard-') ? dm.seeOrganisations : def.id === 'trials' ? dm.seeTrials : def.id.startsWith('challenges-') ? dm.seeChallenges : def.exactLink ? dm.seeCases : dm.seeWider;
  const csv = new URLSearchParams(filterQuery(filter));
  csv.set('indicator', def.id);
  return (
    <figure class="indicator" id={`ind-${def.id}`} aria-labelledby={captionId}>
      <figcaption id={captionId}>
        <h3 class="ds-heading" data-size="xs">
          {def.label[lang]}
        </h3>
        <p class="indicator__headline">
          <span class="indicator__value">{formatFigure(lang, series.period)}</span>{' '}
          {series.period.total !== null ? <span>({dm.ofTotal(formatNumber(lang, series.period.count), formatNumber(lang, series.period.total))})</span> : null}{' '}
          <span>{dm.period(String(filter.from), String(filter.to))}</span>
        </p>
      </figcaption>
      <div class="indicator__body">
        <TrendChart lang={lang} years={years} unit={def.unit} />
        <div class="table-scroll">
          <table class="ds-table indicator__table" data-size="sm">
            <caption class="dashboard-sr-only">{def.label[lang]}</caption>
            <thead>
              <tr>
                <th scope="col">{dm.year}</th>
                <th scope="col">{dm.value}</th>
                {def.unit === 'share' ? <th scope="col">{dm.countOf}</th> : null}
              </tr>
            </thead>
            <tbody>
              {years.map((y) => (
                <tr>
                  <th scope="row">{String(y.year)}</th>
                  <td>{formatFigure(lang, y.fig)}</td>
                  {def.unit === 'share' ? <td>{dm.ofTotal(formatNumber(lang, y.fig.count), formatNumber(lang, y.fig.total ?? 0))}</td> : null}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{dm.wholePeriod}</th>
                <td>{formatFigure(lang, series.period)}</td>
                {def.unit === 'share' ? <td>{dm.ofTotal(formatNumber(lang, series.period.count), formatNumber(lang, series.period.total ?? 0))}</td> : null}
              </tr>
            </tfoot>
          </table>
        </div>
      </div>
      <p class="ds-paragraph indicator__links">
        <a class="ds-link" href={href}>
          {linkText}
          <span class="dashboard-sr-only">: {def.label[lang]}</span>
        </a>
        {' · '}
        <a class="ds-link" href={`/dashboard/indicators.csv?${csv.toString()}`} download>
          {dm.csv(def.label[lang])}
        </a>
      </p>
    </figure>
  );
}

/** The follow-up dashboard: filter, who is on board (map, tables), then the indicators per principle. */
export function DashboardPage({ ctx, view }: { ctx: ViewContext; view: DashboardView }) {
  const { m, lang } = ctx;
  const dm = dashboardMessages(lang);
  const { filter, data } = view;
  const countyNames = new Map(data.counties.map((c) => [c.number, c.name]));
  const byKind = (k: BodyKind) => data.participation.bodies.filter((b) => b.kind === k);
  const municipalities = byKind('municipality');
  const fills: Record<string, string> = {};
  const areas: Record<string, MapArea> = {};
  for (const b of municipalities) {
    if (!b.municipalityNumber) continue;
    if (b.level > 0) fills[b.municipalityNumber] = `map-level-${b.level}`;
    areas[b.municipalityNumber] = { href: b.orgnr ? `/organisations/${b.orgnr}` : `#kommune-${b.municipalityNumber}`, label: `${b.name}: ${dm.levels[LEVELS[b.level]]}` };
  }
  const yearOptions: Option[] = view.yearOptions.map((y) => ({ value: String(y), label: String(y) }));
  const period = periodQuery(filter);
  const csvFor = (kind: BodyKind) => `/dashboard/participation.csv?${new URLSearchParams([...period, ['kind', kind]]).toString()}`;
  const sortHref = (s: BodySort) => `/dashboard?${new URLSearchParams([...filterQuery(filter), ['sort', s]]).toString()}#kommuner`;
  const principles = [0, 1, 2, 3] as const;
  return (
    <Layout ctx={ctx} title={dm.title} section="dashboard">
      <link rel="stylesheet" href="/assets/dashboard.css?v=1" />
      <h1 class="ds-heading" data-size="lg">
        {dm.title}
      </h1>
      <p class="ds-paragraph" data-variant="long">
        {dm.lead}
      </p>
      <form method="get" action="/dashboard" class="filter-form" aria-label={dm.filterHeading}>
        <SelectField name="from" label={dm.from} value={String(filter.from)} options={yearOptions} />
        <SelectField name="to" label={dm.to} value={String(filter.to)} options={yearOptions} />
        <SelectField name="county" label={dm.county} value={filter.county ?? ''} options={[{ value: '', label: dm.all }, ...data.counties.map((c) => ({ value: c.number, label: c.name }))]} />
        <SelectField name="kind" label={dm.kind} value={filter.kind ?? ''} options={[{ value: '', label: dm.all }, ...view.kinds.map((k) => ({ value: k, label: m.orgs.kinds[k] }))]} />
        <div class="filter-form__submit">
          <button type="submit" class="ds-button" data-variant="primary">
            {dm.show}
          </button>
        </div>
      </form>
      <nav aria-label={dm.onThisPage} class="dashboard-toc">
        <ul>
          <li>
            <a class="ds-link" href="#deltakelse">
              {dm.participation}
            </a>
          </li>
          {principles.map((p) => (
            <li>
              <a class="ds-link" href={`#prinsipp-${p}`}>
                {dm.principles[p]}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      <section id="deltakelse" aria-labelledby="deltakelse-h">
        <h2 class="ds-heading" data-size="md" id="deltakelse-h">
          {dm.participation} · {dm.period(String(filter.from), String(filter.to))}
        </h2>
        <p class="ds-paragraph">{dm.participationLead}</p>
        <div class="table-scroll">
          <table class="ds-table dashboard-table" id="nivaa-oppsummering">
            <caption>{dm.summaryCaption}</caption>
            <thead>
              <tr>
                <th scope="col">{dm.kindsHeading}</th>
                {LEVELS.map((l, i) => (
                  <th scope="col">
                    <LevelSwatch level={i} /> {dm.levels[l]}
                  </th>
                ))}
                <th scope="col">{dm.total}</th>
              </tr>
            </thead>
            <tbody>
              {BODY_KINDS.map((k) => (
                <tr>
                  <th scope="row">{m.orgs.kinds[k]}</th>
                  {data.participation.counts[k].map((n) => (
                    <td>{formatNumber(lang, n)}</td>
                  ))}
                  <td>{formatNumber(lang, data.participation.counts[k].reduce((a, b) => a + b, 0))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="ds-paragraph">
            <a class="ds-link" href={`/dashboard/levels.csv?${period.toString()}`} download>
              {dm.csv(dm.summaryCaption)}
            </a>
          </p>
        </div>

        <figure class="dashboard-map">
          <a class="ds-link dashboard-map__skip" href="#kommuner">
            {dm.skipMap}
          </a>
          <NorwayMap id="deltakelseskart" title={dm.mapTitle} description={dm.mapDescription} fills={fills} areas={areas} />
          <figcaption>
            <p class="dashboard-map__label" data-map-label aria-hidden="true">
              {dm.mapLabelHint}
            </p>
            <h3 class="ds-heading" data-size="2xs">
              {dm.legend}
            </h3>
            <ul class="dashboard-legend">
              {LEVELS.map((l, i) => (
                <li>
                  <LevelSwatch level={i} /> {dm.levels[l]}
                </li>
              ))}
            </ul>
            <p class="ds-paragraph" data-size="sm">
              {dm.attribution}
            </p>
          </figcaption>
        </figure>

        <h3 class="ds-heading" data-size="sm" id="kommuner" tabIndex={-1}>
          {dm.municipalities}
        </h3>
        <p class="ds-paragraph">
          {dm.sorted(dm.sorts[view.sort])} {dm.sortBy}:{' '}
          {BODY_SORTS.map((s, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <a class="ds-link" href={sortHref(s)} aria-current={s === view.sort ? 'true' : undefined}>
                {dm.sorts[s]}
              </a>
            </>
          ))}
        </p>
        <BodyTable dm={dm} lang={lang} id="kommunetabell" caption={`${dm.municipalities} (${formatNumber(lang, municipalities.length)})`} bodies={municipalities} showNumber countyNames={countyNames} csvHref={csvFor('municipality')} csvLabel={dm.municipalities} />
        <h3 class="ds-heading" data-size="sm">
          {dm.countyAuthorities}
        </h3>
        <BodyTable dm={dm} lang={lang} id="fylkeskommunetabell" caption={dm.countyAuthorities} bodies={byKind('county_authority')} showNumber={false} countyNames={countyNames} csvHref={csvFor('county_authority')} csvLabel={dm.countyAuthorities} />
        <h3 class="ds-heading" data-size="sm">
          {dm.stateAgencies}
        </h3>
        <BodyTable dm={dm} lang={lang} id="statstabell" caption={dm.stateAgencies} bodies={byKind('state_agency')} showNumber={false} countyNames={countyNames} csvHref={csvFor('state_agency')} csvLabel={dm.stateAgencies} />
      </section>

      {principles.map((p) => (
        <section id={`prinsipp-${p}`} aria-labelledby={`prinsipp-${p}-h`}>
          <h2 class="ds-heading" data-size="md" id={`prinsipp-${p}-h`}>
            {dm.principles[p]}
          </h2>
          <p class="ds-paragraph">
            {dm.principleLeads[p]} {dm.linksAllYears}
          </p>
          {data.indicators
            .filter((i) => i.def.principle === p)
            .map((i) => (
              <IndicatorFigure dm={dm} lang={lang} def={i.def} series={i.series} filter={filter} />
            ))}
        </section>
      ))}
      <p class="ds-paragraph">
        <a class="ds-link" href={`/dashboard/indicators.csv?${filterQuery(filter).toString()}`} download>
          {dm.csv(dm.title)}
        </a>
      </p>
      <p class="ds-paragraph">{dm.api}</p>
      <script type="module" src="/assets/dashboard.js?v=1" />
    </Layout>
  );
}
