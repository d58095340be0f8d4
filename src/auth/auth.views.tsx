import { formatDateTime } from '../i18n/index.js';
import type { AuthMembership } from '../http/context.js';
import type { ViewContext } from '../ui/context.js';
import { CsrfField, ErrorSummary, TextField, type FormErrors } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import type { ComponentChildren } from 'preact';
import { authMessages } from './auth.messages.js';
import { PasswordHeading, ProviderButtons, type SignInProvider } from './oidc/oidc.views.js';
import { Alert, Button, Heading, Link, List, Paragraph } from '../ui/ds.js';

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
      <Heading level={1} size="lg">
        {m.auth.signInTitle}
      </Heading>
      <ProviderButtons ctx={ctx} providers={providers} next={next} headingLevel={disabled ? 'none' : 'h2'} />
      {disabled && providers.length > 0 ? null : disabled ? (
        <Alert color="info">
          <p>{m.auth.localDisabled}</p>
        </Alert>
      ) : (
        <form method="post" action="/signin" novalidate class="stack narrow">
          {providers.length > 0 ? <PasswordHeading ctx={ctx} /> : null}
          <CsrfField token={ctx.csrfToken} />
          <input type="hidden" name="next" value={next} />
          {failed ? (
            <Alert color="danger" role="alert">
              <p>{m.auth.failed}</p>
            </Alert>
          ) : null}
          <TextField name="email" type="email" label={m.auth.email} value={values.email} error={errors.email} autocomplete="username" required />
          <TextField name="password" type="password" label={m.auth.password} error={errors.password} autocomplete="current-password" required />
          <div>
            <Button variant="primary">
              {m.auth.submit}
            </Button>
          </div>
          <Paragraph>
            <Link href="/password/forgot">
              {authMessages(ctx.lang).password.forgotLink}
            </Link>
          </Paragraph>
          <Paragraph>
            {m.auth.noAccount}{' '}
            <Link href="/register">
              {m.nav.register}
            </Link>
          </Paragraph>
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
      <Heading level={1} size="lg">
        {m.auth.registerTitle}
      </Heading>
      <form method="post" action="/register" novalidate class="stack narrow">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="name" label={m.auth.name} value={values.name} error={errors.name} autocomplete="name" required maxLength={200} />
        <TextField name="email" type="email" label={m.auth.email} value={values.email} error={errors.email} autocomplete="email" required />
        <TextField name="password" type="password" label={m.auth.password} hint={m.auth.passwordHint} error={errors.password} autocomplete="new-password" required />
        <div>
          <Button variant="primary">
            {m.auth.registerSubmit}
          </Button>
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
      <Heading level={1} size="lg">
        {m.profile.title}
      </Heading>
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
          <Link href="/notifications/settings">
            {links.notificationSettings}
          </Link>
        </li>
        {user.platformRole === 'admin' || memberships.some((ms) => ms.status === 'active' && ms.role === 'org_admin') ? (
          <li>
            <Link href="/moderation/comments">
              {links.commentModeration}
            </Link>
          </li>
        ) : null}
        {user.platformRole === 'admin' ? (
          <li>
            <Link href="/admin/outbox">
              {links.outbox}
            </Link>
          </li>
        ) : null}
        {user.platformRole === 'admin' ? (
          <li>
            <Link href="/admin/audit">
              {links.auditLog}
            </Link>
          </li>
        ) : null}
      </ul>
      {sections}
      <Heading level={2} size="sm">
        {m.profile.memberships}
      </Heading>
      {memberships.length === 0 ? (
        <Paragraph>
          {m.profile.noMemberships}{' '}
          <Link href="/organisations">
            {m.home.findOrganisation}
          </Link>
        </Paragraph>
      ) : (
        <List>
          {memberships.map((ms) => (
            <li>
              {ms.orgnr ? (
                <Link href={`/organisations/${ms.orgnr}`}>
                  {ms.name}
                </Link>
              ) : (
                ms.name
              )}{' '}
              – {ms.status === 'pending' ? m.orgs.pending : m.orgs.roleNames[ms.role]}
            </li>
          ))}
        </List>
      )}
      <Heading level={2} size="sm" id="tokens">
        {m.profile.tokensHeading}
      </Heading>
      <Paragraph>
        {m.profile.tokensLead} {a.lifetime(tokenDays)}
      </Paragraph>
      {newToken ? (
        <Alert color="success" role="status">
          <p>{m.profile.newToken}</p>
          <p>
            <code class="token" data-testid="new-token">
              {newToken}
            </code>
          </p>
        </Alert>
      ) : null}
      {tokens.length === 0 ? (
        <Paragraph>{m.profile.noTokens}</Paragraph>
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
                      <Button variant="tertiary" size="sm" aria-label={`${m.profile.revoke}: ${t.name}`}>
                        {m.profile.revoke}
                      </Button>
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
          <Button variant="secondary">
            {m.profile.createToken}
          </Button>
        </div>
      </form>
      {password}
    </Layout>
  );
}
