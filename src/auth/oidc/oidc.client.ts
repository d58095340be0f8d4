import * as client from 'openid-client';
import { isLoopbackHttp, type OidcProviderConfig } from './oidc.config.js';

// One discovered configuration per provider for the life of the process: metadata and the signing
// keys (openid-client refetches the JWKS itself when a token names a key it has not seen). A failed
// discovery is not kept, so the next sign-in tries again.
const discovered = new WeakMap<OidcProviderConfig, Promise<client.Configuration>>();

/** The provider's openid-client configuration, discovered on first use (not at boot: a provider that is down must not stop the app). */
export function providerClient(provider: OidcProviderConfig): Promise<client.Configuration> {
  let found = discovered.get(provider);
  if (!found) {
    const issuer = new URL(provider.issuer);
    const auth = !provider.clientSecret
      ? client.None()
      : provider.tokenAuth === 'client_secret_post'
        ? client.ClientSecretPost(provider.clientSecret)
        : client.ClientSecretBasic(provider.clientSecret);
    found = client.discovery(issuer, provider.clientId, provider.clientSecret ? { client_secret: provider.clientSecret } : {}, auth, {
      // Plain HTTP only for a provider on this machine (config.ts refuses it elsewhere).
      ...(isLoopbackHttp(issuer) ? { execute: [client.allowInsecureRequests] } : {}),
      timeout: 10,
    });
    found.catch(() => discovered.delete(provider));
    discovered.set(provider, found);
  }
  return found;
}
