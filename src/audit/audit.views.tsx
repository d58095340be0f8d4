import type { ViewContext } from '../ui/context.js';
import { Button, Heading, Paragraph } from '../ui/ds.js';
import { Pagination, TextField } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { auditMessages } from './audit.messages.js';
import type { AuditFilter, AuditRow } from './audit.queries.js';

/** The log as a filterable table (the details as JSON: they differ per action). */
export function AuditPage({ ctx, items, total, page, perPage, filter }: { ctx: ViewContext; items: AuditRow[]; total: number; page: number; perPage: number; filter: AuditFilter }) {
  const w = auditMessages[ctx.lang];
  const time = new Intl.DateTimeFormat(ctx.lang === 'en' ? 'en-GB' : 'nb-NO', { dateStyle: 'short', timeStyle: 'medium', timeZone: 'Europe/Oslo' });
  return (
    <Layout ctx={ctx} title={w.title}>
      <Heading level={1} size="lg">
        {w.title}
      </Heading>
      <Paragraph>{w.lead}</Paragraph>
      <form method="get" action="/admin/audit" class="filter-form" role="search">
        <TextField name="action" label={w.action} value={filter.action ?? ''} />
        <TextField name="entity" label={w.entity} value={filter.entity ?? ''} />
        <TextField name="actor" label={w.actor} value={filter.actor ?? ''} />
        <div class="filter-form__submit">
          <Button variant="secondary">{w.show}</Button>
        </div>
      </form>
      <Paragraph role="status">{w.count(total)}</Paragraph>
      {items.length === 0 ? (
        <Paragraph>{w.none}</Paragraph>
      ) : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={w.title}>
          <table class="ds-table" data-border="true">
            <thead>
              <tr>
                <th scope="col">{w.cols.at}</th>
                <th scope="col">{w.cols.actor}</th>
                <th scope="col">{w.cols.action}</th>
                <th scope="col">{w.cols.entity}</th>
                <th scope="col">{w.cols.details}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr>
                  <td>
                    <time datetime={r.at.toISOString()}>{time.format(r.at)}</time>
                  </td>
                  <td class="break-anywhere">{r.actorEmail ?? w.system}</td>
                  <td>{r.action}</td>
                  <td>
                    {r.entityType}
                    {r.entityId ? ` ${r.entityId}` : ''}
                  </td>
                  <td class="break-anywhere">
                    <code>{JSON.stringify(r.details)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination m={ctx.m} url={ctx.url} page={page} totalPages={Math.max(1, Math.ceil(total / perPage))} />
    </Layout>
  );
}
