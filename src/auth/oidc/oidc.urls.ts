import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';

/** Where users reach the site: PUBLIC_URL, or (development) the address this request came to. */
export function siteUrl(config: Config, request: FastifyRequest): string {
  return (config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
}

/** The redirect URI to register at a provider: `${PUBLIC_URL}/auth/oidc/<provider>/callback`. */
export const callbackPath = (providerId: string) => `/auth/oidc/${providerId}/callback`;

/** The post-logout redirect URI to register at a provider. */
export const SIGNED_OUT_PATH = '/auth/oidc/signed-out';

/** Where a first sign-in without a verified address goes on to confirm one (and posts the address). */
export const CONFIRM_EMAIL_PATH = '/auth/oidc/confirm-email';
/** Where the code from the e-mail is posted. */
export const CONFIRM_CODE_PATH = '/auth/oidc/confirm-email/code';
