import type { ComponentChildren } from 'preact';
import { LANGS, htmlLang, messages, type Lang } from '../i18n/index.js';
import type { NavLink, ViewContext } from './context.js';

export const ASSET_VERSION = '1';

/** The current URL with `lang` set, for the language switch (works without JavaScript). */
export function withLang(url: string, lang: Lang): string {
  const u = new URL(url, 'http://x');
  u.searchParams.set('lang', lang);
  return u.pathname + u.search;
}

interface LayoutProps {
  ctx: ViewContext;
  title: string;
  children: ComponentChildren;
  /** Marks the current section in the main menu (a nav entry's `current`). */
  section?: string;
  /** Extra elements for <head>: feed links, JSON-LD data blocks. */
  head?: ComponentChildren;
}

/** The page frame: skip link, header with menu and language switch, main, footer with attributions. */
export function Layout({ ctx, title, children, section, head }: LayoutProps) {
  const { m, user } = ctx;
  const navItem = (link: NavLink) => (
    <li>
      <a class="ds-link" href={link.href} aria-current={section === link.current ? 'page' : undefined}>
        {link.label}
      </a>
    </li>
  );
  return (
    <html lang={htmlLang[ctx.lang]} data-color-scheme="light">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} – ${m.siteName}`}</title>
        <link rel="stylesheet" href={`/assets/fonts/inter.css?v=${ASSET_VERSION}`} />
        <link rel="stylesheet" href={`/assets/ds/theme.css?v=${ASSET_VERSION}`} />
        <link rel="stylesheet" href={`/assets/ds/index.css?v=${ASSET_VERSION}`} />
        <link rel="stylesheet" href={`/assets/app.css?v=${ASSET_VERSION}`} />
        <link rel="stylesheet" href={`/assets/cases.css?v=${ASSET_VERSION}`} />
        <link rel="stylesheet" href={`/assets/search.css?v=${ASSET_VERSION}`} />
        <link rel="stylesheet" href={`/assets/map.css?v=${ASSET_VERSION}`} />
        <link rel="stylesheet" href={`/assets/barometer.css?v=${ASSET_VERSION}`} />
        <link rel="stylesheet" href={`/assets/theme-picker.css?v=${ASSET_VERSION}`} />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <script defer src={`/assets/ds/web.js?v=${ASSET_VERSION}`} />
        <script type="module" src={`/assets/app.js?v=${ASSET_VERSION}`} />
        {head}
      </head>
      <body>
        <a class="ds-skip-link" href="#main">
          {m.skipLink}
        </a>
        <header class="site-header">
          <div class="site-header__inner">
            <a class="site-logo" href="/">
              <span class="site-logo__mark" aria-hidden="true">
                N
              </span>
              <span>{m.siteName}</span>
            </a>
            <nav aria-label={m.nav.label} class="site-nav">
              <ul>{ctx.nav.menu.map(navItem)}</ul>
            </nav>
            {user ? (
              <form method="post" action="/signout" class="site-signout">
                <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                <span class="site-user">{user.name}</span>{' '}
                <button type="submit" class="ds-button" data-variant="tertiary" data-size="sm">
                  {m.nav.signOut}
                </button>
              </form>
            ) : null}
            <nav aria-label={m.nav.language} class="site-lang">
              <ul>
                {LANGS.map((l) => (
                  <li>
                    <a
                      class="ds-link"
                      href={withLang(ctx.url, l)}
                      hreflang={htmlLang[l]}
                      lang={htmlLang[l]}
                      aria-current={l === ctx.lang ? 'true' : undefined}
                    >
                      {messages(l).langName}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" tabIndex={-1} class="site-main">
          {ctx.notice ? (
            <div class="ds-alert" data-color="success" role="status">
              <p>{ctx.notice}</p>
            </div>
          ) : null}
          {children}
        </main>
        <footer class="site-footer">
          <div class="site-footer__inner">
            <p>{m.footer.about}</p>
            <p>{m.footer.attribution}</p>
            <p>
              <a class="ds-link" href="/about/data">
                {m.footer.data}
              </a>{' '}
              ·{' '}
              <a class="ds-link" href="/api/docs">
                {m.footer.openApi}
              </a>
              {ctx.nav.footer.map((link) => (
                <>
                  {' '}
                  ·{' '}
                  <a class="ds-link" href={link.href}>
                    {link.label}
                  </a>
                </>
              ))}
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
