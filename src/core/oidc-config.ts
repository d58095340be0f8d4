/**
 * OpenID Connect providers, read from the environment once at boot (called by config.ts):
 *
 *   OIDC_PROVIDERS=idporten,entra          ids, in the order the buttons appear
 *   OIDC_<ID>_ISSUER=https://idporten.no    the issuer; its /.well-known/openid-configuration is read
 *   OIDC_<ID>_CLIENT_ID=…                   from the provider's client registration
 *   OIDC_<ID>_CLIENT_SECRET=…               optional: without it the client is public (PKCE only)
 *   OIDC_<ID>_LABEL=ID-porten               the provider's name on the button (default from the id)
 *   OIDC_<ID>_LABEL_NN=…, OIDC_<ID>_LABEL_EN=…   other languages, when the name differs
 *   OIDC_<ID>_SCOPES=openid profile email   space- or comma-separated; `openid` is always included
 *   OIDC_<ID>_TRUST_EMAIL=true              treat the e-mail claim as verified when the provider
 *                                           sends no `email_verified` (Entra ID: addresses the tenant manages)
 *   OIDC_<ID>_TOKEN_AUTH=client_secret_basic | client_secret_post
 */

export interface OidcProviderConfig {
  /** Lower-case id, used in URLs (`/auth/oidc/<id>/callback`) and in `user_identities.provider`. */
  id: string;
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  labels: { nb: string; nn: string; en: string };
  scopes: string[];
  trustEmail: boolean;
  tokenAuth: 'client_secret_basic' | 'client_secret_post';
}

const KNOWN_LABELS: Record<string, string> = {
  idporten: 'ID-porten',
  ansattporten: 'Ansattporten',
  entra: 'Entra ID',
  entraid: 'Entra ID',
  azure: 'Entra ID',
};

const ID = /^[a-z][a-z0-9]{0,31}$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for an issuer that may be reached over plain HTTP: loopback only (development and tests). */
export function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
}

/** Parses the OIDC_* variables; returns the providers and one message per bad variable. */
export function parseOidcProviders(env: NodeJS.ProcessEnv): { providers: OidcProviderConfig[]; errors: string[] } {
  const errors: string[] = [];
  const list = (env.OIDC_PROVIDERS ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const providers: OidcProviderConfig[] = [];
  for (const id of new Set(list)) {
    if (!ID.test(id)) {
      errors.push(`  OIDC_PROVIDERS: "${id}" is not a valid provider id (a–z and digits, starting with a letter)`);
      continue;
    }
    const key = (name: string) => `OIDC_${id.toUpperCase()}_${name}`;
    const get = (name: string) => {
      const v = env[key(name)]?.trim();
      return v ? v : undefined;
    };
    const issuer = get('ISSUER');
    const clientId = get('CLIENT_ID');
    let issuerUrl: URL | undefined;
    if (!issuer) errors.push(`  ${key('ISSUER')}: required for provider "${id}"`);
    else {
      try {
        issuerUrl = new URL(issuer);
      } catch {
        errors.push(`  ${key('ISSUER')}: not a URL`);
      }
      if (issuerUrl && issuerUrl.protocol !== 'https:' && !isLoopbackHttp(issuerUrl)) {
        errors.push(`  ${key('ISSUER')}: must be https (plain http only on 127.0.0.1/localhost)`);
      }
    }
    if (!clientId) errors.push(`  ${key('CLIENT_ID')}: required for provider "${id}"`);
    const tokenAuth = get('TOKEN_AUTH') ?? 'client_secret_basic';
    if (tokenAuth !== 'client_secret_basic' && tokenAuth !== 'client_secret_post') {
      errors.push(`  ${key('TOKEN_AUTH')}: must be client_secret_basic or client_secret_post`);
    }
    const trust = get('TRUST_EMAIL') ?? 'false';
    if (!['true', 'false', '1', '0'].includes(trust)) errors.push(`  ${key('TRUST_EMAIL')}: must be true or false`);
    const scopes = new Set(['openid', ...(get('SCOPES') ?? 'openid profile email').split(/[\s,]+/).filter(Boolean)]);
    const nb = get('LABEL') ?? KNOWN_LABELS[id] ?? id;
    if (!issuer || !clientId || !issuerUrl) continue;
    providers.push({
      id,
      issuer,
      clientId,
      clientSecret: get('CLIENT_SECRET'),
      labels: { nb, nn: get('LABEL_NN') ?? nb, en: get('LABEL_EN') ?? nb },
      scopes: [...scopes],
      trustEmail: trust === 'true' || trust === '1',
      tokenAuth: tokenAuth as OidcProviderConfig['tokenAuth'],
    });
  }
  return { providers, errors };
}
