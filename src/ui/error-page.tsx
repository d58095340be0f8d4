import type { ViewContext } from './context.js';
import { Layout } from './layout.js';

export function ErrorPage({ ctx, message, requestId, signIn }: { ctx: ViewContext; message: string; requestId: string; signIn?: string | undefined }) {
  const { m } = ctx;
  return (
    <Layout ctx={ctx} title={m.errors.title}>
      <h1 class="ds-heading" data-size="lg">
        {m.errors.title}
      </h1>
      <p class="ds-paragraph">{message}</p>
      {signIn ? (
        <p class="ds-paragraph">
          <a class="ds-button" data-variant="primary" href={signIn}>
            {m.nav.signIn}
          </a>
        </p>
      ) : null}
      <p class="ds-paragraph">
        <a class="ds-link" href="/">
          {m.errors.backHome}
        </a>
      </p>
      <p class="ds-paragraph" data-size="sm">
        {m.errors.reference}: <code>{requestId}</code>
      </p>
    </Layout>
  );
}
