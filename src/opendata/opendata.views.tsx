import { Layout } from '../ui/layout.js';
import type { ViewContext } from '../ui/context.js';
import type { Dataset } from '../core/datasets.js';
import { openDataMessages } from './opendata.messages.js';
import { LICENCE } from './licence.js';

export interface OpenDataView {
  datasets: readonly Dataset[];
  /** A barometer aggregates dataset is not registered yet: say so. */
  barometerPending: boolean;
}

/** `<link rel="alternate">` for the case and challenge feeds, for the head of list pages. */
export function FeedLinks({ lang, which }: { lang: ViewContext['lang']; which: 'cases' | 'challenges' }) {
  const om = openDataMessages(lang);
  return which === 'cases' ? (
    <link rel="alternate" type="application/atom+xml" title={om.feedAlternate} href="/feeds/cases.atom" />
  ) : (
    <link rel="alternate" type="application/atom+xml" title={om.feedAlternateChallenges} href="/feeds/challenges.atom" />
  );
}

/** /open-data: every dataset with its columns, formats, licence and links; feeds; the catalogue. */
export function OpenDataPage({ ctx, view }: { ctx: ViewContext; view: OpenDataView }) {
  const om = openDataMessages(ctx.lang);
  const lang = ctx.lang;
  return (
    <Layout ctx={ctx} title={om.title} head={<FeedLinks lang={lang} which="cases" />}>
      <h1 class="ds-heading" data-size="lg">
        {om.title}
      </h1>
      <p class="ds-paragraph" data-variant="long">
        {om.lead}
      </p>

      <h2 class="ds-heading" data-size="sm" id="licence">
        {om.licenceHeading}
      </h2>
      <p class="ds-paragraph">{om.licence}</p>
      <p class="ds-paragraph">
        <a class="ds-link" href={LICENCE.url} rel="license">
          {om.licenceLink}
        </a>
      </p>

      <h2 class="ds-heading" data-size="sm" id="formats">
        {om.formatsHeading}
      </h2>
      <p class="ds-paragraph" data-variant="long">
        {om.formats}
      </p>

      <h2 class="ds-heading" data-size="sm" id="datasets">
        {om.datasetsHeading}
      </h2>
      <ul class="ds-list">
        {view.datasets.map((d) => (
          <li>
            <a class="ds-link" href={`#${d.id}`}>
              {d.title[lang]}
            </a>
          </li>
        ))}
      </ul>
      {view.barometerPending ? <p class="ds-paragraph">{om.barometerPending}</p> : null}

      {view.datasets.map((d) => (
        <section aria-labelledby={`h-${d.id}`} class="case-section">
          <h3 class="ds-heading" data-size="xs" id={`h-${d.id}`}>
            <span id={d.id}>{d.title[lang]}</span>
          </h3>
          <p class="ds-paragraph">{d.description[lang]}</p>
          <p class="ds-paragraph">
            {om.download}:{' '}
            <a class="ds-link" href={`/open-data/${d.id}.csv`} download>
              {`${d.id}.csv`}
            </a>{' '}
            ·{' '}
            <a class="ds-link" href={`/open-data/${d.id}.json`} download>
              {`${d.id}.json`}
            </a>{' '}
            ·{' '}
            <a class="ds-link" href={d.landingPage}>
              {om.browse}
            </a>
          </p>
          <div class="table-scroll">
            <table class="ds-table" data-size="sm">
              <caption>{om.columnsCaption(d.title[lang])}</caption>
              <thead>
                <tr>
                  <th scope="col">{om.column}</th>
                  <th scope="col">{om.type}</th>
                  <th scope="col">{om.description}</th>
                </tr>
              </thead>
              <tbody>
                {d.columns.map((c) => (
                  <tr>
                    <th scope="row">
                      <code>{c.name}</code>
                    </th>
                    <td>{om.types[c.type] ?? c.type}</td>
                    <td>{c.description[lang]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}

      <h2 class="ds-heading" data-size="sm" id="feeds">
        {om.feedsHeading}
      </h2>
      <p class="ds-paragraph">{om.feeds}</p>
      <ul class="ds-list">
        <li>
          <a class="ds-link" href="/feeds/cases.atom">
            {om.feedCases}
          </a>
        </li>
        <li>
          <a class="ds-link" href="/feeds/challenges.atom">
            {om.feedChallenges}
          </a>
        </li>
        <li>
          <a class="ds-link" href="/feeds/cases.atom?theme=https%3A%2F%2Fpsi.norge.no%2Flos%2Ftema%2Fhelse-og-omsorg">
            {om.feedTheme}
          </a>
        </li>
        <li>
          {om.feedOrg}{' '}
          {/* <wbr> lets the long path wrap at 320 px (WCAG 1.4.10) without breaking inside words. */}
          <code>
            /feeds/
            <wbr />
            organisations/
            <wbr />
            {`{${om.orgnrPlaceholder}}`}/<wbr />
            cases.atom
          </code>
        </li>
      </ul>

      <h2 class="ds-heading" data-size="sm" id="catalog">
        {om.catalogHeading}
      </h2>
      <p class="ds-paragraph">{om.catalog}</p>
      <ul class="ds-list">
        <li>
          <a class="ds-link" href="/open-data/catalog.ttl">
            {om.catalogTurtle}
          </a>
        </li>
        <li>
          <a class="ds-link" href="/open-data/catalog.jsonld">
            {om.catalogJsonLd}
          </a>
        </li>
      </ul>

      <h2 class="ds-heading" data-size="sm" id="api">
        {om.apiHeading}
      </h2>
      <p class="ds-paragraph">
        {om.api}{' '}
        <a class="ds-link" href="/api/docs">
          {om.apiLink}
        </a>
      </p>
    </Layout>
  );
}
