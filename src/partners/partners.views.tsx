import { formatNumber, type Lang } from '../i18n/index.js';
import type { OrgKind } from '../db/schema.js';
import { caseMessages } from '../cases/index.js';
import { challengeMessages } from '../challenges/index.js';
import type { LookingFor } from '../challenges/index.js';
import { Checkbox } from '../ui/choices.js';
import type { ViewContext } from '../ui/context.js';
import { Pagination, SelectField, TextField, type Option } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { partnerMessages } from './partners.messages.js';
import type { PartnerFacets, PartnerRow } from './partners.service.js';

/** What an organisation is looking for, in words: its cases' partner kinds, then its challenges' wishes. */
export function needsText(lang: Lang, caseNeeds: string[], challengeNeeds: string[]): string {
  const cm = caseMessages(lang);
  const chm = challengeMessages(lang);
  const words = [
    ...caseNeeds.map((n) => cm.actorTypes[n as keyof typeof cm.actorTypes] ?? n),
    ...challengeNeeds.map((n) => chm.lookingFor[n as LookingFor] ?? n),
  ];
  return [...new Set(words)].join(', ');
}

export interface PartnerSearchView {
  items: PartnerRow[];
  total: number;
  page: number;
  perPage: number;
  filter: { q: string; kind: string; county: string; theme: string; looking: boolean };
  facets: PartnerFacets | null;
  kinds: readonly OrgKind[];
  counties: { number: string; name: string }[];
  mainThemes: { uri: string; label: string }[];
}

export function PartnerSearchPage({ ctx, view }: { ctx: ViewContext; view: PartnerSearchView }) {
  const { m, lang } = ctx;
  const pm = partnerMessages(lang);
  const totalPages = Math.max(1, Math.ceil(view.total / view.perPage));
  const themeLabels = new Map(view.mainThemes.map((t) => [t.uri, t.label]));
  // A choice's count, when counted: «Helse og omsorg (12)».
  const counted = (label: string, n: number | undefined) => (view.facets ? `${label} ${pm.countsIn(formatNumber(lang, n ?? 0))}` : label);
  const kindOptions: Option[] = [{ value: '', label: pm.all }, ...view.kinds.map((k) => ({ value: k, label: counted(m.orgs.kinds[k], view.facets?.kinds[k]) }))];
  const countyOptions: Option[] = [{ value: '', label: pm.all }, ...view.counties.map((c) => ({ value: c.number, label: counted(c.name, view.facets?.counties[c.number]) }))];
  const themeOptions: Option[] = [{ value: '', label: pm.all }, ...view.mainThemes.map((t) => ({ value: t.uri, label: counted(t.label, view.facets?.themes[t.uri]) }))];
  const filtered = view.filter.q || view.filter.kind || view.filter.county || view.filter.theme || view.filter.looking;
  return (
    <Layout ctx={ctx} title={pm.title} section="organisations">
      <h1 class="ds-heading" data-size="lg">
        {pm.title}
      </h1>
      <p class="ds-paragraph" data-variant="long">
        {pm.lead}
      </p>
      <form method="get" action="/partners" class="filter-form" role="search">
        <TextField name="q" type="search" label={pm.searchLabel} value={view.filter.q} maxLength={100} />
        <SelectField name="kind" label={pm.kindLabel} value={view.filter.kind} options={kindOptions} />
        <SelectField name="county" label={pm.countyLabel} value={view.filter.county} options={countyOptions} />
        <SelectField name="theme" label={pm.themeLabel} value={view.filter.theme} options={themeOptions} />
        <Checkbox name="looking" label={counted(pm.lookingLabel, view.facets?.looking)} checked={view.filter.looking} />
        <div class="filter-form__submit">
          <button type="submit" class="ds-button" data-variant="primary">
            {pm.show}
          </button>
        </div>
      </form>
      {filtered ? (
        <p class="ds-paragraph">
          <a class="ds-link" href="/partners">
            {pm.reset}
          </a>
        </p>
      ) : null}
      <p class="ds-paragraph" role="status" id="result-count">
        {pm.results(formatNumber(lang, view.total))}
        {totalPages > 1 ? ` · ${pm.pageOf(formatNumber(lang, view.page), formatNumber(lang, totalPages))}` : ''}
      </p>
      {view.items.length === 0 ? (
        <p class="ds-paragraph">{pm.noResults}</p>
      ) : (
        <ul class="case-list" data-testid="partners">
          {view.items.map((o) => (
            <li class="ds-card case-card" data-color="neutral">
              <h2 class="ds-heading" data-size="xs">
                {o.orgnr ? (
                  <a class="ds-link" data-color="accent" href={`/organisations/${o.orgnr}`}>
                    {o.name}
                  </a>
                ) : (
                  o.name
                )}
              </h2>
              <p class="case-card__meta">
                {[m.orgs.kinds[o.kind], o.countyName ?? (o.country !== 'NO' ? o.country : null)].filter(Boolean).join(' · ')}
              </p>
              <p class="ds-paragraph" data-size="sm">
                {pm.publicCases}: {formatNumber(lang, o.publicCases)} · {pm.openChallenges}: {formatNumber(lang, o.openChallenges)}
              </p>
              {o.themes.length ? (
                <p class="ds-paragraph" data-size="sm">
                  {pm.themes}: {o.themes.slice(0, 3).map((t) => themeLabels.get(t) ?? t).join(', ')}
                </p>
              ) : null}
              {o.looking ? (
                <p class="ds-paragraph" data-size="sm">
                  <span class="ds-tag" data-color="success">
                    {pm.looking}
                  </span>{' '}
                  {needsText(lang, o.caseNeeds, o.challengeNeeds)}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Pagination m={m} url={ctx.url} page={view.page} totalPages={totalPages} />
    </Layout>
  );
}
