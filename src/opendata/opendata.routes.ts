import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FeatureDeps } from '../core/feature.js';
import { notFound } from '../core/errors.js';
import { viewContext } from '../http/context.js';
import { renderPage } from '../ui/render.js';
import type { Site } from '../core/datasets.js';
import { exportStream, exportValidators, type ExportFormat } from './opendata.service.js';
import { catalog, caseFeed, challengeFeed, robotsTxt, sitemapIndexOrUrlset, sitemapChunk, SITEMAP_CHUNK_KINDS, type ChunkKind } from './opendata.feeds.js';
import { OpenDataPage } from './opendata.views.js';
import { DEFAULT_PUBLISHER } from './dcat.js';

const CONTENT_TYPE: Record<ExportFormat, string> = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' };
const TAG = 'open data';
const Problem = { $ref: 'Problem#' };
const Theme = Type.Object({ theme: Type.Optional(Type.String({ format: 'uri', maxLength: 300, description: 'A LOS concept URI: entries tagged with it, or under it when it is a main theme' })) });
const Orgnr = Type.Object({ orgnr: Type.String({ pattern: '^[0-9]{9}$' }) });

/**
 * Open data: bulk exports (CSV, JSON), the documentation page, Atom feeds, the DCAT-AP-NO
 * catalogue, sitemap.xml and robots.txt. Everything served here is what an anonymous visitor may
 * see, whoever asks (a signed-in user gets the same files), so responses may be cached publicly.
 */
export async function opendataRoutes(app: FastifyInstance, { db, config, features }: FeatureDeps) {
  // Every feature's datasets (their manifests), in the catalogue's order.
  const datasets = features.datasets;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // Absolute links from PUBLIC_URL only, never from the request's Host header (the request is unused).
  const site = (_request?: FastifyRequest): Site => ({ baseUrl: config.publicUrl });

  r.get('/open-data', { schema: { hide: true } }, async (request, reply) =>
    app.pageCache.serve(request, reply, async () => renderPage(OpenDataPage({ ctx: viewContext(request, reply), view: { datasets, barometerPending: !datasets.some((d) => d.id === 'barometer-aggregates') } }))),
  );

  // ---- exports: one route per registered dataset and format ----

  for (const dataset of datasets) {
    for (const format of ['csv', 'json'] as const) {
      r.get(
        `/open-data/${dataset.id}.${format}`,
        {
          schema: {
            tags: [TAG],
            summary: `${dataset.title.en} (${format.toUpperCase()})`,
            description: `${dataset.description.en} Columns: ${dataset.columns.map((c) => c.name).join(', ')}. Licence CC BY 4.0. Streamed; supports If-None-Match.`,
            response: { 200: { description: `${format.toUpperCase()} file`, content: { [CONTENT_TYPE[format].split(';')[0]!]: { schema: Type.String() } } }, 304: { description: 'Not modified', type: 'null' }, '4xx': Problem },
          },
        },
        async (request, reply) => {
          const validators = await exportValidators(dataset, db, format);
          if (validators) {
            reply.header('etag', validators.etag);
            if (validators.lastModified) reply.header('last-modified', validators.lastModified.toUTCString());
            if (request.headers['if-none-match'] === validators.etag) return reply.code(304).send(null);
          }
          reply
            .type(CONTENT_TYPE[format])
            .header('content-disposition', `attachment; filename="nytenk-${dataset.id}.${format}"`)
            .header('cache-control', 'public, max-age=300')
            .header('link', '<https://creativecommons.org/licenses/by/4.0/>; rel="license"')
            .header('x-content-type-options', 'nosniff');
          return reply.send(exportStream(dataset, db, site(request), format, (err) => request.log.error({ err, dataset: dataset.id }, 'export stream failed')));
        },
      );
    }
  }

  // ---- the DCAT-AP-NO catalogue ----

  const catalogRoute = (format: 'ttl' | 'jsonld') => async (request: FastifyRequest, reply: FastifyReply) => {
    const body = await catalog(db, datasets, site(request), DEFAULT_PUBLISHER, format);
    return reply
      .type(format === 'ttl' ? 'text/turtle; charset=utf-8' : 'application/ld+json; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(body);
  };
  const catalogSchema = (type: string) => ({ tags: [TAG], summary: `DCAT-AP-NO 2 catalogue of the open datasets (${type})`, response: { 200: { description: type, content: { [type]: { schema: Type.String() } } }, '4xx': Problem } });
  r.get('/open-data/catalog.ttl', { schema: catalogSchema('text/turtle') }, catalogRoute('ttl'));
  r.get('/open-data/catalog.jsonld', { schema: catalogSchema('application/ld+json') }, catalogRoute('jsonld'));

  // ---- Atom feeds ----

  const atom = (reply: FastifyReply, xml: string) => reply.type('application/atom+xml; charset=utf-8').header('cache-control', 'public, max-age=300').send(xml);
  const feedResponse = { 200: { description: 'Atom 1.0', content: { 'application/atom+xml': { schema: Type.String() } } }, '4xx': Problem };

  r.get('/feeds/cases.atom', { schema: { tags: [TAG], summary: 'The 50 newest public cases (Atom)', querystring: Theme, response: feedResponse } }, async (request, reply) => {
    const feed = await caseFeed(db, site(request), request.lang, { theme: request.query.theme });
    if (!feed) throw notFound();
    return atom(reply, feed);
  });
  r.get('/feeds/challenges.atom', { schema: { tags: [TAG], summary: 'The 50 newest challenges (Atom)', querystring: Theme, response: feedResponse } }, async (request, reply) => {
    const feed = await challengeFeed(db, site(request), request.lang, { theme: request.query.theme });
    if (!feed) throw notFound();
    return atom(reply, feed);
  });
  r.get('/feeds/organisations/:orgnr/cases.atom', { schema: { tags: [TAG], summary: 'The 50 newest public cases an organisation owns or co-owns (Atom)', params: Orgnr, response: feedResponse } }, async (request, reply) => {
    const feed = await caseFeed(db, site(request), request.lang, { orgnr: request.params.orgnr });
    if (!feed) throw notFound();
    return atom(reply, feed);
  });
  r.get('/feeds/organisations/:orgnr/challenges.atom', { schema: { tags: [TAG], summary: 'The 50 newest challenges an organisation posted (Atom)', params: Orgnr, response: feedResponse } }, async (request, reply) => {
    const feed = await challengeFeed(db, site(request), request.lang, { orgnr: request.params.orgnr });
    if (!feed) throw notFound();
    return atom(reply, feed);
  });

  // ---- sitemap and robots ----

  const xml = (reply: FastifyReply) => reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600');
  r.get('/sitemap.xml', { schema: { hide: true } }, async (request, reply) => xml(reply).send(await sitemapIndexOrUrlset(db, site(request), (err) => request.log.error({ err }, 'sitemap stream failed'))));
  r.get('/sitemaps/:name', { schema: { hide: true, params: Type.Object({ name: Type.String({ pattern: `^(${SITEMAP_CHUNK_KINDS.join('|')})-[1-9][0-9]{0,4}\\.xml$` }) }) } }, async (request, reply) => {
    const [, kind, page] = /^([a-z]+)-(\d+)\.xml$/.exec(request.params.name)!;
    return xml(reply).send(sitemapChunk(db, site(request), kind as ChunkKind, Number(page), (err) => request.log.error({ err }, 'sitemap stream failed')));
  });
  r.get('/robots.txt', { schema: { hide: true } }, async (request, reply) => reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600').send(robotsTxt(site(request))));
}
