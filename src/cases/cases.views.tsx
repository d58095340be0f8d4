import type { VNode } from 'preact';
import { formatNumber, type Lang } from '../i18n/index.js';
import type { ViewContext } from '../ui/context.js';
import { Pagination, SelectField, type Option } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { STATUSES } from './cases.model.js';
import { caseMessages, type CaseMessages } from './cases.messages.js';
import type { CaseListItem } from './cases.queries.js';
import { Button, Heading, Link, Paragraph, Tag } from '../ui/ds.js';

export const opts = <K extends string>(keys: readonly K[], labels: Record<K, string>): Option[] => keys.map((k) => ({ value: k, label: labels[k] }));

export function StatusTag({ status, cm }: { status: string; cm: CaseMessages }) {
  const color = status === 'in_use' ? 'success' : status === 'stopped' ? 'warning' : status === 'archived' ? 'neutral' : 'info';
  return (
    <Tag color={color}>
      {cm.statuses[status as keyof CaseMessages['statuses']] ?? status}
    </Tag>
  );
}

// ---------- list ----------

export interface CaseListView {
  items: CaseListItem[];
  total: number;
  page: number;
  perPage: number;
  heading: string;
  canCreate: boolean;
  status: string;
  /** Elements of <head> other features add (the feed; cases.slots.ts). */
  head: VNode[];
}

export function CaseListPage({ ctx, view }: { ctx: ViewContext; view: CaseListView }) {
  const { lang } = ctx;
  const cm = caseMessages(lang);
  const totalPages = Math.max(1, Math.ceil(view.total / view.perPage));
  return (
    <Layout ctx={ctx} title={view.heading} section="cases" head={view.head}>
      <Heading level={1} size="lg">
        {view.heading}
      </Heading>
      <Paragraph variant="long">
        {cm.lead}
      </Paragraph>
      <Paragraph class="actions-row">
        {view.canCreate ? (
          <a class="ds-button" data-variant="primary" href="/cases/new">
            {cm.newCase}
          </a>
        ) : null}{' '}
        <Link href="/trials">
          {cm.trialsTitle}
        </Link>
      </Paragraph>
      <form method="get" class="filter-form" role="search">
        <SelectField name="status" label={cm.filterStatus} value={view.status} options={[{ value: '', label: cm.all }, ...opts(STATUSES, cm.statuses)]} />
        <div class="filter-form__submit">
          <Button variant="secondary">
            {cm.show}
          </Button>
        </div>
      </form>
      <Paragraph role="status">
        {cm.count(formatNumber(lang, view.total))}
      </Paragraph>
      {view.items.length === 0 ? <Paragraph>{cm.none}</Paragraph> : <CaseCards items={view.items} lang={lang} />}
      <Pagination m={ctx.m} url={ctx.url} page={view.page} totalPages={totalPages} />
    </Layout>
  );
}

export function CaseCards({ items, lang }: { items: CaseListItem[]; lang: Lang }) {
  const cm = caseMessages(lang);
  return (
    <ul class="case-list">
      {items.map((c) => (
        // A neutral card (in the accent colour the summary read as one more link); the title link
        // keeps the accent colour, so it still looks like the one link it is.
        <li class="ds-card case-card" data-color="neutral">
          <Heading level={2} size="xs">
            <Link color="accent" href={`/cases/${c.id}`}>
              {c.title}
            </Link>
          </Heading>
          <p class="case-card__meta">
            {c.ownerName} · <StatusTag status={c.status} cm={cm} />
            {c.publishedAt ? null : (
              <>
                {' '}
                <Tag color="neutral">
                  {cm.draft}
                </Tag>
              </>
            )}
            {c.source === 'demo' ? (
              <>
                {' '}
                <Tag color="accent">
                  {cm.demo}
                </Tag>
              </>
            ) : null}
            {c.adoptionCount > 0 ? <> · {cm.adopters(formatNumber(lang, c.adoptionCount))}</> : null}
          </p>
          <Paragraph size="sm" lang={c.language !== lang ? c.language : undefined}>
            {c.summary}
          </Paragraph>
        </li>
      ))}
    </ul>
  );
}

// ---------- form ----------
