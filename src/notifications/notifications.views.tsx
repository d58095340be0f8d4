import type { FollowTarget } from '../db/schema.notifications.js';
import type { Lang } from '../i18n/index.js';
import type { ViewContext } from '../ui/context.js';
import { CsrfField, Pagination } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { notificationMessages } from './notifications.messages.js';
import type { NotificationRow } from './notifications.queries.js';

function formatDateTime(lang: Lang, d: Date): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nb-NO', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Oslo' }).format(d);
}

export interface FollowState {
  kind: FollowTarget;
  key: string;
  following: boolean;
  followers: number;
}

/**
 * Follow / unfollow as a small form (works without JavaScript). Signed out, a link to sign in that
 * comes back here. `label` names the thing for screen readers ("Følg: Digitalt tilsyn").
 */
export function FollowButton({ ctx, state, label, returnTo }: { ctx: ViewContext; state: FollowState | null; label: string; returnTo: string }) {
  const nm = notificationMessages(ctx.lang);
  if (!ctx.user || !state) {
    return (
      <p class="follow-box">
        <a class="ds-link" href={`/signin?next=${encodeURIComponent(returnTo)}`}>
          {nm.signInToFollow}
        </a>
      </p>
    );
  }
  const action = state.following ? '/unfollow' : '/follow';
  const text = state.kind === 'search' && !state.following ? nm.followSearch : state.following ? nm.unfollow : nm.follow;
  return (
    <form method="post" action={action} class="follow-box">
      <CsrfField token={ctx.csrfToken} />
      <input type="hidden" name="kind" value={state.kind} />
      <input type="hidden" name="key" value={state.key} />
      <input type="hidden" name="return" value={returnTo} />
      <button type="submit" class="ds-button" data-variant={state.following ? 'secondary' : 'primary'} data-size="sm" aria-label={`${text}: ${label}`}>
        {text}
      </button>{' '}
      <span class="follow-box__count">
        {state.following ? `${nm.following} · ` : ''}
        {nm.followers(state.followers)}
      </span>
    </form>
  );
}

export interface NotificationListView {
  items: NotificationRow[];
  total: number;
  unread: number;
  page: number;
  perPage: number;
  unreadOnly: boolean;
}

export function NotificationListPage({ ctx, view }: { ctx: ViewContext; view: NotificationListView }) {
  const nm = notificationMessages(ctx.lang);
  const totalPages = Math.max(1, Math.ceil(view.total / view.perPage));
  return (
    <Layout ctx={ctx} title={nm.title} section="notifications">
      <h1 class="ds-heading" data-size="lg">
        {nm.title}
      </h1>
      <p class="ds-paragraph">{nm.lead}</p>
      <p class="ds-paragraph actions-row">
        <a class="ds-link" href={view.unreadOnly ? '/notifications' : '/notifications?unread=true'}>
          {view.unreadOnly ? nm.showAll : nm.onlyUnread}
        </a>{' '}
        · <a class="ds-link" href="/notifications/settings">
          {nm.settingsLink}
        </a>
      </p>
      {view.unread > 0 ? (
        <form method="post" action="/notifications/read">
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="all" value="true" />
          <button type="submit" class="ds-button" data-variant="secondary" data-size="sm">
            {nm.markAllRead}
          </button>
        </form>
      ) : null}
      <p class="ds-paragraph" role="status">
        {nm.count(view.total)}
      </p>
      {view.items.length === 0 ? (
        <p class="ds-paragraph">{nm.none}</p>
      ) : (
        <ul class="case-list" data-testid="notifications">
          {view.items.map((n) => (
            <li class="ds-card case-card" data-color="neutral" data-read={n.read ? 'true' : 'false'}>
              <p class="case-card__meta">
                {n.read ? null : (
                  <span class="ds-tag" data-color="accent">
                    {nm.unread}
                  </span>
                )}{' '}
                {nm.events[n.kind] ?? nm.eventFallback}
                {n.actorName ? ` ${nm.by(n.actorName)}` : ''} · <time datetime={n.at.toISOString()}>{formatDateTime(ctx.lang, n.at)}</time>
              </p>
              <h2 class="ds-heading" data-size="xs">
                <a class="ds-link" href={n.path}>
                  {n.title}
                </a>
              </h2>
              {n.read ? null : (
                <form method="post" action="/notifications/read">
                  <CsrfField token={ctx.csrfToken} />
                  <input type="hidden" name="id" value={n.id} />
                  <button type="submit" class="ds-button" data-variant="tertiary" data-size="sm" aria-label={`${nm.markRead}: ${n.title}`}>
                    {nm.markRead}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      <Pagination m={ctx.m} url={ctx.url} page={view.page} totalPages={totalPages} />
    </Layout>
  );
}

export interface SettingsView {
  frequency: string;
  follows: { kind: FollowTarget; key: string; label: string }[];
  error?: string | undefined;
}

export function NotificationSettingsPage({ ctx, view }: { ctx: ViewContext; view: SettingsView }) {
  const nm = notificationMessages(ctx.lang);
  const followPath = (f: { kind: FollowTarget; key: string }) =>
    f.kind === 'case' ? `/cases/${f.key}` : f.kind === 'challenge' ? `/challenges/${f.key}` : f.kind === 'search' ? `/search?${f.key}` : f.kind === 'theme' ? `/search?theme=${encodeURIComponent(f.key)}` : null;
  return (
    <Layout ctx={ctx} title={nm.settingsTitle} section="notifications">
      <h1 class="ds-heading" data-size="lg">
        {nm.settingsTitle}
      </h1>
      <p class="ds-paragraph">{nm.settingsLead}</p>
      <form method="post" action="/notifications/settings" class="stack-form">
        <CsrfField token={ctx.csrfToken} />
        <fieldset class="ds-fieldset">
          <legend class="ds-label">{nm.frequencyLegend}</legend>
          {(['instant', 'daily', 'weekly', 'never'] as const).map((f) => (
            <div class="ds-field">
              <input class="ds-input" type="radio" id={`frequency-${f}`} name="frequency" value={f} checked={view.frequency === f} />
              <label class="ds-label" for={`frequency-${f}`} data-weight="regular">
                {nm.frequencies[f]}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit" class="ds-button" data-variant="primary">
          {nm.save}
        </button>
      </form>
      <h2 class="ds-heading" data-size="md">
        {nm.followsTitle}
      </h2>
      {view.follows.length === 0 ? (
        <p class="ds-paragraph">{nm.noFollows}</p>
      ) : (
        <ul class="follow-list">
          {view.follows.map((f) => {
            const path = followPath(f);
            return (
              <li>
                {nm.targets[f.kind]}:{' '}
                {path ? (
                  <a class="ds-link" href={path}>
                    {f.label}
                  </a>
                ) : (
                  f.label
                )}{' '}
                <form method="post" action="/unfollow" class="inline-form">
                  <CsrfField token={ctx.csrfToken} />
                  <input type="hidden" name="kind" value={f.kind} />
                  <input type="hidden" name="key" value={f.key} />
                  <input type="hidden" name="return" value="/notifications/settings" />
                  <button type="submit" class="ds-button" data-variant="tertiary" data-size="sm" aria-label={`${nm.unfollow}: ${f.label}`}>
                    {nm.unfollow}
                  </button>
                </form>
              </li>
            );
          })}
        </ul>
      )}
    </Layout>
  );
}

export function UnsubscribePage({ ctx, email, token, done }: { ctx: ViewContext; email: string | null; token: string; done: boolean }) {
  const nm = notificationMessages(ctx.lang);
  return (
    <Layout ctx={ctx} title={nm.unsubscribeTitle}>
      <h1 class="ds-heading" data-size="lg">
        {nm.unsubscribeTitle}
      </h1>
      {email === null ? (
        <p class="ds-paragraph">{nm.unsubscribeUnknown}</p>
      ) : done ? (
        <div class="ds-alert" data-color="success" role="status">
          <p>{nm.unsubscribed}</p>
        </div>
      ) : (
        <form method="post" action={`/unsubscribe/${token}`}>
          {/* An e-mail address is one long word: let it wrap on a narrow screen. */}
          <p class="ds-paragraph break-anywhere">{nm.unsubscribeLead(email)}</p>
          <button type="submit" class="ds-button" data-variant="primary">
            {nm.unsubscribeButton}
          </button>
        </form>
      )}
    </Layout>
  );
}

export interface OutboxRow {
  id: string;
  kind: string;
  to: string;
  subject: string;
  text: string;
  createdAt: Date;
  sentAt: Date | null;
  via: string | null;
  attempts: number;
  lastError: string | null;
}

export function OutboxPage({ ctx, items, total, page, perPage, showSystemText }: { ctx: ViewContext; items: OutboxRow[]; total: number; page: number; perPage: number; showSystemText: boolean }) {
  const nm = notificationMessages(ctx.lang);
  const c = nm.outboxColumns;
  const status = (r: OutboxRow) =>
    r.via === 'smtp' ? nm.outboxStatus.smtp : r.via === 'outbox' ? nm.outboxStatus.outbox : r.lastError ? nm.outboxStatus.failed(r.lastError) : nm.outboxStatus.pending;
  return (
    <Layout ctx={ctx} title={nm.outboxTitle}>
      <h1 class="ds-heading" data-size="lg">
        {nm.outboxTitle}
      </h1>
      <p class="ds-paragraph">{nm.outboxLead}</p>
      <form method="post" action="/admin/outbox/digests">
        <CsrfField token={ctx.csrfToken} />
        <button type="submit" class="ds-button" data-variant="secondary" data-size="sm">
          {nm.runDigests}
        </button>
      </form>
      {items.length === 0 ? (
        <p class="ds-paragraph">{nm.outboxNone}</p>
      ) : (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={nm.outboxTitle}>
          <table class="ds-table" data-border="true">
            <thead>
              <tr>
                <th scope="col">{c.created}</th>
                <th scope="col">{c.to}</th>
                <th scope="col">{c.subject}</th>
                <th scope="col">{c.status}</th>
                <th scope="col">{c.attempts}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr>
                  <td>{formatDateTime(ctx.lang, r.createdAt)}</td>
                  <td>{r.to}</td>
                  <td>
                    <details>
                      <summary>{r.subject}</summary>
                      {r.kind === 'system' && !showSystemText ? <p class="ds-paragraph" data-size="sm">{nm.outboxSecretHidden}</p> : <pre class="mail-text">{r.text}</pre>}
                    </details>
                  </td>
                  <td>{status(r)}</td>
                  <td>{r.attempts}</td>
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
