import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/**
 * A real OpenID Connect provider (npm `oidc-provider`) on 127.0.0.1 for tests: one confidential
 * client, PKCE required, RP-initiated logout on, and an account store the test fills. Its login
 * page is a minimal form of our own (a user name, no password); consent is granted at once, as a
 * first-party client's would be.
 */
export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  /** The national identity number, as ID-porten and Ansattporten send it. */
  pid?: string;
}

export interface TestProviderOptions {
  /**
   * false: like ID-porten and Ansattporten, the provider has no e-mail claims at all (`sub` and `pid`
   * only), whatever the account holds and the client asks for. An account without `email` gives none
   * at any provider.
   */
  email?: boolean;
}

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accounts by login name; the login name is the subject (`sub`). */
  accounts: Map<string, TestAccount>;
  /** Registers the app's redirect and post-logout URIs (before the first sign-in). */
  registerClient(redirectUris: string[], postLogoutRedirectUris: string[]): void;
  close(): Promise<void>;
}

const page = (body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test provider</title></head><body><main>${body}</main></body></html>`;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Starts the provider; the issuer is `http://127.0.0.1:<port>`. */
export async function startTestProvider(name = 'test', options: TestProviderOptions = {}): Promise<TestProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accounts = new Map<string, TestAccount>();
  const clientId = `nytenk-${name}`;
  const clientSecret = `secret-${name}-${issuer}`;
  let provider: Provider | undefined;
  let callback: ReturnType<Provider['callback']> | undefined;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: `${name}-key` };

  const configure = (redirectUris: string[], postLogoutRedirectUris: string[]) => {
    const configuration: Configuration = {
      clients: [
        {
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uris: redirectUris,
          post_logout_redirect_uris: postLogoutRedirectUris,
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
      ],
      jwks: { keys: [jwk as never] },
      cookies: { keys: [`cookie-key-${name}`] },
      claims: options.email === false ? { openid: ['sub'], profile: ['pid'] } : { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'pid'] },
      pkce: { required: () => true },
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
      features: {
        devInteractions: { enabled: false },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: async (ctx, form) => {
            ctx.body = page(`<h1>Sign out of the test provider?</h1>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`);
          },
        },
      },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      findAccount: async (_ctx, sub) => {
        const account = accounts.get(sub);
        if (!account) return undefined;
        return { accountId: sub, claims: async () => ({ sub, ...account }) };
      },
    };
    provider = new Provider(issuer, configuration);
    callback = provider.callback();
  };

  server.on('request', (req, res) => {
    void handle(req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    if (!provider) throw new Error('registerClient() first');
    const url = new URL(req.url ?? '/', issuer);
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    if (!m) return callback!(req, res);
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'POST' && m[2]) {
      const body = new URLSearchParams(await readBody(req));
      const login = body.get('login') ?? '';
      if (!accounts.has(login)) {
        res.setHeader('content-type', 'text/html');
        return res.end(page(`<p>Unknown user</p>`));
      }
      return provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    }
    if (details.prompt.name === 'login') {
      res.setHeader('content-type', 'text/html');
      return res.end(
        page(`<h1>Test provider</h1><form method="post" action="/interaction/${esc(details.uid)}/login"><label for="login">User name</label> <input id="login" name="login" autocomplete="username"><button type="submit">Sign in</button></form>`),
      );
    }
    // Consent: grant what the client asked for.
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: details.session!.accountId, clientId });
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant!.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant!.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant!.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    registerClient: configure,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

/** The environment that configures Nytenk for these providers (parsed by config.ts as in production). */
export function providerEnv(providers: Record<string, TestProvider>): Record<string, string> {
  const env: Record<string, string> = { OIDC_PROVIDERS: Object.keys(providers).join(',') };
  for (const [id, p] of Object.entries(providers)) {
    const key = id.toUpperCase();
    env[`OIDC_${key}_ISSUER`] = p.issuer;
    env[`OIDC_${key}_CLIENT_ID`] = p.clientId;
    env[`OIDC_${key}_CLIENT_SECRET`] = p.clientSecret;
    env[`OIDC_${key}_LABEL`] = `Testportalen ${id}`;
    env[`OIDC_${key}_LABEL_EN`] = `Test portal ${id}`;
  }
  return env;
}
