/**
 * The barometer's organisation page: an organisation's figures beside its peers', in the tables and
 * charts of the statistics pages (statistics.views.tsx).
 */
import { formatNumber } from '../i18n/index.js';
import { Layout } from '../ui/layout.js';
import type { ViewContext } from '../ui/context.js';
import { findItem, optionLabel, PAGE_TITLES, scaleLabel } from './questionnaire.js';
import { statsMessages } from './stats.messages.js';
import type { GroupResult, OrganisationComparison } from './stats.service.js';
import { BarChart } from './statistics.charts.js';
import { barOf, dec, pct, shareText, TableWrap, type DimensionLabels } from './statistics.views.js';

export function OrganisationPage({ ctx, view, labels }: { ctx: ViewContext; view: OrganisationComparison; labels: DimensionLabels }) {
  const { lang } = ctx;
  const s = statsMessages(lang);
  const title = s.peerTitle(view.organisation.name);
  const colLabel = (id: string) => {
    const c = view.columns.find((x) => x.id === id)!;
    const detail = c.filters.county ? labels.county[c.filters.county] : c.filters.kind ? labels.kind[c.filters.kind] : c.filters.size ? labels.size[c.filters.size] : null;
    return detail ? `${s.peers[id]} (${detail})` : s.peers[id]!;
  };
  const shown = (g: GroupResult, value: string, mean: boolean) => {
    if (g.suppressed) return s.suppressed;
    if (!g.figures) return s.noAnswers;
    if (mean) return g.figures.mean ? `${dec(lang, g.figures.mean.value)} (${dec(lang, g.figures.mean.ci[0])}–${dec(lang, g.figures.mean.ci[1])})` : '–';
    const o = g.figures.options.find((x) => x.value === value);
    return o ? shareText(lang, o) : '–';
  };
  const headline = view.items.filter((r) => ['innovated', 'underDevelopment', 'latest.evaluated', 'latest.activelySpread'].includes(r.item.id) || r.item.kind === 'scale_1_6');
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="ds-paragraph">{view.round.title}</p>
      <p class="ds-paragraph">{s.peerLead}</p>
      <p class="ds-paragraph">{view.answers >= 5 ? s.ownAnswers(formatNumber(lang, view.answers)) : s.ownTooFew}</p>
      {headline
        .filter((r) => r.item.kind !== 'scale_1_6')
        .map((r) => {
          const question = findItem(r.item.id)?.question[lang] ?? r.item.id;
          const id = `peer-${r.item.id.replace(/\./g, '-')}`;
          const value = 'yes'; // every headline item here is a yes/no(/don't know) question
          return (
            <section class="stats-item" aria-labelledby={`${id}-h`}>
              <h2 class="ds-heading" data-size="xs" id={`${id}-h`}>
                {question}
              </h2>
              <figure class="stats-figure" aria-labelledby={`${id}-cap`}>
                <figcaption id={`${id}-cap`}>{s.chartOf(`${question} – ${optionLabel(r.item.id, value, lang)}`)}</figcaption>
                <BarChart
                  sections={[
                    {
                      label: null,
                      bars: r.results.map((g, i) => {
                        const b = barOf(lang, g.figures?.options.find((x) => x.value === value));
                        return { label: colLabel(view.columns[i]!.id), value: b.value, lo: b.lo, hi: b.hi, note: b.band ?? (g.suppressed ? s.suppressed : s.noAnswers) };
                      }),
                    },
                  ]}
                  scale={{ min: 0, max: 1, format: (v) => pct(lang, v) }}
                />
              </figure>
              <TableWrap label={`${question} – ${optionLabel(r.item.id, value, lang)}`}>
                <table class="ds-table stats-table" data-size="sm">
                  <caption>{`${question} – ${optionLabel(r.item.id, value, lang)}`}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{s.group}</th>
                      <th scope="col">{`${s.share} (${s.ci})`}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.results.map((g, i) => (
                      <tr>
                        <th scope="row">{colLabel(view.columns[i]!.id)}</th>
                        <td class="num">{shown(g, value, false)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
            </section>
          );
        })}
      {(['drivers', 'barriers'] as const).map((block) => {
        const items = headline.filter((r) => r.item.block === block);
        const titleB = `${PAGE_TITLES[block][lang]}: ${s.meanOf}`;
        return (
          <section class="stats-item" aria-labelledby={`peer-${block}-h`}>
            <h2 class="ds-heading" data-size="xs" id={`peer-${block}-h`}>
              {titleB}
            </h2>
            <TableWrap label={titleB}>
              <table class="ds-table stats-table" data-size="sm">
                <caption>{titleB}</caption>
                <thead>
                  <tr>
                    <th scope="col">{PAGE_TITLES[block][lang]}</th>
                    {view.columns.map((c) => (
                      <th scope="col">{colLabel(c.id)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {items.map((r) => (
                    <tr>
                      <th scope="row">{scaleLabel(block, r.item.id.split('.')[1]!, lang)}</th>
                      {r.results.map((g) => (
                        <td class="num">{shown(g, '', true)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </section>
        );
      })}
      <p>
        <a class="ds-link" href={`/barometer/rounds/${view.round.id}/statistics?lang=${lang}`}>
          {s.statistics}
        </a>
      </p>
    </Layout>
  );
}
