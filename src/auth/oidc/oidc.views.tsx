import { formatDateTime } from '../../i18n/index.js';
import type { ViewContext } from '../../ui/context.js';
import { CsrfField, ErrorSummary, TextField, type FormErrors } from '../../ui/forms.js';
import { Layout } from '../../ui/layout.js';
import type { OidcProviderConfig } from './oidc.config.js';
import { oidcMessages } from './oidc.messages.js';
import type { FailureReason, PendingConfirmation } from './oidc.service.js';
import { CONFIRM_CODE_PATH, CONFIRM_EMAIL_PATH } from './oidc.urls.js';
import { Alert, Button, Heading, Link, Paragraph } from '../../ui/ds.js';

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
        <Heading level={2} size="sm" id="signin-providers">
          {t.providersHeading}
        </Heading>
      ) : null}
      {providers.map((p) => (
        <Paragraph>
          <a class="ds-button" data-variant="primary" href={startHref(p.id, next)} data-provider={p.id}>
            {t.signInWith(p.labels[ctx.lang])}
          </a>
        </Paragraph>
      ))}
    </section>
  );
}

export function PasswordHeading({ ctx }: { ctx: ViewContext }) {
  return (
    <Heading level={2} size="sm">
      {oidcMessages(ctx.lang).passwordHeading}
    </Heading>
  );
}

/** A provider sign-in that failed: what happened, in words, and a way back. */
export function SignInFailedPage({ ctx, reason, requestId, retry }: { ctx: ViewContext; reason: FailureReason; requestId: string; retry: string }) {
  const t = oidcMessages(ctx.lang);
  return (
    <Layout ctx={ctx} title={t.errorTitle} section="auth">
      <Heading level={1} size="lg">
        {t.errorTitle}
      </Heading>
      <Alert color="danger">
        <p data-reason={reason}>{t.reasons[reason]}</p>
      </Alert>
      <Paragraph>
        <a class="ds-button" data-variant="primary" href={retry}>
          {t.tryAgain}
        </a>
      </Paragraph>
      <Paragraph size="sm">
        {ctx.m.errors.reference}: <code>{requestId}</code>
      </Paragraph>
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
      <Heading level={1} size="lg">
        {t.signOutTitle(label)}
      </Heading>
      <Paragraph>{t.signOutLead(label)}</Paragraph>
      <Paragraph>
        <a class="ds-button" data-variant="primary" href={url} data-testid="provider-signout">
          {t.signOutContinue(label)}
        </a>
      </Paragraph>
    </Layout>
  );
}

const errorTitle = (ctx: ViewContext, errors: FormErrors, title: string) => (Object.keys(errors).length ? `${ctx.m.errors.title}: ${title}` : title);

/**
 * After a first sign-in at a provider that gave no verified address (ID-porten, Ansattporten): why
 * we ask, and the address field (offering the provider's unverified address, if it gave one).
 */
export function ConfirmEmailPage({ ctx, pending, values, errors }: { ctx: ViewContext; pending: PendingConfirmation; values: { email: string }; errors: FormErrors }) {
  const t = oidcMessages(ctx.lang).confirm;
  const provider = pending.provider.labels[ctx.lang];
  return (
    <Layout ctx={ctx} title={errorTitle(ctx, errors, t.emailTitle)} section="auth">
      <ErrorSummary errors={errors} m={ctx.m} labels={{ email: t.emailLabel }} />
      <Heading level={1} size="lg">
        {t.emailTitle}
      </Heading>
      <Paragraph>{t.emailLead(provider)}</Paragraph>
      <Paragraph>{t.emailHow}</Paragraph>
      <form method="post" action={CONFIRM_EMAIL_PATH} novalidate class="stack narrow">
        <CsrfField token={ctx.csrfToken} />
        <TextField name="email" type="email" label={t.emailLabel} hint={t.emailHint} value={values.email} error={errors.email} autocomplete="email" required maxLength={254} />
        <div>
          <Button variant="primary">
            {t.sendCode}
          </Button>
        </div>
      </form>
    </Layout>
  );
}

/**
 * Once a code is sent: the code field, and below it a way to send a new one (to the same or another
 * address) while codes remain. Two forms, each with its own field ids, so the error summary's links
 * land on the right one.
 */
export function ConfirmCodePage({ ctx, pending, values, errors }: { ctx: ViewContext; pending: PendingConfirmation; values: { code: string; email: string }; errors: FormErrors }) {
  const t = oidcMessages(ctx.lang).confirm;
  return (
    <Layout ctx={ctx} title={errorTitle(ctx, errors, t.codeTitle)} section="auth">
      <ErrorSummary errors={errors} m={ctx.m} labels={{ code: t.codeLabel, email: t.emailLabel }} />
      <Heading level={1} size="lg">
        {t.codeTitle}
      </Heading>
      <Paragraph data-testid="code-sent-to">
        {t.codeSent(pending.sentTo ?? '')}
      </Paragraph>
      <Paragraph>{t.codeWait(formatDateTime(ctx.lang, pending.expiresAt))}</Paragraph>
      <form method="post" action={CONFIRM_CODE_PATH} novalidate class="stack narrow">
        <CsrfField token={ctx.csrfToken} />
        {/* one-time-code lets phones offer the code from the mail; numeric brings up the digit keypad. */}
        <TextField name="code" label={t.codeLabel} hint={t.codeHint} value={values.code} error={errors.code} autocomplete="one-time-code" inputMode="numeric" required size={10} maxLength={20} />
        <div>
          <Button variant="primary">
            {t.confirmSubmit}
          </Button>
        </div>
      </form>
      <section class="stack narrow" aria-labelledby="resend-heading">
        <Heading level={2} size="sm" id="resend-heading">
          {t.resendHeading}
        </Heading>
        {pending.canResend || errors.email ? (
          <>
            <Paragraph>{t.resendLead}</Paragraph>
            <form method="post" action={CONFIRM_EMAIL_PATH} novalidate class="stack narrow">
              <CsrfField token={ctx.csrfToken} />
              <TextField name="email" type="email" label={t.emailLabel} value={values.email} error={errors.email} autocomplete="email" required maxLength={254} />
              <div>
                <Button variant="secondary">
                  {t.resendSubmit}
                </Button>
              </div>
            </form>
          </>
        ) : (
          <Paragraph>
            {t.noMoreCodes}{' '}
            <Link href="/signin">
              {t.startOverLink}
            </Link>
          </Paragraph>
        )}
      </section>
    </Layout>
  );
}

/** No confirmation under way for this browser (no cookie, expired, used) or one ended by wrong codes. */
export function StartOverPage({ ctx, reason }: { ctx: ViewContext; reason: 'expired' | 'attempts' }) {
  const t = oidcMessages(ctx.lang).confirm;
  return (
    <Layout ctx={ctx} title={t.startOverTitle} section="auth">
      <Heading level={1} size="lg">
        {t.startOverTitle}
      </Heading>
      <Alert color="warning">
        <p data-reason={reason}>{t.startOver[reason]}</p>
      </Alert>
      <Paragraph>
        <a class="ds-button" data-variant="primary" href="/signin">
          {t.startOverLink}
        </a>
      </Paragraph>
    </Layout>
  );
}
