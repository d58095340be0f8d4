import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A server-rendered SVG map of Norway's 357 municipalities (2024 structure), with county borders,
 * optional fills per municipality (a choropleth) and markers at municipalities (who has taken an
 * innovation into use). Geometry comes from resources/geo/, built by scripts/build-geo.ts; styles
 * from resources/public/map.css. No inline styles (the CSP forbids them): classes and SVG
 * presentation attributes only.
 */

interface MunicipalityShape {
  kommunenummer: string;
  name: string;
  path: string;
  centroid: [number, number];
}

interface CountyShape {
  fylkesnummer: string;
  name: string;
  path: string;
}

const geoDir = new URL('../../resources/geo/', import.meta.url);

function readGeo<T>(file: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(file, geoDir)), 'utf8')) as T;
}

// Loaded once when the module is first imported; the files are ~170 KB together.
const municipalityFile = readGeo<{ viewBox: string; municipalities: MunicipalityShape[] }>('norway-municipalities.json');
const countyFile = readGeo<{ viewBox: string; counties: CountyShape[] }>('norway-counties.json');

// The static layers are injected as raw markup below, so check once that the data is what the
// build script writes: path data and numbers only. A hand-edited file fails here at start-up
// rather than putting markup into every page.
const SAFE_PATH = /^[MlZ0-9 .-]+$/;
const SAFE_CODE = /^\d{2,4}$/;
for (const m of municipalityFile.municipalities) {
  if (!SAFE_CODE.test(m.kommunenummer) || !SAFE_PATH.test(m.path) || !m.centroid.every(Number.isFinite)) {
    throw new Error(`norway-municipalities.json: bad entry ${JSON.stringify(m.kommunenummer)}`);
  }
}
for (const c of countyFile.counties) {
  if (!SAFE_CODE.test(c.fylkesnummer) || !SAFE_PATH.test(c.path)) {
    throw new Error(`norway-counties.json: bad entry ${JSON.stringify(c.fylkesnummer)}`);
  }
}

/** The viewBox shared by both layers ("0 0 600 H"; north up, x east, y south). */
export const MAP_VIEWBOX = municipalityFile.viewBox;

/** Credit the licence requires wherever the map is shown (CC BY 4.0): put it in a caption under the map. */
export const MAP_ATTRIBUTION = 'Kart: © Kartverket, CC BY 4.0';

const centroids = new Map(municipalityFile.municipalities.map((m) => [m.kommunenummer, m.centroid] as const));

/** The marker point of a municipality (inside its largest piece of land, viewBox units), or undefined for an unknown number. */
export function municipalityCentroid(kommunenummer: string): [number, number] | undefined {
  return centroids.get(kommunenummer);
}

/** Every municipality number on the map (2024 structure), sorted. */
export function mapMunicipalityNumbers(): string[] {
  return municipalityFile.municipalities.map((m) => m.kommunenummer);
}

/** Every county number on the map (2024 structure), sorted. */
export function mapCountyNumbers(): string[] {
  return countyFile.counties.map((c) => c.fylkesnummer);
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// The base layers as markup, built once. Rendering 357 paths through preact's VNodes on every
// request would cost far more than joining strings; the markup is injected with
// dangerouslySetInnerHTML, which is safe only because it is our own build output, checked above,
// and the one per-request part (a fill class) goes through escapeAttr.
const MUNI_HEAD = '<path class="map-muni';
const muniTails = municipalityFile.municipalities.map((m) => `" d="${m.path}"/>`);
const plainMunicipalities = muniTails.map((tail) => MUNI_HEAD + tail).join('');
const countyMarkup = countyFile.counties.map((c) => `<path class="map-county" d="${c.path}"/>`).join('');

function municipalityMarkup(fills: Record<string, string> | undefined, areas?: Record<string, MapArea>): string {
  if ((!fills || Object.keys(fills).length === 0) && !areas) return plainMunicipalities;
  let out = '';
  municipalityFile.municipalities.forEach((m, i) => {
    const cls = fills?.[m.kommunenummer];
    const path = MUNI_HEAD + (cls ? ' ' + escapeAttr(cls) : '') + muniTails[i];
    const area = areas?.[m.kommunenummer];
    // A link per municipality: focusable, named for screen readers (aria-label) and, through
    // <title>, a tooltip on hover. Label and address are the only per-request text: escaped.
    out += area ? `<a class="map-area" href="${escapeAttr(area.href)}" aria-label="${escapeAttr(area.label)}" data-kommunenummer="${m.kommunenummer}"><title>${escapeAttr(area.label)}</title>${path}</a>` : path;
  });
  return out;
}

/** A municipality made into a link on the map (the dashboard: each one focusable, with its name and value). */
export interface MapArea {
  href: string;
  /** Accessible name and tooltip, e.g. "Oslo: Har publisert innovasjon". */
  label: string;
}

// The same base layers as a standalone SVG file, for maps that only add markers (a case's adopters):
// 156 KB of paths sent once and cached by the browser instead of inside every case page. An SVG
// used as an image cannot see the page's style sheet, so the colours of map.css are repeated here
// as presentation attributes (no <style>: nothing in it is subject to the CSP).
const [, , MAP_W, MAP_H] = municipalityFile.viewBox.split(' ');
/** The base map (municipalities and county borders) as an SVG document. */
export const NORWAY_BASE_SVG =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${municipalityFile.viewBox}" width="${MAP_W}" height="${MAP_H}">` +
  `<g fill="#eceef1" fill-rule="evenodd" stroke="#ffffff" stroke-width="0.6" stroke-linejoin="round">` +
  municipalityFile.municipalities.map((m) => `<path d="${m.path}"/>`).join('') +
  `</g><g fill="none" stroke="#6b7280" stroke-width="1" stroke-linejoin="round">` +
  countyFile.counties.map((c) => `<path d="${c.path}" vector-effect="non-scaling-stroke"/>`).join('') +
  `</g></svg>`;
/** Where the base map is served: the content hash in the name lets browsers keep it for a year. */
export const NORWAY_BASE_URL = `/assets/maps/norway-base.${createHash('sha256').update(NORWAY_BASE_SVG).digest('hex').slice(0, 12)}.svg`;

export interface MapMarker {
  kommunenummer: string;
  /** Who is marked, e.g. an organisation's name: the marker's tooltip and accessible name. */
  label: string;
  /** Makes the marker a link (keyboard-focusable). */
  href?: string;
}

export interface NorwayMapProps {
  /** Short accessible name of the map, e.g. "Kommuner som har tatt i bruk løsningen". */
  title: string;
  /** Longer text alternative: say in words what the map shows (the page should also list it as text). */
  description?: string;
  markers?: MapMarker[];
  /** kommunenummer → CSS class added to that municipality's path, e.g. "map-level-3". */
  fills?: Record<string, string>;
  /** Unique on the page: prefixes the ids of the title and description. */
  id: string;
  /** kommunenummer → a link for that municipality: every municipality given becomes focusable and named. */
  areas?: Record<string, MapArea>;
  /** Draw county borders over the municipalities (default true). */
  showCounties?: boolean;
  /**
   * `inline` (default) writes the 372 paths into the page, as a choropleth needs; `image` draws the
   * base map from NORWAY_BASE_URL (always with county borders) and only the markers inline.
   */
  base?: 'inline' | 'image';
}

/**
 * The map as an inline SVG. Markers for municipalities not in the 2024 structure are left out,
 * so the page must name every organisation in text as well (the map is never the only way to
 * learn who is marked).
 */
export function NorwayMap({ title, description, markers = [], fills, areas, id, showCounties = true, base = 'inline' }: NorwayMapProps) {
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  const placed = markers.flatMap((m) => {
    const c = centroids.get(m.kommunenummer);
    return c ? [{ ...m, c }] : [];
  });
  // role="img" makes every child presentational: a screen reader would announce the map as one
  // picture and never reach links inside it. With linked markers the map is a named group
  // instead, so each link is announced (by its aria-label) and reachable in browse mode too.
  const interactive = placed.some((m) => m.href) || areas !== undefined;
  const filled = fills !== undefined && Object.keys(fills).length > 0;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      class={filled ? 'norway-map norway-map--filled' : 'norway-map'}
      id={id}
      viewBox={MAP_VIEWBOX}
      role={interactive ? 'group' : 'img'}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
    >
      <title id={titleId}>{title}</title>
      {description ? <desc id={descId}>{description}</desc> : null}
      {base === 'image' && !filled ? (
        <image href={NORWAY_BASE_URL} x="0" y="0" width={MAP_W} height={MAP_H} aria-hidden="true" />
      ) : (
        <>
          {/* Our own geometry, built by scripts/build-geo.ts and validated at load: trusted markup. */}
          <g class="map-munis" aria-hidden={areas ? undefined : 'true'} dangerouslySetInnerHTML={{ __html: municipalityMarkup(fills, areas) }} />
          {showCounties ? <g class="map-counties" aria-hidden="true" dangerouslySetInnerHTML={{ __html: countyMarkup }} /> : null}
        </>
      )}
      {placed.length > 0 ? (
        <g class="map-markers">
          {placed.map((m) => {
            const circle = (
              <circle class="map-marker" cx={m.c[0]} cy={m.c[1]} r={5}>
                <title>{m.label}</title>
              </circle>
            );
            return m.href ? (
              <a href={m.href} class="map-marker-link" aria-label={m.label}>
                {circle}
              </a>
            ) : (
              circle
            );
          })}
        </g>
      ) : null}
    </svg>
  );
}
