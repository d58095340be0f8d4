import type { ViewContext } from '../ui/context.js';
import { CsrfField, ErrorSummary, TextField, type FormErrors } from '../ui/forms.js';
import { Layout } from '../ui/layout.js';
import { authMessages } from './auth.messages.js';
import { Alert, Button, Heading, Link, Paragraph } from '../ui/ds.js';

/** After the registration form: the same page whether or not the address already has an account. */
export function RegisterSentPage({ ctx, email }: { ctx: ViewContext; email: string }) {
  const t = authMessages(ctx.lang).register;
  return (
    <Layout ctx={ctx} title={t.sentTitle} section="auth">
      <Heading level={1} size="lg">
        {t.sentTitle}
      </Heading>
      <Paragraph data-testid="sent">
        {t.sentLead(email)}
      </Paragraph>
      <Paragraph>{t.sentMore}</Paragraph>
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
      <Heading level={1} size="lg">
        {t.confirmTitle}
      </Heading>
      <form method="post" action={action} novalidate class="stack narrow">
        <CsrfField token={ctx.csrfToken} />
        <Paragraph>{t.confirmLead(email)}</Paragraph>
        <div>
          <Button variant="primary">
            {t.confirmSubmit}
          </Button>
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
      <Heading level={1} size="lg">
        {t.linkGoneTitle}
      </Heading>
      <Paragraph>{t.linkGone}</Paragraph>
      <Paragraph>
        <Link href={again.href}>
          {again.label}
        </Link>
      </Paragraph>
    </Layout>
  );
}

export function ForgotPasswordPage({ ctx, values, errors, sentTo }: { ctx: ViewContext; values: Record<string, string>; errors: FormErrors; sentTo?: string }) {
  const { m } = ctx;
  const t = authMessages(ctx.lang).forgot;
  return (
    <Layout ctx={ctx} title={Object.keys(errors).length ? `${m.errors.title}: ${t.title}` : t.title} section="auth">
      <ErrorSummary errors={errors} m={m} labels={{ email: m.auth.email }} />
      <Heading level={1} size="lg">
        {t.title}
      </Heading>
      {sentTo !== undefined ? (
        <Alert color="info" role="status">
          <p data-testid="sent">{t.sentLead(sentTo)}</p>
        </Alert>
      ) : (
        <form method="post" action="/password/forgot" novalidate class="stack narrow">
          <CsrfField token={ctx.csrfToken} />
          <Paragraph>{t.lead}</Paragraph>
          <TextField name="email" type="email" label={m.auth.email} value={values.email} error={errors.email} autocomplete="username" required />
          <div>
            <Button variant="primary">
              {t.submit}
            </Button>
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
      <Heading level={1} size="lg">
        {t.resetTitle}
      </Heading>
      <form method="post" action={action} novalidate class="stack narrow">
        <CsrfField token={ctx.csrfToken} />
        <Paragraph>{t.resetLead}</Paragraph>
        <TextField name="password" type="password" label={p.next} hint={m.auth.passwordHint} error={errors.password} autocomplete="new-password" required />
        <div>
          <Button variant="primary">
            {t.resetSubmit}
          </Button>
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
      <Heading level={2} size="sm" id="password-heading">
        {p.heading}
      </Heading>
      <ErrorSummary errors={errors} m={m} labels={{ currentPassword: p.current, password: p.next }} />
      <form method="post" action="/profile/password" novalidate class="stack narrow">
        <CsrfField token={ctx.csrfToken} />
        <Paragraph>{p.lead}</Paragraph>
        {hasPassword ? (
          <TextField name="currentPassword" type="password" label={p.current} error={errors.currentPassword} autocomplete="current-password" required />
        ) : null}
        <TextField name="password" type="password" label={p.next} hint={m.auth.passwordHint} error={errors.password} autocomplete="new-password" required />
        <div>
          <Button variant="secondary">
            {p.submit}
          </Button>
        </div>
      </form>
    </section>
  );
}
