import type { VNode } from 'preact';
import { formatNumber, type Lang } from '../i18n/index.js';
import type { ViewContext } from '../ui/context.js';
import { Pagination, SelectField } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { caseMessages, type CaseMessages } from '../cases/index.js';
import { FACETS, type Facet, type Filters, type Sort } from './search.queries.js';
import { searchMessages } from './search.messages.js';
import { Button, Heading, Link, Paragraph } from '../ui/ds.js';

export interface SearchItem {
  id: string;
  title: string;
  summary: string;
  status: string;
  ownerName: string;
  ownerOrgnr: string | null;
  language: string;
  adoptionCount: number;
  publishedAt: string | null;
  /** Escaped HTML with <mark> around matched words (search.service.ts snippetHtml). */
  snippet: string | null;
  source: string;
}

export interface SearchPageView {
  q: string;
  sort: Sort;
  filters: Filters;
  total: number;
  page: number;
  perPage: number;
  items: SearchItem[];
  facets: Record<Facet, { value: string; count: number }[]>;
  /** Labels of values that are not words in the messages (themes, counties). */
  labels: { theme: Record<string, string>; county: Record<string, string> };
  /** What other features add under the heading (following the search; search.slots.ts). */
  heading: VNode[];
}

function valueLabel(facet: Facet, value: string, lang: Lang, ctx: ViewContext, view: SearchPageView): string {
  const cm: CaseMessages = caseMessages(lang);
  const sm = searchMessages(lang);
  const pick = (map: Record<string, string>) => map[value] ?? value;
  switch (facet) {
    case 'type':
      return pick(cm.types);
    case 'stage':
      return pick(cm.stages);
    case 'status':
      return pick(cm.statuses);
    case 'theme':
      return view.labels.theme[value] ?? value;
    case 'county':
      return view.labels.county[value] ?? value;
    case 'orgKind':
      return pick(ctx.m.orgs.kinds as Record<string, string>);
    case 'actor':
      return pick(cm.actorTypes);
    case 'language':
      return pick(cm.languages);
    case 'lessons':
    case 'adopted':
      return value === 'true' ? sm.yes : sm.no;
    case 'year':
      return value;
  }
}

export function SearchPage({ ctx, view }: { ctx: ViewContext; view: SearchPageView }) {
  const { lang } = ctx;
  const sm = searchMessages(lang);
  const cm = caseMessages(lang);
  const totalPages = Math.max(1, Math.ceil(view.total / view.perPage));
  const active = (f: Facet, v: string) => (view.filters[f] ?? []).includes(v);
  const anyFilter = FACETS.some((f) => (view.filters[f] ?? []).length > 0);
  return (
    <Layout ctx={ctx} title={view.q ? `${sm.title}: ${view.q}` : sm.title} section="cases">
      <Heading level={1} size="lg">
        {sm.title}
      </Heading>
      {view.heading}
      <form method="get" action="/search" class="search-page" role="search">
        <div class="search-bar">
          <div class="ds-field">
            <label class="ds-label" for="field-q" data-weight="medium">
              {sm.searchLabel}
            </label>
            <div data-field="description" id="field-q-hint">
              {sm.searchHint}
            </div>
            <div class="search-bar__row">
              <input class="ds-input" type="search" id="field-q" name="q" value={view.q} maxLength={500} aria-describedby="field-q-hint" />
              <Button variant="primary">
                {sm.submit}
              </Button>
            </div>
          </div>
        </div>
        <div class="search-layout">
          <aside class="search-facets" aria-labelledby="facets-heading">
            <Heading level={2} size="xs" id="facets-heading">
              {sm.filters}
            </Heading>
            {FACETS.map((f) => {
              const values = view.facets[f];
              const selected = view.filters[f] ?? [];
              // A selected value with no matches stays visible, so it can be unticked.
              const shown = [...values, ...selected.filter((v) => !values.some((x) => x.value === v)).map((v) => ({ value: v, count: 0 }))];
              if (shown.length === 0) return null;
              return (
                <fieldset class="ds-fieldset facet">
                  <legend class="ds-label" data-weight="medium">
                    {sm.facets[f]}
                  </legend>
                  <ul class="facet__values">
                    {shown.slice(0, f === 'year' ? 12 : 20).map((v) => {
                      const id = `facet-${f}-${v.value}`.replace(/[^A-Za-z0-9_-]/g, '-');
                      return (
                        <li class="choice">
                          <input class="ds-input" type="checkbox" id={id} name={f} value={v.value} checked={active(f, v.value)} />
                          <label class="ds-label" for={id} data-weight="regular">
                            {valueLabel(f, v.value, lang, ctx, view)} <span class="facet__count">({formatNumber(lang, v.count)})</span>
                          </label>
                        </li>
                      );
                    })}
                  </ul>
                </fieldset>
              );
            })}
            <div class="facet-actions">
              <Button variant="secondary">
                {sm.apply}
              </Button>
              {anyFilter ? (
                <Link href={view.q ? `/search?q=${encodeURIComponent(view.q)}` : '/search'}>
                  {sm.clear}
                </Link>
              ) : null}
            </div>
          </aside>
          <div class="search-results">
            <div class="search-results__head">
              <Paragraph role="status" id="result-count">
                {sm.results(formatNumber(lang, view.total))}
              </Paragraph>
              <div class="search-sort">
                <SelectField
                  name="sort"
                  label={sm.sort}
                  value={view.sort}
                  options={(['relevance', 'newest', 'adopted'] as const).map((s) => ({ value: s, label: sm.sorts[s] }))}
                />
                <Button variant="tertiary" size="sm">
                  {sm.sort}
                </Button>
              </div>
            </div>
            {view.items.length === 0 ? (
              <Paragraph>{sm.noResults}</Paragraph>
            ) : (
              <ol class="case-list search-hits" start={(view.page - 1) * view.perPage + 1}>
                {view.items.map((c) => (
                  <li class="ds-card case-card">
                    <Heading level={2} size="xs">
                      <Link href={`/cases/${c.id}`} lang={c.language !== lang ? c.language : undefined}>
                        {c.title}
                      </Link>
                    </Heading>
                    <p class="case-card__meta">
                      {c.ownerName} · {cm.statuses[c.status as keyof CaseMessages['statuses']] ?? c.status}
                      {c.adoptionCount > 0 ? ` · ${cm.adopters(formatNumber(lang, c.adoptionCount))}` : ''}
                      {c.source === 'demo' ? ` · ${cm.demo}` : ''}
                    </p>
                    {c.snippet ? (
                      // Safe: snippetHtml escaped the case text; the only markup is our <mark>.
                      <p class="ds-paragraph snippet" data-size="sm" lang={c.language !== lang ? c.language : undefined} dangerouslySetInnerHTML={{ __html: c.snippet }} />
                    ) : (
                      <Paragraph size="sm" lang={c.language !== lang ? c.language : undefined}>
                        {c.summary}
                      </Paragraph>
                    )}
                  </li>
                ))}
              </ol>
            )}
            <Pagination m={ctx.m} url={ctx.url} page={view.page} totalPages={Math.min(totalPages, 1000)} />
          </div>
        </div>
      </form>
    </Layout>
  );
}

export interface SimilarItem {
  id: string;
  title: string;
  ownerName: string;
}

/** A short list of similar cases (case page; the "someone already did this" hint). */
export function SimilarCases({ lang, items, heading, lead, id }: { lang: Lang; items: SimilarItem[]; heading: string; lead?: string; id: string }) {
  const sm = searchMessages(lang);
  return (
    <section aria-labelledby={id} class="similar-cases" data-similar-cases="">
      <Heading level={2} size="sm" id={id}>
        {heading}
      </Heading>
      {lead ? <Paragraph>{lead}</Paragraph> : null}
      {items.length === 0 ? (
        <Paragraph>{sm.similarNone}</Paragraph>
      ) : (
        <ul class="plain-list">
          {items.map((i) => (
            <li>
              <Link href={`/cases/${i.id}`}>
                {i.title}
              </Link>{' '}
              ({i.ownerName})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * "Someone already did this" beside a case being written. The server fills it after the first save
 * (without JavaScript); similar-hint.js refreshes it as the writer types. Hidden while empty.
 */
export function SimilarHint({ lang, items, caseId }: { lang: Lang; items: SimilarItem[]; caseId?: string | undefined }) {
  const sm = searchMessages(lang);
  return (
    <section class="similar-hint ds-alert" data-color="info" data-similar-hint="" data-case-id={caseId} data-found-text={sm.hintFound('{n}')} hidden={items.length === 0} aria-labelledby="similar-hint-heading">
      <Heading level={2} size="xs" id="similar-hint-heading">
        {sm.alreadyDone}
      </Heading>
      <Paragraph>{sm.alreadyDoneLead}</Paragraph>
      <ul class="plain-list" data-similar-list="">
        {items.map((i) => (
          <li>
            <Link href={`/cases/${i.id}`} target="_blank" rel="noopener">
              {i.title}
            </Link>{' '}
            ({i.ownerName})
          </li>
        ))}
      </ul>
      <p class="ds-sr-only" data-similar-status="" aria-live="polite" />
      <script type="module" src="/assets/similar-hint.js" />
    </section>
  );
}
