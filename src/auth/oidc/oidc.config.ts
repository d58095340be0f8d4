// The providers are parsed with the rest of the configuration, in the core (core/oidc-config.ts):
// config.ts imports no feature. The OIDC code keeps importing them from here.
export { isLoopbackHttp, parseOidcProviders, type OidcProviderConfig } from '../../core/oidc-config.js';
