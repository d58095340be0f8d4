import type { ViewContext } from './context.js';
import { Layout } from './layout.js';

/** An error as a page; `heading` names the problem when there is a better word than «something went wrong» (not found). */
export function ErrorPage({ ctx, message, requestId, signIn, heading }: { ctx: ViewContext; message: string; requestId: string; signIn?: string | undefined; heading?: string | undefined }) {
  const { m } = ctx;
  const title = heading ?? m.errors.title;
  return (
    <Layout ctx={ctx} title={title}>
      <h1 class="ds-heading" data-size="lg">
        {title}
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
