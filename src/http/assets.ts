import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { NORWAY_BASE_SVG, NORWAY_BASE_URL } from '../ui/norway-map.js';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
export const PUBLIC_DIR = path.resolve(here, '../../resources/public');

/** A package's folder. Not via require.resolve('<pkg>/package.json'): some packages' exports hide it. */
function packageDir(name: string): string {
  for (const dir of require.resolve.paths(name) ?? []) {
    const candidate = path.join(dir, name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
  }
  throw new Error(`Package ${name} is not installed`);
}

// Inter in the weights Designsystemet uses, with the Latin Extended range so Sámi letters
// (Á Č Đ Ŋ Š Ŧ Ž) render in the same font as the rest.
const FONT_FILES = ['400', '500', '600', '700'].flatMap((w) => [`latin-${w}.css`, `latin-ext-${w}.css`]);

/** Self-hosted assets: Designsystemet CSS and JS, the Inter font, our own CSS and JS. No CDN. */
export async function registerAssets(app: FastifyInstance): Promise<void> {
  const dsCss = path.join(packageDir('@digdir/designsystemet-css'), 'dist');
  const dsWeb = path.join(packageDir('@digdir/designsystemet-web'), 'dist', 'umd');
  const inter = packageDir('@fontsource/inter');
  const longCache = { maxAge: '7d', immutable: false };

  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/assets/', ...longCache, index: false, schemaHide: true });
  await app.register(fastifyStatic, { root: path.join(inter, 'files'), prefix: '/assets/fonts/files/', decorateReply: false, ...longCache, schemaHide: true });

  const themeCss = await fs.readFile(path.join(dsCss, 'theme', 'designsystemet.css'));
  const indexCss = await fs.readFile(path.join(dsCss, 'src', 'index.css'));
  const dsWebJs = await fs.readFile(path.join(dsWeb, 'index.js'));
  const interCss = (await Promise.all(FONT_FILES.map((f) => fs.readFile(path.join(inter, f), 'utf8'))))
    .join('\n')
    .replaceAll('url(./files/', 'url(/assets/fonts/files/');

  const serve = (url: string, type: string, body: Buffer | string) =>
    app.get(url, { schema: { hide: true } }, async (_req, reply) =>
      reply.type(type).header('cache-control', 'public, max-age=604800').send(body),
    );
  serve('/assets/ds/theme.css', 'text/css; charset=utf-8', themeCss);
  serve('/assets/ds/index.css', 'text/css; charset=utf-8', indexCss);
  serve('/assets/ds/web.js', 'text/javascript; charset=utf-8', dsWebJs);
  serve('/assets/fonts/inter.css', 'text/css; charset=utf-8', interCss);
  // Fingerprinted: a changed map gets a new URL, so this one may be kept for a year.
  app.get(NORWAY_BASE_URL, { schema: { hide: true } }, async (_req, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=31536000, immutable').send(NORWAY_BASE_SVG),
  );
}
