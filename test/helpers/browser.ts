import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { describe, it } from 'vitest';

/**
 * Browser tests drive Debian's Chromium (`apt-get install chromium`) through playwright-core, which
 * downloads no browser of its own. Without a Chromium the browser test files are skipped, unless
 * REQUIRE_BROWSER=1 (CI), where a missing browser must fail the run rather than pass it silently.
 */

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `CHROMIUM_PATH` if set (and executable), else `chromium` on PATH; null when there is none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const given = env.CHROMIUM_PATH?.trim();
  if (given) return isExecutable(given) ? given : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'chromium');
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

export const chromiumPath = findChromium();
const browserRequired = process.env.REQUIRE_BROWSER === '1';

function missingReason(): string {
  const given = process.env.CHROMIUM_PATH?.trim();
  return given
    ? `CHROMIUM_PATH=${given} is not an executable file`
    : 'no `chromium` on PATH (install it with `apt-get install -y chromium`, or set CHROMIUM_PATH)';
}

let warned = false;

/**
 * `describe` for a browser test suite: runs when Chromium is found; otherwise fails with the reason
 * under REQUIRE_BROWSER=1, or is skipped with one warning.
 */
export function describeBrowser(name: string, fn: () => void): void {
  if (chromiumPath) {
    describe(name, fn);
    return;
  }
  if (browserRequired) {
    describe(name, () => {
      it('needs Chromium (REQUIRE_BROWSER=1)', () => {
        throw new Error(`Browser tests cannot run: ${missingReason()}.`);
      });
    });
    return;
  }
  if (!warned) {
    warned = true;
    console.warn(`Skipping browser tests: ${missingReason()}. Set REQUIRE_BROWSER=1 to make this an error.`);
  }
  describe.skip(name, fn);
}

/** Chromium, headless, with the flags that keep it quiet and quick in a container. */
export async function launchBrowser(): Promise<Browser> {
  if (!chromiumPath) throw new Error(`Browser tests cannot run: ${missingReason()}.`);
  return chromium.launch({ executablePath: chromiumPath, args: LAUNCH_ARGS });
}

/** What a page reported on its console: errors, CSP violations and uncaught exceptions. */
export interface ConsoleLog {
  errors: string[];
  cspViolations: string[];
  pageErrors: string[];
}

/**
 * Records console errors and uncaught exceptions of every page in the context, current and future.
 * With JavaScript on, CSP violations are also reported from the page's `securitypolicyviolation`
 * event (an init script runs outside the page's CSP); with it off, Chromium's own console message is
 * all there is, and it is enough.
 */
export async function watchConsole(context: BrowserContext): Promise<ConsoleLog> {
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
    );
  });
  const log: ConsoleLog = { errors: [], cspViolations: [], pageErrors: [] };
  const attach = (page: Page) => {
    page.on('console', (msg: ConsoleMessage) => {
      if (msg.type() !== 'error') return;
      const text = `${page.url()}: ${msg.text()}`;
      log.errors.push(text);
      if (/Content Security Policy|Content-Security-Policy/i.test(msg.text())) log.cspViolations.push(text);
    });
    page.on('pageerror', (err) => log.pageErrors.push(`${page.url()}: ${err.message}`));
  };
  context.pages().forEach(attach);
  context.on('page', attach);
  return log;
}

/**
 * A reader of what the pages reported since its last call, for an `afterEach`: each test answers
 * for the pages it drove, also when it runs alone (a last test that looks at every log would, run
 * alone, look at nothing and pass).
 */
export function consoleSince(logs: ConsoleLog[]): () => ConsoleLog {
  const read = new Map<ConsoleLog, { errors: number; cspViolations: number; pageErrors: number }>();
  return () => {
    const fresh: ConsoleLog = { errors: [], cspViolations: [], pageErrors: [] };
    for (const log of logs) {
      const done = read.get(log) ?? { errors: 0, cspViolations: 0, pageErrors: 0 };
      fresh.errors.push(...log.errors.slice(done.errors));
      fresh.cspViolations.push(...log.cspViolations.slice(done.cspViolations));
      fresh.pageErrors.push(...log.pageErrors.slice(done.pageErrors));
      read.set(log, { errors: log.errors.length, cspViolations: log.cspViolations.length, pageErrors: log.pageErrors.length });
    }
    return fresh;
  };
}

/** Signs in through the real form (so the session cookie lands in the context). */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/signin`);
  await page.locator('#field-email').fill(email);
  await page.locator('#field-password').fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/signin')), page.locator('form[action="/signin"] button[type=submit]').click()]);
}
