/**
 * The barometer's statistics pages: every item as a chart (SVG, aria-hidden) with a table of the same
 * numbers beside it (the accessible version) and a CSV link; a GET filter form that works without
 * JavaScript; trends across rounds (an organisation compared with its peers: organisation-statistics.views.tsx).
 * Views get plain data.
 */
import type { ComponentChildren } from 'preact';
import type { Lang } from '../i18n/index.js';
import { formatNumber } from '../i18n/index.js';
import { Layout } from '../ui/layout.js';
import type { ViewContext } from '../ui/context.js';
import { ErrorSummary, SelectField, type Option } from '../ui/forms.js';
import { findItem, optionLabel, PAGE_TITLES, scaleLabel, type PageId } from './questionnaire.js';
import { statsMessages, type StatsMessages } from './stats.messages.js';
import type { ReferenceLine } from './stats.reference.js';
import { NO_ANSWER, type Dimension, type Filters, type StatItem } from './stats.js';
import type { GroupResult, ItemResult, RoundStatistics, TrendResult } from './stats.service.js';
import { BarChart, TrendChart, type BarSection, type ReferenceMark } from './statistics.charts.js';

const percentFormats: Record<Lang, Intl.NumberFormat> = {
  nb: new Intl.NumberFormat('nb-NO', { style: 'percent', maximumFractionDigits: 1, minimumFractionDigits: 1 }),
  nn: new Intl.NumberFormat('nn-NO', { style: 'percent', maximumFractionDigits: 1, minimumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1, minimumFractionDigits: 1 }),
};
const decimalFormats: Record<Lang, Intl.NumberFormat> = {
  nb: new Intl.NumberFormat('nb-NO', { maximumFractionDigits: 2, minimumFractionDigits: 2 }),
  nn: new Intl.NumberFormat('nn-NO', { maximumFractionDigits: 2, minimumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2, minimumFractionDigits: 2 }),
};
export const pct = (lang: Lang, v: number) => percentFormats[lang].format(v);
export const dec = (lang: Lang, v: number) => decimalFormats[lang].format(v);

/** Labels of dimension values (counties by name, kinds in the reader's language). */
export interface DimensionLabels {
  county: Record<string, string>;
  kind: Record<string, string>;
  sector: Record<string, string>;
  size: Record<string, string>;
}

export interface StatisticsView {
  stats: RoundStatistics | null;
  /** The filters as asked (kept in the form even when refused). */
  asked: Filters & { by?: string };
  error: string | null;
  /** Why there are no figures (the round has not closed), shown instead of them. */
  notice?: string | null;
  trend: { rounds: { key: string; title: string }[]; trends: TrendResult[] } | null;
  labels: DimensionLabels;
  references: Record<string, ReferenceLine[]>;
  roundTitle: string;
  roundId: string;
}

const SECTION_ORDER: PageId[] = ['innovation', 'latest', 'drivers', 'barriers', 'background'];

function optionText(item: StatItem, value: string, lang: Lang, s: StatsMessages): string {
  return value === NO_ANSWER ? s.noAnswer : optionLabel(item.id, value, lang);
}

function groupText(d: Dimension | null, value: string | null, labels: DimensionLabels, s: StatsMessages): string {
  if (value === null || d === null) return s.total;
  if (d === 'county' && value === '') return s.noCounty;
  return labels[d][value] ?? value;
}

/** The query string of the current selection, for CSV links. */
export function selectionQuery(f: Filters, by: string | null | undefined, lang: Lang): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined) p.set(k, v);
  if (by) p.set('by', by);
  p.set('lang', lang);
  return p.toString();
}

function referenceMarks(refs: ReferenceLine[], option: string, lang: Lang): ReferenceMark[] {
  const byValue = new Map<number, string[]>();
  for (const r of refs.filter((x) => x.option === option)) byValue.set(r.value, [...(byValue.get(r.value) ?? []), r.source]);
  return [...byValue].map(([value, sources]) => ({ value, label: `${sources.join(', ')}: ${refs.find((r) => r.value === value)?.approximate ? '~' : ''}${pct(lang, value)}` }));
}

/**
 * A wide table scrolls sideways inside its own box (reflow at 320 px); the box is a named, focusable
 * region so keyboard users can scroll it too (axe: scrollable-region-focusable).
 */
export function TableWrap({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="stats-table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

function Cell({ g, lang, s, mean }: { g: GroupResult; lang: Lang; s: StatsMessages; mean?: boolean }) {
  return <>{g.suppressed ? s.suppressed : g.n === 0 ? s.noAnswers : mean ? (g.figures?.mean ? dec(lang, g.figures.mean.value) : '–') : formatNumber(lang, g.n!)}</>;
}

type Shown = { share: number | null; ci: [number, number] | null; band: [number, number] | null; count: number | null };

/** A band (disclosure.ts rule 4: groups under 10 give no exact share): «0 %–20 %». */
function bandText(lang: Lang, band: [number, number]): string {
  return `${pct(lang, band[0])}–${pct(lang, band[1])}`;
}

export function shareText(lang: Lang, o: Shown): string {
  if (o.band || o.share === null || !o.ci) return o.band ? bandText(lang, o.band) : '–';
  return `${pct(lang, o.share)} (${pct(lang, o.ci[0])}–${pct(lang, o.ci[1])})`;
}

function shareOnly(lang: Lang, o: Shown): string {
  return o.share !== null ? pct(lang, o.share) : o.band ? bandText(lang, o.band) : '–';
}

function ciText(lang: Lang, o: Shown): string {
  return o.ci ? `${pct(lang, o.ci[0])}–${pct(lang, o.ci[1])}` : '–';
}

/** A bar for a published option: exact with its interval, or a band drawn as its range with no point. */
export function barOf(lang: Lang, o: Shown | undefined): { value: number | null; lo?: number | undefined; hi?: number | undefined; band?: string } {
  if (!o) return { value: null };
  if (o.band) return { value: null, lo: o.band[0], hi: o.band[1], band: bandText(lang, o.band) };
  return { value: o.share, lo: o.ci?.[0], hi: o.ci?.[1] };
}

function ItemFigure({ r, view, ctx }: { r: ItemResult; view: StatisticsView; ctx: ViewContext }) {
  const { lang } = ctx;
  const s = statsMessages(lang);
  const stats = view.stats!;
  const by = stats.by;
  const item = r.item;
  const id = `item-${item.id.replace(/\./g, '-')}`;
  const question = findItem(item.id)?.question[lang] ?? item.id;
  const rows: GroupResult[] = by ? [r.total, ...r.groups] : [r.total];
  const options = (r.total.figures?.options ?? r.groups.find((g) => g.figures)?.figures?.options ?? item.options.map((value) => ({ value }))).map((o) => o.value);
  const refs = view.references[item.id] ?? [];
  const sections: BarSection[] = by
    ? options.map((o) => ({
        label: optionText(item, o, lang, s),
        bars: rows.map((g) => {
          const b = barOf(lang, g.figures?.options.find((x) => x.value === o));
          return { label: groupText(by, g.value, view.labels, s), value: b.value, lo: b.lo, hi: b.hi, note: b.band ?? (g.suppressed ? s.suppressed : s.noAnswers) };
        }),
      }))
    : [
        {
          label: null,
          bars: options.map((o) => {
            const b = barOf(lang, r.total.figures?.options.find((x) => x.value === o));
            return { label: optionText(item, o, lang, s), value: b.value, lo: b.lo, hi: b.hi, note: b.band ?? (r.total.suppressed ? s.suppressed : s.noAnswers) };
          }),
        },
      ];
  const csv = `/barometer/rounds/${view.roundId}/statistics/${item.id}.csv?${selectionQuery(stats.filters, by, lang)}`;
  return (
    <section class="stats-item" aria-labelledby={`${id}-h`}>
      <h3 class="ds-heading" data-size="xs" id={`${id}-h`}>
        {question}
      </h3>
      <p class="stats-base">{s.baseLine(s.bases[item.base], r.total.suppressed ? s.suppressed : s.answersN(formatNumber(lang, r.total.n ?? 0)))}</p>
      <figure class="stats-figure" aria-labelledby={`${id}-cap`}>
        <figcaption id={`${id}-cap`}>{s.chartOf(question)}</figcaption>
        <BarChart sections={sections} scale={{ min: 0, max: 1, format: (v) => pct(lang, v) }} references={by ? [] : refs.flatMap((x) => referenceMarks([x], x.option, lang))} />
      </figure>
      <TableWrap label={question}>
        <table class="ds-table stats-table" data-size="sm">
          <caption>{question}</caption>
          <thead>
            <tr>
              <th scope="col">{by ? s.group : s.option}</th>
              {by ? (
                <>
                  <th scope="col">{s.answers}</th>
                  {options.map((o) => (
                    <th scope="col">{`${optionText(item, o, lang, s)}: ${s.share.toLowerCase()} (${s.ci})`}</th>
                  ))}
                </>
              ) : (
                <>
                  <th scope="col">{s.count}</th>
                  <th scope="col">{s.share}</th>
                  <th scope="col">{s.ci}</th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {by
              ? rows.map((g) => (
                  <tr>
                    <th scope="row">{groupText(by, g.value, view.labels, s)}</th>
                    <td class="num">
                      <Cell g={g} lang={lang} s={s} />
                    </td>
                    {options.map((o) => {
                      const os = g.figures?.options.find((x) => x.value === o);
                      return <td class="num">{os ? shareText(lang, os) : '–'}</td>;
                    })}
                  </tr>
                ))
              : options.map((o) => {
                  const os = r.total.figures?.options.find((x) => x.value === o);
                  return (
                    <tr>
                      <th scope="row">{optionText(item, o, lang, s)}</th>
                      <td class="num">{os ? (os.count === null ? '–' : formatNumber(lang, os.count)) : r.total.suppressed ? s.suppressed : '–'}</td>
                      <td class="num">{os ? shareOnly(lang, os) : '–'}</td>
                      <td class="num">{os ? ciText(lang, os) : '–'}</td>
                    </tr>
                  );
                })}
          </tbody>
        </table>
      </TableWrap>
      {refs.length && !by ? (
        <p class="stats-reference">
          {s.reference}:{' '}
          {refs.map((x, i) => (
            <>
              {i > 0 ? '; ' : ''}
              <a class="ds-link" href={x.url}>
                {s.referenceLine(x.source, x.published)}
              </a>
            </>
          ))}
        </p>
      ) : null}
      <p>
        <a class="ds-link" href={csv} download>
          {s.download(question)}
        </a>
      </p>
    </section>
  );
}

/** The drivers or the barriers: every item's mean on one chart, with the table of means beside it. */
function ScaleBlock({ block, results, view, ctx }: { block: 'drivers' | 'barriers'; results: ItemResult[]; view: StatisticsView; ctx: ViewContext }) {
  const { lang } = ctx;
  const s = statsMessages(lang);
  const by = view.stats!.by;
  const title = PAGE_TITLES[block][lang];
  const label = (r: ItemResult) => scaleLabel(block, r.item.id.split('.')[1]!, lang);
  const meanBar = (g: GroupResult, text: string) => ({
    label: text,
    value: g.figures?.mean?.value ?? null,
    lo: g.figures?.mean?.ci[0],
    hi: g.figures?.mean?.ci[1],
    note: g.suppressed ? s.suppressed : s.noAnswers,
  });
  const sections: BarSection[] = by
    ? results.map((r) => ({ label: label(r), bars: [r.total, ...r.groups].map((g) => meanBar(g, groupText(by, g.value, view.labels, s))) }))
    : [{ label: null, bars: results.map((r) => meanBar(r.total, label(r))) }];
  const columns = by ? [null, ...view.stats!.groupValues] : [null];
  const csv = `/barometer/rounds/${view.roundId}/statistics/${block}.csv?${selectionQuery(view.stats!.filters, by, lang)}`;
  return (
    <section class="stats-item" aria-labelledby={`block-${block}-h`}>
      <h3 class="ds-heading" data-size="xs" id={`block-${block}-h`}>
        {`${title}: ${s.meanOf}`}
      </h3>
      <figure class="stats-figure" aria-labelledby={`block-${block}-cap`}>
        <figcaption id={`block-${block}-cap`}>{s.chartOf(title)}</figcaption>
        <BarChart sections={sections} scale={{ min: 1, max: 6, format: (v) => dec(lang, v) }} />
      </figure>
      <TableWrap label={`${title}: ${s.meanOf}`}>
        <table class="ds-table stats-table" data-size="sm">
          <caption>{`${title}: ${s.meanOf}`}</caption>
          <thead>
            <tr>
              <th scope="col">{title}</th>
              {columns.map((c) => (
                <th scope="col">{`${groupText(by, c, view.labels, s)}: ${s.mean.toLowerCase()} (${s.ci})`}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr>
                <th scope="row">{label(r)}</th>
                {[r.total, ...(by ? r.groups : [])].map((g) => (
                  <td class="num">
                    {g.figures?.mean ? `${dec(lang, g.figures.mean.value)} (${dec(lang, g.figures.mean.ci[0])}–${dec(lang, g.figures.mean.ci[1])})` : <Cell g={g} lang={lang} s={s} mean />}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p>
        <a class="ds-link" href={csv} download>
          {s.download(title)}
        </a>
      </p>
    </section>
  );
}

function Trend({ view, ctx }: { view: StatisticsView; ctx: ViewContext }) {
  const { lang } = ctx;
  const s = statsMessages(lang);
  if (!view.trend || view.trend.rounds.length === 0) return null;
  const csv = `/barometer/rounds/${view.roundId}/statistics/trend.csv?${selectionQuery(view.asked, null, lang)}`;
  return (
    <section class="stats-item" aria-labelledby="trend-h">
      <h2 class="ds-heading" data-size="sm" id="trend-h">
        {s.trend}
      </h2>
      {view.trend.trends.map((tr) => {
        const question = findItem(tr.item.id)?.question[lang] ?? tr.item.id;
        const id = `trend-${tr.item.id}`;
        const yes = (g: GroupResult) => g.figures?.options.find((o) => o.value === 'yes');
        return (
          <>
            <figure class="stats-figure" aria-labelledby={`${id}-cap`}>
              <figcaption id={`${id}-cap`}>{s.chartOf(s.trendOf(question))}</figcaption>
              <TrendChart
                points={tr.points.map((p) => ({ label: String(p.round.year), value: yes(p)?.share ?? null, lo: yes(p)?.ci?.[0], hi: yes(p)?.ci?.[1] }))}
                format={(v) => pct(lang, v)}
                references={referenceMarks(view.references[tr.item.id] ?? [], 'yes', lang)}
              />
            </figure>
            <TableWrap label={s.trendOf(question)}>
              <table class="ds-table stats-table" data-size="sm">
                <caption>{s.trendOf(question)}</caption>
                <thead>
                  <tr>
                    <th scope="col">{s.round}</th>
                    <th scope="col">{s.answers}</th>
                    <th scope="col">{s.share}</th>
                    <th scope="col">{s.ci}</th>
                  </tr>
                </thead>
                <tbody>
                  {tr.points.map((p) => (
                    <tr>
                      <th scope="row">{p.round.title}</th>
                      <td class="num">
                        <Cell g={p} lang={lang} s={s} />
                      </td>
                      <td class="num">{yes(p) ? shareOnly(lang, yes(p)!) : '–'}</td>
                      <td class="num">{yes(p) ? ciText(lang, yes(p)!) : '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </>
        );
      })}
      <p>
        <a class="ds-link" href={csv} download>
          {s.download(s.trend)}
        </a>
      </p>
    </section>
  );
}

function FilterForm({ view, ctx }: { view: StatisticsView; ctx: ViewContext }) {
  const { lang } = ctx;
  const s = statsMessages(lang);
  const opts = (d: Dimension): Option[] => [
    { value: '', label: s.all },
    // No county is '' inside and `none` in the address ('' means "all").
    ...Object.entries(view.labels[d]).map(([value, label]) => ({ value: d === 'county' && value === '' ? 'none' : value, label })),
  ];
  return (
    <form method="get" action={`/barometer/rounds/${view.roundId}/statistics`} class="stats-filters" novalidate>
      <fieldset class="ds-fieldset">
        <legend class="ds-label" data-weight="medium">
          {s.filters}
        </legend>
        <input type="hidden" name="lang" value={lang} />
        <div class="stats-filters__fields">
          {(['county', 'kind', 'sector', 'size'] as const).map((d) => (
            <SelectField name={d} label={s.dims[d]} options={opts(d)} value={view.asked[d] ?? ''} error={view.error && view.asked[d] ? view.error : undefined} />
          ))}
          <SelectField
            name="by"
            label={s.by}
            value={view.asked.by ?? ''}
            options={[{ value: '', label: s.none }, ...(['county', 'kind', 'sector', 'size'] as const).map((d) => ({ value: d, label: s.dims[d] }))]}
            error={view.error && view.asked.by ? view.error : undefined}
          />
        </div>
        <button type="submit" class="ds-button" data-variant="primary">
          {s.show}
        </button>
      </fieldset>
    </form>
  );
}

export function StatisticsPage({ ctx, view }: { ctx: ViewContext; view: StatisticsView }) {
  const s = statsMessages(ctx.lang);
  const title = s.title(view.roundTitle);
  const firstAsked = (['county', 'kind', 'sector', 'size', 'by'] as const).find((k) => view.asked[k]);
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      {view.error ? <ErrorSummary errors={{ [firstAsked ?? 'by']: view.error }} m={ctx.m} /> : null}
      <p class="ds-paragraph">{s.lead}</p>
      <details class="ds-details stats-details">
        <summary>{s.suppressionTitle}</summary>
        <p class="ds-paragraph">{s.suppression}</p>
      </details>
      <FilterForm view={view} ctx={ctx} />
      {view.notice ? (
        <div class="ds-alert" data-color="info">
          <p class="ds-paragraph">{view.notice}</p>
        </div>
      ) : null}
      {view.stats ? (
        <>
          <Trend view={view} ctx={ctx} />
          {SECTION_ORDER.map((page) => {
            const items = view.stats!.items.filter((r) => findItem(r.item.id)?.page === page);
            if (items.length === 0) return null;
            return (
              <section class="stats-section" aria-labelledby={`section-${page}`}>
                <h2 class="ds-heading" data-size="sm" id={`section-${page}`}>
                  {s.sections[page]}
                </h2>
                {page === 'drivers' || page === 'barriers' ? (
                  <ScaleBlock block={page} results={items} view={view} ctx={ctx} />
                ) : (
                  items.map((r) => <ItemFigure r={r} view={view} ctx={ctx} />)
                )}
              </section>
            );
          })}
        </>
      ) : null}
    </Layout>
  );
}
