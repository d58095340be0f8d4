/**
 * Builds the committed map of Norway (resources/geo/*) that src/ui/norway-map.tsx draws.
 *
 *   npx tsx scripts/build-geo.ts [path/to/shared/data/reference/geo]
 *
 * Reads the municipality and county TopoJSON files described in shared/data/PROVENANCE.md (geo/),
 * projects them to UTM zone 33 (EUREF89 / UTM33, the plane Kartverket draws national maps of
 * Norway in), fits them to a 600 px wide viewBox, simplifies them for that size and writes
 * norway-municipalities.json, norway-counties.json and README.md. The output is deterministic:
 * running it twice on the same input gives byte-identical files.
 *
 * The TopoJSON is decoded here rather than with topojson-client: these files have no `transform`
 * (the arcs hold plain lon/lat positions, not quantized deltas), so decoding is only "look up
 * arc i, or arc ~i reversed, and join them", and a dependency would buy nothing. A quantized file
 * is decoded too (see decodeArcs), in case the source is ever re-exported that way.
 */
import { readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Position = [number, number];

interface TopoGeometry {
  type: 'Polygon' | 'MultiPolygon' | string;
  arcs: number[][] | number[][][];
  properties: Record<string, string>;
}

interface Topology {
  type: 'Topology';
  transform?: { scale: Position; translate: Position };
  objects: Record<string, { type: 'GeometryCollection'; geometries: TopoGeometry[] }>;
  arcs: Position[][];
}

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = path.resolve(process.argv[2] ?? path.join(projectRoot, '../shared/data/reference/geo'));
const outDir = path.join(projectRoot, 'resources/geo');

const FILES = { municipalities: 'kommuner-2024.topojson', counties: 'fylker-2024.topojson' } as const;

/** Width of the viewBox in user units, which the map is drawn at (about 1 unit = 1 CSS px). */
const WIDTH = 600;
/** Room around the country so the outline strokes are not clipped at the viewBox edge. */
const PAD = 4;
/** Douglas–Peucker tolerance in viewBox units: detail finer than half a pixel cannot be seen. */
const TOLERANCE = 0.5;
/**
 * Islands (rings other than a municipality's largest) smaller than this, in square viewBox units
 * after simplification, are left out: at 600 px they are a dot under the coastline stroke. Holes are
 * always kept, since the enclave inside is another municipality's land.
 */
const MIN_ISLAND_AREA = 0.75;

// ---------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------

/** Absolute positions of every arc, undoing the delta encoding when the topology is quantized. */
function decodeArcs(topo: Topology): Position[][] {
  const t = topo.transform;
  if (!t) return topo.arcs;
  return topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]] as Position;
    });
  });
}

/** A feature's polygons, each a list of rings, each ring a list of arc references (~i = arc i reversed). */
function polygonsOf(g: TopoGeometry): number[][][] {
  if (g.type === 'Polygon') return [g.arcs as number[][]];
  if (g.type === 'MultiPolygon') return g.arcs as number[][][];
  throw new Error(`Unexpected geometry type ${g.type}`);
}

// ---------------------------------------------------------------------------------------------
// Projection: transverse Mercator on the GRS80 ellipsoid with UTM zone 33's central meridian
// (15° E), Krüger's series to third order (millimetre-accurate, far more than a 600 px map needs).
// A plain equirectangular projection squashes the north and twists Finnmark; UTM33 is how
// Norwegians see their country on Kartverket's and Norgeskart's maps.
// ---------------------------------------------------------------------------------------------

const GRS80 = { a: 6378137, f: 1 / 298.257222101 };
const K0 = 0.9996;
const LON0 = (15 * Math.PI) / 180;
const n = GRS80.f / (2 - GRS80.f);
const A = (GRS80.a / (1 + n)) * (1 + n ** 2 / 4 + n ** 4 / 64);
const ALPHA = [n / 2 - (2 / 3) * n ** 2 + (5 / 16) * n ** 3, (13 / 48) * n ** 2 - (3 / 5) * n ** 3, (61 / 240) * n ** 3];
const E2N = (2 * Math.sqrt(n)) / (1 + n);

/** Easting and northing in metres (UTM33, without the false easting) of a lon/lat in degrees. */
function utm33([lonDeg, latDeg]: Position): Position {
  const lat = (latDeg * Math.PI) / 180;
  const dLon = (lonDeg * Math.PI) / 180 - LON0;
  const sinLat = Math.sin(lat);
  const t = Math.sinh(Math.atanh(sinLat) - E2N * Math.atanh(E2N * sinLat));
  const xi = Math.atan2(t, Math.cos(dLon));
  const eta = Math.atanh(Math.sin(dLon) / Math.sqrt(1 + t * t));
  let e = eta;
  let nn = xi;
  ALPHA.forEach((alpha, i) => {
    const j = 2 * (i + 1);
    e += alpha * Math.cos(j * xi) * Math.sinh(j * eta);
    nn += alpha * Math.sin(j * xi) * Math.cosh(j * eta);
  });
  return [K0 * A * e, K0 * A * nn];
}

// ---------------------------------------------------------------------------------------------
// Simplification and geometry helpers (all in viewBox units)
// ---------------------------------------------------------------------------------------------

function distToSegment(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  // A closed arc (an island drawn as one arc) starts and ends at the same point.
  let t = len2 === 0 ? 0 : ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/**
 * Douglas–Peucker on one arc, keeping both ends. Arcs are shared by the two areas they separate and
 * simplified once, so neighbouring municipalities keep a common border with no slivers or gaps.
 */
function simplifyArc(points: Position[], tolerance: number): Position[] {
  if (points.length <= 2) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    let maxDist = -1;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = distToSegment(points[i]!, points[first]!, points[last]!);
      if (d > maxDist) {
        maxDist = d;
        index = i;
      }
    }
    if (index !== -1 && maxDist > tolerance) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/** Signed area (shoelace); the sign depends on winding, the magnitude is what callers use. */
function signedArea(ring: Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += (ring[j]![0] - ring[i]![0]) * (ring[j]![1] + ring[i]![1]);
  }
  return s / 2;
}

function insideRing(p: Position, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insidePolygon(p: Position, rings: Position[][]): boolean {
  return insideRing(p, rings[0]!) && !rings.slice(1).some((hole) => insideRing(p, hole));
}

/** Area-weighted centroid of a ring. */
function ringCentroid(ring: Position[]): Position {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j]!;
    const [x1, y1] = ring[i]!;
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (a === 0) return ring[0]!;
  return [cx / (3 * a), cy / (3 * a)];
}

/**
 * A point inside the polygon: its centroid when that is inside (rounded to the output precision),
 * otherwise the middle of the widest horizontal run through the polygon, trying the centroid's own
 * row first and then rows spreading out from it. A C-shaped fjord municipality has its centroid out
 * in the fjord, and a marker there would sit on a neighbour.
 */
function labelPoint(rings: Position[][]): Position {
  const c = ringCentroid(rings[0]!);
  const rounded: Position = [round1(c[0]), round1(c[1])];
  if (insidePolygon(rounded, rings)) return rounded;
  const ys = rings[0]!.map((p) => p[1]);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  let best: { point: Position; width: number } | undefined;
  const steps = 40;
  for (let k = 0; k <= steps; k++) {
    // Rows alternate above and below the centroid, nearest first; an offset of 0.05 keeps the row
    // off vertices, which all sit on the 0.1 grid.
    const off = ((k % 2 === 0 ? 1 : -1) * Math.ceil(k / 2) * (maxY - minY)) / steps;
    const y = c[1] + off + 0.05;
    if (y <= minY || y >= maxY) continue;
    const xs: number[] = [];
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i]!;
        const [xj, yj] = ring[j]!;
        if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
      }
    }
    xs.sort((a, b) => a - b);
    for (let i = 0; i + 1 < xs.length; i += 2) {
      const width = xs[i + 1]! - xs[i]!;
      const point: Position = [round1((xs[i]! + xs[i + 1]!) / 2), round1(y)];
      // Prefer wide runs, but not far-off ones: a run counts for less the further its row is.
      const score = width / (1 + Math.abs(off) / 10);
      if ((!best || score > best.width) && insidePolygon(point, rings)) best = { point, width: score };
    }
  }
  if (!best) throw new Error('No interior point found');
  return best.point;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

// ---------------------------------------------------------------------------------------------
// Building one layer
// ---------------------------------------------------------------------------------------------

interface Feature {
  key: string;
  name: string;
  /** Polygons of rings, each ring a list of arc references. */
  polygons: number[][][];
}

interface BuiltFeature {
  key: string;
  name: string;
  /** Polygons of rings in rounded viewBox units; the first polygon holds the largest ring. */
  polygons: Position[][][];
}

interface Frame {
  minE: number;
  maxN: number;
  scale: number;
}

function projectArcs(arcs: Position[][], frame: Frame | undefined): Position[][] {
  const projected = arcs.map((arc) => arc.map(utm33));
  if (!frame) return projected;
  return projected.map((arc) => arc.map(([e, nn]) => [PAD + (e - frame.minE) * frame.scale, PAD + (frame.maxN - nn) * frame.scale] as Position));
}

function ringFromArcs(refs: number[], arcs: Position[][]): Position[] {
  const ring: Position[] = [];
  for (const ref of refs) {
    const arc = ref >= 0 ? arcs[ref]! : [...arcs[~ref]!].reverse();
    // Consecutive arcs share their joining point; the ring is implicitly closed.
    for (let i = ring.length === 0 ? 0 : 1; i < arc.length; i++) ring.push(arc[i]!);
  }
  const out: Position[] = [];
  for (const p of ring) {
    const q: Position = [round1(p[0]), round1(p[1])];
    const prev = out[out.length - 1];
    if (!prev || prev[0] !== q[0] || prev[1] !== q[1]) out.push(q);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) out.pop();
  return out;
}

/**
 * Simplifies every arc, then lowers the tolerance on the arcs of any feature that lost its shape
 * (a tiny municipality of two arcs would otherwise collapse to a line), until each feature keeps its
 * largest ring at a recognisable size. Tolerances are per arc, so shared borders stay shared.
 */
function buildLayer(features: Feature[], arcs: Position[][]): BuiltFeature[] {
  const tolerance = new Float64Array(arcs.length).fill(TOLERANCE);
  const rawArea = (refs: number[]) => Math.abs(signedArea(ringFromArcs(refs, arcs)));
  for (let round = 0; round < 8; round++) {
    const simplified = arcs.map((arc, i) => simplifyArc(arc, tolerance[i]!));
    let changed = false;
    for (const f of features) {
      const rings = f.polygons.map((p) => p[0]!);
      const largest = rings.reduce((best, r) => (rawArea(r) > rawArea(best) ? r : best));
      const before = rawArea(largest);
      const after = Math.abs(signedArea(ringFromArcs(largest, simplified)));
      if (after < before * 0.6 || ringFromArcs(largest, simplified).length < 4) {
        for (const ref of largest) tolerance[ref < 0 ? ~ref : ref]! /= 2;
        changed = true;
      }
    }
    if (!changed) return features.map((f) => assemble(f, simplified));
  }
  throw new Error('Simplification did not settle');
}

function assemble(f: Feature, arcs: Position[][]): BuiltFeature {
  const polygons = f.polygons.map((p) => p.map((refs) => ringFromArcs(refs, arcs)));
  const area = (p: Position[][]) => Math.abs(signedArea(p[0]!));
  polygons.sort((a, b) => area(b) - area(a));
  const kept = polygons.filter((p, i) => i === 0 || (p[0]!.length >= 3 && area(p) >= MIN_ISLAND_AREA));
  return {
    key: f.key,
    name: f.name,
    polygons: kept.map((p) => [p[0]!, ...p.slice(1).filter((hole) => hole.length >= 3)]),
  };
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

/** A number in tenths as SVG path text: "12.3", ".5", "-.5", "0". */
function num(tenths: number): string {
  const s = (tenths / 10).toString();
  return s.replace(/^(-?)0\./, '$1.');
}

/**
 * An SVG path: one subpath per ring, an absolute moveto then relative linetos, closed with Z.
 * Deltas are taken between already-rounded points (in integer tenths), so they add up exactly and
 * the drawn shape is the rounded one, with no drift along long coastlines.
 */
function pathOf(polygons: Position[][][]): string {
  let d = '';
  for (const polygon of polygons) {
    for (const ring of polygon) {
      if (ring.length < 3) continue;
      const t = ring.map(([x, y]) => [Math.round(x * 10), Math.round(y * 10)] as const);
      d += `M${num(t[0]![0])} ${num(t[0]![1])}l`;
      let prevX = t[0]![0];
      let prevY = t[0]![1];
      let first = true;
      for (const [x, y] of t.slice(1)) {
        const dx = num(x - prevX);
        const dy = num(y - prevY);
        // A minus sign separates numbers by itself.
        d += (first || dx.startsWith('-') ? '' : ' ') + dx + (dy.startsWith('-') ? '' : ' ') + dy;
        first = false;
        prevX = x;
        prevY = y;
      }
      d += 'Z';
    }
  }
  return d;
}

function readTopology(file: string): { topo: Topology; geometries: TopoGeometry[] } {
  const topo = JSON.parse(readFileSync(path.join(sourceDir, file), 'utf8')) as Topology;
  const objects = Object.values(topo.objects);
  if (objects.length !== 1) throw new Error(`${file}: expected one object, found ${objects.length}`);
  return { topo, geometries: objects[0]!.geometries };
}

function main(): void {
  const muni = readTopology(FILES.municipalities);
  const county = readTopology(FILES.counties);

  // The frame is fitted to the counties, which cover exactly the same land as the municipalities.
  const countyMetres = projectArcs(decodeArcs(county.topo), undefined);
  let minE = Infinity;
  let maxE = -Infinity;
  let minN = Infinity;
  let maxN = -Infinity;
  for (const arc of countyMetres) {
    for (const [e, nn] of arc) {
      minE = Math.min(minE, e);
      maxE = Math.max(maxE, e);
      minN = Math.min(minN, nn);
      maxN = Math.max(maxN, nn);
    }
  }
  const scale = (WIDTH - 2 * PAD) / (maxE - minE);
  const frame: Frame = { minE, maxN, scale };
  const height = Math.ceil((maxN - minN) * scale + 2 * PAD);
  const viewBox = `0 0 ${WIDTH} ${height}`;

  const muniFeatures: Feature[] = muni.geometries.map((g) => ({
    key: g.properties.kommunenummer!,
    name: g.properties.kommunenavn ?? g.properties.name ?? '',
    polygons: polygonsOf(g),
  }));
  const countyFeatures: Feature[] = county.geometries.map((g) => ({
    key: g.properties.fylkesnummer!,
    name: g.properties.fylkesnavn ?? g.properties.name ?? '',
    polygons: polygonsOf(g),
  }));
  for (const [label, list, expected] of [
    ['municipalities', muniFeatures, 357],
    ['counties', countyFeatures, 15],
  ] as const) {
    const keys = new Set(list.map((f) => f.key));
    if (keys.size !== expected || list.some((f) => !/^\d{2,4}$/.test(f.key))) {
      throw new Error(`Expected ${expected} distinct ${label}, found ${keys.size}`);
    }
  }

  const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const municipalities = buildLayer(muniFeatures, projectArcs(decodeArcs(muni.topo), frame)).sort(byKey);
  const counties = buildLayer(countyFeatures, projectArcs(decodeArcs(county.topo), frame)).sort(byKey);

  const [, , w, h] = viewBox.split(' ').map(Number);
  const muniRows = municipalities.map((m) => {
    const centroid = labelPoint(m.polygons[0]!);
    if (!(centroid[0] > 0 && centroid[0] < w! && centroid[1] > 0 && centroid[1] < h!)) {
      throw new Error(`${m.key}: centroid ${centroid.join(',')} outside the viewBox`);
    }
    return JSON.stringify({ kommunenummer: m.key, name: m.name, path: pathOf(m.polygons), centroid });
  });
  const countyRows = counties.map((c) => JSON.stringify({ fylkesnummer: c.key, name: c.name, path: pathOf(c.polygons) }));

  const attribution = 'Kartverket (CC BY 4.0), via robhop/fylker-og-kommuner';
  // One feature a line, so a re-run after a boundary change shows a readable diff.
  const write = (file: string, head: Record<string, string>, key: string, rows: string[]) => {
    const header = JSON.stringify(head).slice(0, -1);
    writeFileSync(path.join(outDir, file), `${header},"${key}":[\n${rows.join(',\n')}\n]}\n`);
  };
  mkdirSync(outDir, { recursive: true });
  write('norway-municipalities.json', { viewBox, attribution }, 'municipalities', muniRows);
  write('norway-counties.json', { viewBox, attribution }, 'counties', countyRows);

  const inPoints = (topo: Topology) => topo.arcs.reduce((s, a) => s + a.length, 0);
  const size = (file: string) => statSync(path.join(outDir, file)).size;
  const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
  const vertices = (list: BuiltFeature[]) => list.reduce((s, f) => s + f.polygons.flat().reduce((t, r) => t + r.length, 0), 0);
  const stats = {
    muniSize: size('norway-municipalities.json'),
    countySize: size('norway-counties.json'),
    muniIn: inPoints(muni.topo),
    countyIn: inPoints(county.topo),
    muniOut: vertices(municipalities),
    countyOut: vertices(counties),
  };
  writeFileSync(path.join(outDir, 'README.md'), readme(viewBox, stats, kb));
  console.log(
    `viewBox ${viewBox}; norway-municipalities.json ${kb(stats.muniSize)} (${stats.muniOut} vertices drawn), ` +
      `norway-counties.json ${kb(stats.countySize)} (${stats.countyOut} vertices drawn)`,
  );
}

function readme(
  viewBox: string,
  s: { muniSize: number; countySize: number; muniIn: number; countyIn: number; muniOut: number; countyOut: number },
  kb: (n: number) => string,
): string {
  return `# Map of Norway: municipalities and counties (2024)

Generated by \`npx tsx scripts/build-geo.ts [source-dir]\` (default source dir:
\`../shared/data/reference/geo\` relative to the project root).
Do not edit the JSON by hand: change the script or the sources and re-run it. The output is
deterministic. Drawn by \`src/ui/norway-map.tsx\`, styled by \`resources/public/map.css\`.

## Source and licence

- \`kommuner-2024.topojson\` (357 municipalities, property \`kommunenummer\`) and
  \`fylker-2024.topojson\` (15 counties, property \`fylkesnummer\`): the municipal and county
  boundaries of the 2024 structure, coast-clipped, from the repository robhop/fylker-og-kommuner,
  which builds them from Kartverket's administrative boundaries.
- Licence: **CC BY 4.0**. Attribute **"Kartverket"** wherever the map is shown (for example
  "Kart: © Kartverket, CC BY 4.0" under the map). The files here are an adaptation
  (reprojected and simplified), which the licence allows as long as the attribution is kept and
  the changes are indicated, as this README does.

## Files

- **norway-municipalities.json**: \`{ viewBox, attribution, municipalities: [{ kommunenummer, name,
  path, centroid }] }\`, sorted by kommunenummer. \`path\` is an SVG path \`d\` (one subpath per
  ring: an absolute \`M\`, relative \`l\` steps, \`Z\`); \`centroid\` is \`[x, y]\` in viewBox units,
  a point inside the municipality's largest piece of land: the area-weighted centroid of that
  ring, or, where that falls outside (a fjord or a C-shaped municipality), the middle of the
  widest horizontal run through the ring near it. Markers are drawn there. \`name\` is the name in
  the source (Sámi-first where SSB uses it).
- **norway-counties.json**: \`{ viewBox, attribution, counties: [{ fylkesnummer, name, path }] }\`.

Both share the viewBox \`${viewBox}\` (x to the east, y to the south: north is up).

## Projection

Transverse Mercator on the GRS80 ellipsoid with UTM zone 33's central meridian (15° E, scale
0.9996), i.e. EUREF89 / UTM33 (EPSG:25833), the projection Kartverket and Norgeskart use for maps
of the whole country. Norway looks as Norwegians expect: the north is not stretched (as in web
Mercator) or squashed (as in plain lon/lat), and Finnmark leans to the north-east. Easting and
northing are then scaled uniformly so the country fits ${WIDTH} units wide with a ${PAD}-unit
margin. Svalbard and Jan Mayen are not in the source and not on the map.

## Simplification

- Every TopoJSON arc (a stretch of border between two areas, or a stretch of coast) is
  simplified once with Douglas–Peucker at a tolerance of ${TOLERANCE} viewBox units (half a pixel
  at the drawn size), keeping its end points; the areas on both sides of a border then use the
  same simplified line, so neighbours share borders without gaps or overlaps.
- Where that would shrink a municipality's main piece of land below 60 % of its area (the
  smallest island municipalities), the tolerance of its arcs is halved until it keeps its shape.
- Coordinates are rounded to 0.1 unit; consecutive duplicate points are dropped.
- Islands smaller than ${MIN_ISLAND_AREA} square units after simplification are left out (a
  municipality always keeps its largest piece of land); holes are kept.
- Counties are simplified the same way from their own file; their lines agree with the
  municipal borders to within the tolerance.

## Sizes

| file | vertices in source | vertices drawn | size |
|---|---|---|---|
| norway-municipalities.json | ${s.muniIn} | ${s.muniOut} | ${kb(s.muniSize)} |
| norway-counties.json | ${s.countyIn} | ${s.countyOut} | ${kb(s.countySize)} |

(Vertices in source count the shared TopoJSON arcs once; vertices drawn count each area's rings,
so a border between two areas is counted twice.)

## Rebuilding

\`\`\`sh
npx tsx scripts/build-geo.ts            # reads ../shared/data/reference/geo
npx vitest run src/ui/norway-map.test.ts
\`\`\`

When the municipal structure changes (as on 2024-01-01), replace the source files, re-run, and
check the rendered map and the test (it counts 357 municipalities and 15 counties).
`;
}

main();
