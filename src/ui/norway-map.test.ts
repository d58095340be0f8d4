import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { MAP_VIEWBOX, NorwayMap, mapCountyNumbers, mapMunicipalityNumbers, municipalityCentroid, type NorwayMapProps } from './norway-map.js';

const OSLO = '0301';
const TROMSO = '5501';
const KRISTIANSAND = '4204';
const VARDO = '5634';

const readJson = <T>(rel: string): T => JSON.parse(readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8')) as T;

const render = (props: NorwayMapProps) => renderToString(h(NorwayMap, props));

const [, , W, H] = MAP_VIEWBOX.split(' ').map(Number) as [number, number, number, number];

/** The rings of a path as written by scripts/build-geo.ts: "M x y l dx dy … Z", one per ring. */
function rings(d: string): [number, number][][] {
  return d
    .split('Z')
    .filter(Boolean)
    .map((sub) => {
      const nums = (sub.match(/-?(?:\d+\.?\d*|\.\d+)/g) ?? []).map(Number);
      const ring: [number, number][] = [[nums[0]!, nums[1]!]];
      for (let i = 2; i + 1 < nums.length; i += 2) {
        const [x, y] = ring[ring.length - 1]!;
        ring.push([x + nums[i]!, y + nums[i + 1]!]);
      }
      return ring;
    });
}

/** Even–odd point-in-polygon over all rings, as the map's fill-rule draws it. */
function inside([px, py]: [number, number], all: [number, number][][]): boolean {
  let hit = false;
  for (const ring of all) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) hit = !hit;
    }
  }
  return hit;
}

describe('Norway map data', () => {
  it('has the 357 municipalities and 15 counties of 2024, the same as the reference data', () => {
    const munis = mapMunicipalityNumbers();
    expect(munis).toHaveLength(357);
    expect(new Set(munis).size).toBe(357);
    expect(mapCountyNumbers()).toHaveLength(15);

    const orgs = readJson<{ kind: string; municipalityNumber: string | null }[]>('../../resources/reference/organisations.json');
    const reference = orgs.filter((o) => o.kind === 'municipality').map((o) => o.municipalityNumber!).sort();
    expect(munis).toEqual(reference);
    const counties = readJson<{ number: string }[]>('../../resources/reference/counties.json').map((c) => c.number).sort();
    expect(mapCountyNumbers()).toEqual(counties);
  });

  it('puts every centroid inside the viewBox and inside its own municipality', () => {
    const file = readJson<{ municipalities: { kommunenummer: string; path: string; centroid: [number, number] }[] }>(
      '../../resources/geo/norway-municipalities.json',
    );
    const outside: string[] = [];
    for (const m of file.municipalities) {
      const [x, y] = municipalityCentroid(m.kommunenummer)!;
      expect(x, m.kommunenummer).toBeGreaterThan(0);
      expect(x, m.kommunenummer).toBeLessThan(W);
      expect(y, m.kommunenummer).toBeGreaterThan(0);
      expect(y, m.kommunenummer).toBeLessThan(H);
      if (!inside([x, y], rings(m.path))) outside.push(m.kommunenummer);
    }
    expect(outside).toEqual([]);
    expect(municipalityCentroid('9999')).toBeUndefined();
  });

  it('draws north up: Oslo is south and west of Tromsø, Kristiansand furthest south, Vardø furthest east', () => {
    const [osloX, osloY] = municipalityCentroid(OSLO)!;
    const [tromsoX, tromsoY] = municipalityCentroid(TROMSO)!;
    // y grows downwards in SVG, so south means a larger y. Oslo (10.8° E) lies west of Tromsø (19.0° E).
    expect(osloY).toBeGreaterThan(tromsoY);
    expect(osloX).toBeLessThan(tromsoX);
    const extreme = (axis: 0 | 1) =>
      mapMunicipalityNumbers().reduce((a, b) => (municipalityCentroid(b)![axis] > municipalityCentroid(a)![axis] ? b : a));
    expect(extreme(1)).toBe(KRISTIANSAND);
    expect(extreme(0)).toBe(VARDO);
  });

  it('keeps Norway’s proportions (taller than wide, about 1.25:1 in UTM33)', () => {
    expect(W).toBe(600);
    expect(H / W).toBeGreaterThan(1.15);
    expect(H / W).toBeLessThan(1.35);
  });
});

describe('NorwayMap', () => {
  it('is an image named by its title and described by its description', () => {
    const html = render({ id: 'm1', title: 'Kommuner i Norge', description: 'Alle 357 kommuner.' });
    expect(html).toMatch(/^<svg [^>]*role="img"/);
    expect(html).toContain('aria-labelledby="m1-title"');
    expect(html).toContain('aria-describedby="m1-desc"');
    expect(html).toContain('<title id="m1-title">Kommuner i Norge</title>');
    expect(html).toContain('<desc id="m1-desc">Alle 357 kommuner.</desc>');
    expect(html.match(/class="map-muni"/g)).toHaveLength(357);
    expect(html.match(/class="map-county"/g)).toHaveLength(15);
    expect(html).not.toMatch(/style=/);
  });

  it('draws one marker circle with a title per marker, and leaves out unknown municipalities', () => {
    const html = render({
      id: 'm2',
      title: 'Hvem bruker løsningen',
      markers: [
        { kommunenummer: OSLO, label: 'Oslo kommune' },
        { kommunenummer: TROMSO, label: 'Tromsø kommune' },
        { kommunenummer: '5401', label: 'Gammelt kommunenummer' },
      ],
    });
    const circles = html.match(/<circle class="map-marker"[^>]*><title>[^<]*<\/title><\/circle>/g) ?? [];
    expect(circles).toHaveLength(2);
    const [ox, oy] = municipalityCentroid(OSLO)!;
    expect(circles[0]).toContain(`cx="${ox}" cy="${oy}"`);
    expect(circles[0]).toContain('<title>Oslo kommune</title>');
    expect(circles[1]).toContain('<title>Tromsø kommune</title>');
    expect(html).not.toContain('Gammelt kommunenummer');
    expect(html).not.toContain('<a ');
  });

  it('makes a marker with href a link with an accessible name, and the map a group so the link is reachable', () => {
    const html = render({ id: 'm3', title: 'Kart', markers: [{ kommunenummer: OSLO, label: 'Oslo kommune', href: '/org/958935420' }] });
    expect(html).toMatch(/^<svg [^>]*role="group"/);
    expect(html).toMatch(/<a href="\/org\/958935420" class="map-marker-link" aria-label="Oslo kommune"><circle class="map-marker"/);
    expect(html).not.toContain('tabindex');
  });

  it('escapes labels and fill classes: markup in them stays text', () => {
    const html = render({
      id: 'm4',
      title: '<b>Kart</b>',
      markers: [{ kommunenummer: OSLO, label: '<script>alert(1)</script>', href: '/x?a="><script>' }],
      fills: { [OSLO]: 'map-level-1"><script>alert(2)</script>' },
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
  });

  it('adds the fill class to the municipalities given, and can leave out the counties', () => {
    const html = render({ id: 'm5', title: 'Kart', fills: { [OSLO]: 'map-level-4', [TROMSO]: 'map-level-0' }, showCounties: false });
    expect(html.match(/class="map-muni map-level-4"/g)).toHaveLength(1);
    expect(html.match(/class="map-muni map-level-0"/g)).toHaveLength(1);
    expect(html.match(/class="map-muni"/g)).toHaveLength(355);
    expect(html).toContain('norway-map--filled');
    expect(html).not.toContain('map-county');
  });

  it('renders quickly (measured and printed, not asserted)', () => {
    const fills = Object.fromEntries(mapMunicipalityNumbers().map((k, i) => [k, `map-level-${i % 5}`]));
    const markers = mapMunicipalityNumbers()
      .slice(0, 20)
      .map((k) => ({ kommunenummer: k, label: `Kommune ${k}`, href: `/org/${k}` }));
    render({ id: 'warm', title: 'Kart', fills, markers });
    const runs = 200;
    let start = performance.now();
    for (let i = 0; i < runs; i++) render({ id: 'p', title: 'Kart', markers: markers.slice(0, 3) });
    const markersOnly = (performance.now() - start) / runs;
    start = performance.now();
    let size = 0;
    for (let i = 0; i < runs; i++) size = render({ id: 'p', title: 'Kart', fills, markers }).length;
    const choropleth = (performance.now() - start) / runs;
    console.log(
      `NorwayMap render: ${markersOnly.toFixed(3)} ms with 3 markers; ${choropleth.toFixed(3)} ms with 357 fills and 20 linked markers; ` +
        `${Math.round(size / 1024)} KB of markup`,
    );
  });
});
