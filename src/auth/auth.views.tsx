import { formatDateTime } from '../i18n/index.js';
import type { AuthMembership } from '../http/context.js';
import type { ViewContext } from '../ui/context.js';
import { CsrfField, ErrorSummary, TextField, type FormErrors } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import type { ComponentChildren } from 'preact';
import { authMessages } from './auth.messages.js';
import { PasswordHeading, ProviderButtons, type SignInProvider } from './oidc/oidc.views.js';

export function SignInPage({
  ctx,
  values,
  errors,
  next,
  failed,
  disabled,
  providers = [],
}: {
  ctx: ViewContext;
  values: Record<string, string>;
  errors: FormErrors;
  next: string;
  failed: boolean;
  disabled: boolean;
  /** OpenID Connect providers: a button each, above the password form. */
  providers?: SignInProvider[];
}) {
  const { m } = ctx;
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length || failed ? `${m.errors.title}: ${m.auth.signInTitle}` : m.auth.signInTitle} section="auth">
      <ErrorSummary errors={errors} m={m} labels={{ email: m.auth.email, password: m.auth.password }} />
      <h1 class="ds-heading" data-size="lg">
        {m.auth.signInTitle}
      </h1>
      <ProviderButtons ctx={ctx} providers={providers} next={next} headingLevel={disabled ? 'none' : 'h2'} />
      {disabled && providers.length > 0 ? null : disabled ? (
        <div class="ds-alert" data-color="info">
          <p>{m.auth.localDisabled}</p>
        </div>
      ) : (
        <form method="post" action="/signin" novalidate class="stack narrow">
          {providers.length > 0 ? <PasswordHeading ctx={ctx} /> : null}
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="next" value={next} />
          {failed ? (
            <div class="ds-alert" data-color="danger" role="alert">
              <p>{m.auth.failed}</p>
            </div>
          ) : null}
          <TextField name="email" type="email" label={m.auth.email} value={values.email} error={errors.email} autocomplete="username" required />
          <TextField name="password" type="password" label={m.auth.password} error={errors.password} autocomplete="current-password" required />
          <div>
            <button type="submit" class="ds-button" data-variant="primary">
              {m.auth.submit}
            </button>
          </div>
          <p class="ds-paragraph">
            <a class="ds-link" href="/password/forgot">
              {authMessages(ctx.lang).password.forgotLink}
            </a>
          </p>
          <p class="ds-paragraph">
            {m.auth.noAccount}{' '}
            <a class="ds-link" href="/register">
              {m.nav.register}
            </a>
          </p>
        </form>
      )}
    </Layout>
  );
}

export function RegisterPage({ ctx, values, errors }: { ctx: ViewContext; values: Record<string, string>; errors: FormErrors }) {
  const { m } = ctx;
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${m.errors.title}: ${m.auth.registerTitle}` : m.auth.registerTitle} section="auth">
      <ErrorSummary errors={errors} m={m} labels={{ name: m.auth.name, email: m.auth.email, password: m.auth.password }} />
      <h1 class="ds-heading" data-size="lg">
        {m.auth.registerTitle}
      </h1>
      <form method="post" action="/register" novalidate class="stack narrow">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="name" label={m.auth.name} value={values.name} error={errors.name} autocomplete="name" required maxLength={200} />
        <TextField name="email" type="email" label={m.auth.email} value={values.email} error={errors.email} autocomplete="email" required />
        <TextField name="password" type="password" label={m.auth.password} hint={m.auth.passwordHint} error={errors.password} autocomplete="new-password" required />
        <div>
          <button type="submit" class="ds-button" data-variant="primary">
            {m.auth.registerSubmit}
          </button>
        </div>
      </form>
    </Layout>
  );
}

export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date;
  expired: boolean;
  revokedAt: Date | null;
}

export function ProfilePage({
  ctx,
  user,
  memberships,
  tokens,
  newToken,
  tokenDays,
  sections,
  password,
}: {
  ctx: ViewContext;
  user: { name: string; email: string; platformRole: 'admin' | 'analyst' | null };
  memberships: AuthMembership[];
  tokens: TokenRow[];
  newToken?: string | undefined;
  /** How long a new token works (API_TOKEN_DAYS). */
  tokenDays: number;
  /** What other features add to the profile (invitations to organisations waiting for an answer). */
  sections?: ComponentChildren;
  /** The change-password form. */
  password?: ComponentChildren;
}) {
  const { m, lang } = ctx;
  const a = authMessages(lang).tokens;
  const links = authMessages(lang).links;
  return (
    <Layout ctx={ctx} title={m.profile.title} section="profile">
      <h1 class="ds-heading" data-size="lg">
        {m.profile.title}
      </h1>
      <dl class="facts">
        <dt>{m.auth.name}</dt>
        <dd>{user.name}</dd>
        <dt>{m.auth.email}</dt>
        <dd>{user.email}</dd>
        {user.platformRole ? (
          <>
            <dt>{m.profile.platformRole}</dt>
            <dd>{m.profile.platformRoles[user.platformRole]}</dd>
          </>
        ) : null}
      </dl>
      <ul class="profile-links">
        <li>
          <a class="ds-link" href="/notifications/settings">
            {links.notificationSettings}
          </a>
        </li>
        {user.platformRole === 'admin' || memberships.some((ms) => ms.status === 'active' && ms.role === 'org_admin') ? (
          <li>
            <a class="ds-link" href="/moderation/comments">
              {links.commentModeration}
            </a>
          </li>
        ) : null}
        {user.platformRole === 'admin' ? (
          <li>
            <a class="ds-link" href="/admin/outbox">
              {links.outbox}
            </a>
          </li>
        ) : null}
        {user.platformRole === 'admin' ? (
          <li>
            <a class="ds-link" href="/admin/audit">
              {links.auditLog}
            </a>
          </li>
        ) : null}
      </ul>
      {sections}
      <h2 class="ds-heading" data-size="sm">
        {m.profile.memberships}
      </h2>
      {memberships.length === 0 ? (
        <p class="ds-paragraph">
          {m.profile.noMemberships}{' '}
          <a class="ds-link" href="/organisations">
            {m.home.findOrganisation}
          </a>
        </p>
      ) : (
        <ul class="ds-list">
          {memberships.map((ms) => (
            <li>
              {ms.orgnr ? (
                <a class="ds-link" href={`/organisations/${ms.orgnr}`}>
                  {ms.name}
                </a>
              ) : (
                ms.name
              )}{' '}
              – {ms.status === 'pending' ? m.orgs.pending : m.orgs.roleNames[ms.role]}
            </li>
          ))}
        </ul>
      )}
      <h2 class="ds-heading" data-size="sm" id="tokens">
        {m.profile.tokensHeading}
      </h2>
      <p class="ds-paragraph">
        {m.profile.tokensLead} {a.lifetime(tokenDays)}
      </p>
      {newToken ? (
        <div class="ds-alert" data-color="success" role="status">
          <p>{m.profile.newToken}</p>
          <p>
            <code class="token" data-testid="new-token">
              {newToken}
            </code>
          </p>
        </div>
      ) : null}
      {tokens.length === 0 ? (
        <p class="ds-paragraph">{m.profile.noTokens}</p>
      ) : (
        <table class="ds-table stacked-table">
          <caption class="ds-sr-only">{m.profile.tokensHeading}</caption>
          <thead>
            <tr>
              <th scope="col">{m.profile.tokenName}</th>
              <th scope="col">{m.profile.created}</th>
              <th scope="col">{a.expires}</th>
              <th scope="col">{m.profile.lastUsed}</th>
              <th scope="col">{m.profile.status}</th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <tr>
                <td class="stacked-table__title">
                  {t.name} <code>nytk_{t.prefix}…</code>
                </td>
                <td data-label={m.profile.created}>{formatDateTime(lang, t.createdAt)}</td>
                <td data-label={a.expires}>{formatDateTime(lang, t.expiresAt)}</td>
                <td data-label={m.profile.lastUsed}>{t.lastUsedAt ? formatDateTime(lang, t.lastUsedAt) : m.profile.never}</td>
                <td data-label={m.profile.status}>
                  {t.revokedAt ? (
                    a.revoked
                  ) : t.expired ? (
                    a.expired
                  ) : (
                    <form method="post" action={`/profile/tokens/${t.id}/revoke`} class="inline-form">
                      <CsrfField token={ctx.csrfToken} />
                      <button type="submit" class="ds-button" data-variant="tertiary" data-size="sm" aria-label={`${m.profile.revoke}: ${t.name}`}>
                        {m.profile.revoke}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form method="post" action="/profile/tokens" novalidate class="stack narrow">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="name" label={m.profile.tokenName} maxLength={100} />
        <div>
          <button type="submit" class="ds-button" data-variant="secondary">
            {m.profile.createToken}
          </button>
        </div>
      </form>
      {password}
    </Layout>
  );
}
