import type { ViewContext } from '../../ui/context.js';
import { Layout } from '../../ui/layout.js';
import type { OidcProviderConfig } from './oidc.config.js';
import { oidcMessages } from './oidc.messages.js';
import type { FailureReason } from './oidc.service.js';

export type SignInProvider = Pick<OidcProviderConfig, 'id' | 'labels'>;

/** The start address of a provider's sign-in, carrying the page to come back to. */
export function startHref(providerId: string, next: string): string {
  return `/auth/oidc/${providerId}/start${next && next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`;
}

/**
 * One button per provider on the sign-in page. Links, not forms: a GET needs no JavaScript and no
 * CSRF token, and a form's redirect to another origin would be blocked by our CSP's form-action.
 */
export function ProviderButtons({ ctx, providers, next, headingLevel }: { ctx: ViewContext; providers: SignInProvider[]; next: string; headingLevel: 'h2' | 'none' }) {
  if (providers.length === 0) return null;
  const t = oidcMessages(ctx.lang);
  return (
    <section class="stack narrow" aria-labelledby={headingLevel === 'h2' ? 'signin-providers' : undefined}>
      {headingLevel === 'h2' ? (
        <h2 class="ds-heading" data-size="sm" id="signin-providers">
          {t.providersHeading}
        </h2>
      ) : null}
      {providers.map((p) => (
        <p class="ds-paragraph">
          <a class="ds-button" data-variant="primary" href={startHref(p.id, next)} data-provider={p.id}>
            {t.signInWith(p.labels[ctx.lang])}
          </a>
        </p>
      ))}
    </section>
  );
}

export function PasswordHeading({ ctx }: { ctx: ViewContext }) {
  return (
    <h2 class="ds-heading" data-size="sm">
      {oidcMessages(ctx.lang).passwordHeading}
    </h2>
  );
}

/** A provider sign-in that failed: what happened, in words, and a way back. */
export function SignInFailedPage({ ctx, reason, requestId, retry }: { ctx: ViewContext; reason: FailureReason; requestId: string; retry: string }) {
  const t = oidcMessages(ctx.lang);
  return (
    <Layout ctx={ctx} title={t.errorTitle} section="auth">
      <h1 class="ds-heading" data-size="lg">
        {t.errorTitle}
      </h1>
      <div class="ds-alert" data-color="danger">
        <p data-reason={reason}>{t.reasons[reason]}</p>
      </div>
      <p class="ds-paragraph">
        <a class="ds-button" data-variant="primary" href={retry}>
          {t.tryAgain}
        </a>
      </p>
      <p class="ds-paragraph" data-size="sm">
        {ctx.m.errors.reference}: <code>{requestId}</code>
      </p>
    </Layout>
  );
}

/**
 * After our session has ended: on to the provider's end-session endpoint. A page with a zero-delay
 * refresh rather than a 303, because the sign-out is a form POST and browsers check a form's
 * redirects against the CSP's form-action ('self'); a refresh is a new navigation, and the link
 * serves anyone whose browser does not follow refreshes.
 */
export function ProviderSignOutPage({ ctx, url, label }: { ctx: ViewContext; url: string; label: string }) {
  const t = oidcMessages(ctx.lang);
  return (
    <Layout ctx={ctx} title={t.signOutTitle(label)} section="auth" head={<meta http-equiv="refresh" content={`0; url=${url}`} />}>
      <h1 class="ds-heading" data-size="lg">
        {t.signOutTitle(label)}
      </h1>
      <p class="ds-paragraph">{t.signOutLead(label)}</p>
      <p class="ds-paragraph">
        <a class="ds-button" data-variant="primary" href={url} data-testid="provider-signout">
          {t.signOutContinue(label)}
        </a>
      </p>
    </Layout>
  );
}
