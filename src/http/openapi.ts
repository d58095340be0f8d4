import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Type } from '@sinclair/typebox';
import type { TSchema } from '@sinclair/typebox';

/** RFC 9457 problem details, as every API error is answered. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
    requestId: Type.Optional(Type.String()),
  },
  { $id: 'Problem', description: 'application/problem+json (RFC 9457)' },
);

export const ProblemRef = Type.Ref('Problem');

/** Shared schemas referenced by `$ref` from several routes. */
export function registerSharedSchemas(app: FastifyInstance, schemas: readonly TSchema[]): void {
  app.addSchema(ProblemSchema);
  // The features' shared schemas (their manifests' `schemas`), in the order the features are listed.
  for (const schema of schemas) app.addSchema(schema);
}

/** The OpenAPI document is generated from the same schemas the routes validate with. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Nytenk API',
        version: '1.0.0',
        description:
          'The open API of Nytenk, the platform where Norwegian public bodies register, find and reuse innovations. ' +
          'Errors are application/problem+json (RFC 9457). Write operations take a personal API token: `Authorization: Bearer nytk_…`.',
        license: { name: 'EUPL-1.2', url: 'https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12' },
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'Personal API token (nytk_…)' } },
      },
      tags: [
        { name: 'organisations', description: 'Municipalities, county authorities, state agencies and partners' },
        { name: 'themes', description: 'Public-service themes from Digdir’s LOS vocabulary, used to tag cases' },
        { name: 'cases', description: 'The case bank: innovations, their history and who adopted them' },
        { name: 'trials', description: 'Trials and pilots across the public sector' },
        { name: 'challenges', description: 'Needs posted by public bodies, and the responses to them: same need, solved by a case, proposals' },
        { name: 'comments', description: 'Comments and questions on cases and challenges, answers, flags and moderation' },
        { name: 'following', description: 'What a user follows: cases, challenges, organisations, themes and saved searches' },
        { name: 'notifications', description: 'Notifications about what a user follows, and how often they are e-mailed' },
        { name: 'partners', description: 'Finding partners: organisations by kind, county, themes and whether they look for partners' },
        { name: 'barometer', description: 'The innovation barometer: rounds, the questionnaire, invitations by one-time link and response rates (never single answers)' },
        { name: 'dashboard', description: 'The follow-up dashboard: who is on board (per municipality, county authority and state agency) and the indicators per principle, from public data' },
        { name: 'open data', description: 'Bulk exports (CSV, JSON, CC BY 4.0) of everything public, Atom feeds and the DCAT-AP-NO catalogue' },
        { name: 'health', description: 'Liveness, readiness and metrics' },
      ],
    },
    // Only the API belongs in the API document; pages are marked `hide`.
    hiddenTag: 'X-HIDDEN',
    hideUntagged: true,
    // Shared schemas keep their $id as their name in the document (Problem, Case, Organisation …).
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  // The docs page lives under the site's own Content Security Policy (http/security-headers.ts):
  // swagger-ui's `staticCSP` would replace it with a looser one (styles and fonts from any https:
  // origin, images from validator.swagger.io, upgrade-insecure-requests). Swagger UI's scripts and
  // CSS are files served from 'self'. The one inline thing it makes is the <style> inside the SVG
  // logo of the standalone layout's top bar, which the CSP blocks (a console error and a black
  // logo): BaseLayout has no top bar, and a page that documents one API needs no URL field either.
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: false,
    uiConfig: { docExpansion: 'list', deepLinking: true, layout: 'BaseLayout', validatorUrl: null },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
