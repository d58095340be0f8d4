import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';

/**
 * Where users reach the site: PUBLIC_URL (config.ts), never the Host header a request came with.
 * The request parameter is unused; callers still pass it.
 */
export function siteUrl(config: Config, _request?: FastifyRequest): string {
  return config.publicUrl;
}

/** The redirect URI to register at a provider: `${PUBLIC_URL}/auth/oidc/<provider>/callback`. */
export const callbackPath = (providerId: string) => `/auth/oidc/${providerId}/callback`;

/** The post-logout redirect URI to register at a provider. */
export const SIGNED_OUT_PATH = '/auth/oidc/signed-out';

/** Where a first sign-in without a verified address goes on to confirm one (and posts the address). */
export const CONFIRM_EMAIL_PATH = '/auth/oidc/confirm-email';
/** Where the code from the e-mail is posted. */
export const CONFIRM_CODE_PATH = '/auth/oidc/confirm-email/code';
