import type { ViewContext } from '../ui/context.js';
import { CsrfField, ErrorSummary, TextField, type FormErrors } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { authMessages } from './auth.messages.js';

/** After the registration form: the same page whether or not the address already has an account. */
export function RegisterSentPage({ ctx, email }: { ctx: ViewContext; email: string }) {
  const t = authMessages(ctx.lang).register;
  return (
    <Layout ctx={ctx} title={t.sentTitle} section="auth">
      <h1 class="ds-heading" data-size="lg">
        {t.sentTitle}
      </h1>
      <p class="ds-paragraph" data-testid="sent">
        {t.sentLead(email)}
      </p>
      <p class="ds-paragraph">{t.sentMore}</p>
    </Layout>
  );
}

/**
 * The page a registration link opens. The account is made by the button, not by opening the link:
 * mail scanners open links in mail, and must not use them up.
 */
export function RegisterConfirmPage({ ctx, email, action }: { ctx: ViewContext; email: string; action: string }) {
  const t = authMessages(ctx.lang).register;
  return (
    <Layout ctx={ctx} title={t.confirmTitle} section="auth">
      <h1 class="ds-heading" data-size="lg">
        {t.confirmTitle}
      </h1>
      <form method="post" action={action} novalidate class="stack narrow">
        <CsrfField token={ctx.csrfToken} />
        <p class="ds-paragraph">{t.confirmLead(email)}</p>
        <div>
          <button type="submit" class="ds-button" data-variant="primary">
            {t.confirmSubmit}
          </button>
        </div>
      </form>
    </Layout>
  );
}

/** A link that is expired, used or never was: one page for all three. */
export function LinkGonePage({ ctx, again }: { ctx: ViewContext; again: { href: string; label: string } }) {
  const t = authMessages(ctx.lang).register;
  return (
    <Layout ctx={ctx} title={t.linkGoneTitle} section="auth">
      <h1 class="ds-heading" data-size="lg">
        {t.linkGoneTitle}
      </h1>
      <p class="ds-paragraph">{t.linkGone}</p>
      <p class="ds-paragraph">
        <a class="ds-link" href={again.href}>
          {again.label}
        </a>
      </p>
    </Layout>
  );
}

export function ForgotPasswordPage({ ctx, values, errors, sentTo }: { ctx: ViewContext; values: Record<string, string>; errors: FormErrors; sentTo?: string }) {
  const { m } = ctx;
  const t = authMessages(ctx.lang).forgot;
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${m.errors.title}: ${t.title}` : t.title} section="auth">
      <ErrorSummary errors={errors} m={m} labels={{ email: m.auth.email }} />
      <h1 class="ds-heading" data-size="lg">
        {t.title}
      </h1>
      {sentTo !== undefined ? (
        <div class="ds-alert" data-color="info" role="status">
          <p data-testid="sent">{t.sentLead(sentTo)}</p>
        </div>
      ) : (
        <form method="post" action="/password/forgot" novalidate class="stack narrow">
          <CsrfField token={ctx.csrfToken} />
          <p class="ds-paragraph">{t.lead}</p>
          <TextField name="email" type="email" label={m.auth.email} value={values.email} error={errors.email} autocomplete="username" required />
          <div>
            <button type="submit" class="ds-button" data-variant="primary">
              {t.submit}
            </button>
          </div>
        </form>
      )}
    </Layout>
  );
}

export function ResetPasswordPage({ ctx, action, errors }: { ctx: ViewContext; action: string; errors: FormErrors }) {
  const { m } = ctx;
  const t = authMessages(ctx.lang).forgot;
  const p = authMessages(ctx.lang).password;
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${m.errors.title}: ${t.resetTitle}` : t.resetTitle} section="auth">
      <ErrorSummary errors={errors} m={m} labels={{ password: p.next }} />
      <h1 class="ds-heading" data-size="lg">
        {t.resetTitle}
      </h1>
      <form method="post" action={action} novalidate class="stack narrow">
        <CsrfField token={ctx.csrfToken} />
        <p class="ds-paragraph">{t.resetLead}</p>
        <TextField name="password" type="password" label={p.next} hint={m.auth.passwordHint} error={errors.password} autocomplete="new-password" required />
        <div>
          <button type="submit" class="ds-button" data-variant="primary">
            {t.resetSubmit}
          </button>
        </div>
      </form>
    </Layout>
  );
}

/** The profile's password form: the current password (when the account has one) and a new one. */
export function ChangePasswordForm({ ctx, errors, hasPassword }: { ctx: ViewContext; errors: FormErrors; hasPassword: boolean }) {
  const { m } = ctx;
  const p = authMessages(ctx.lang).password;
  return (
    <section aria-labelledby="password-heading">
      <h2 class="ds-heading" data-size="sm" id="password-heading">
        {p.heading}
      </h2>
      <ErrorSummary errors={errors} m={m} labels={{ currentPassword: p.current, password: p.next }} />
      <form method="post" action="/profile/password" novalidate class="stack narrow">
        <CsrfField token={ctx.csrfToken} />
        <p class="ds-paragraph">{p.lead}</p>
        {hasPassword ? (
          <TextField name="currentPassword" type="password" label={p.current} error={errors.currentPassword} autocomplete="current-password" required />
        ) : null}
        <TextField name="password" type="password" label={p.next} hint={m.auth.passwordHint} error={errors.password} autocomplete="new-password" required />
        <div>
          <button type="submit" class="ds-button" data-variant="secondary">
            {p.submit}
          </button>
        </div>
      </form>
    </section>
  );
}
