// The shape of src/, counted from its imports (issue 15). Run in CI by `npm run lint`; exits 1 when
// any count that must be 0 is not. `--verbose` lists every offending import.
//
// The layers (ARCHITECTURE.md):
// - the core: src/core, src/http, src/ui, src/db, src/i18n and src/config.ts — knows no feature;
// - the composition root: src/app.ts, src/main.ts, src/modules.ts and src/cli/ — reads the feature
//   manifests, imports features through their index.ts only;
// - the features: every other folder of src/; one feature imports another through its index.ts only.
// Test files (*.test.ts beside the code) may import test/ helpers and their own feature's internals;
// what they import from *other* features goes through the front door like any other code.
import fs from 'node:fs';
import path from 'node:path';
// @ts-expect-error -- plain JS shared with eslint.config.js
import * as LAYERS from '../architecture.layers.js';

const ROOT = path.resolve(process.argv.find((a) => a.startsWith('--root='))?.slice(7) ?? '.');
const SRC = path.join(ROOT, 'src');
const VERBOSE = process.argv.includes('--verbose');
const CORE = new Set(LAYERS.CORE);
const CORE_FILES = new Set(['config.ts']);
const COMPOSITION_FILES = new Set(LAYERS.COMPOSITION.files);
const COMPOSITION = new Set(LAYERS.COMPOSITION.folders);
const ALLOWED = LAYERS.FEATURES as Record<string, string[]>;

type Layer = 'core' | 'composition' | 'feature' | 'test' | 'bench' | 'outside';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (/\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);

/** The top folder under src/ a file belongs to ('' for a file at the top). */
function folderOf(file: string): string {
  const rel = path.relative(SRC, file);
  return rel.includes(path.sep) ? rel.split(path.sep)[0]! : '';
}

function layerOf(file: string): Layer {
  const relRoot = path.relative(ROOT, file);
  if (relRoot.startsWith(`test${path.sep}`)) return 'test';
  if (relRoot.startsWith(`bench${path.sep}`)) return 'bench';
  if (!relRoot.startsWith(`src${path.sep}`)) return 'outside';
  const folder = folderOf(file);
  if (folder === '') return CORE_FILES.has(path.basename(file)) ? 'core' : COMPOSITION_FILES.has(path.basename(file)) ? 'composition' : 'core';
  if (CORE.has(folder)) return 'core';
  if (COMPOSITION.has(folder)) return 'composition';
  return 'feature';
}

/** Relative module specifiers of a file: static imports and re-exports, side-effect imports, import(). */
function specifiersOf(source: string): string[] {
  const out: string[] = [];
  // Comments would otherwise count the examples written in them.
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  for (const re of [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const m of code.matchAll(re)) out.push(m[1]!);
  }
  return out.filter((s) => s.startsWith('.'));
}

function resolve(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')];
  for (const c of candidates) if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return null;
}

interface Edge {
  from: string;
  to: string;
}

const files = filesUnder(SRC);
const edges: Edge[] = [];
for (const file of files) {
  for (const spec of specifiersOf(fs.readFileSync(file, 'utf8'))) {
    const to = resolve(file, spec);
    if (to) edges.push({ from: file, to });
  }
}

const rel = (f: string) => path.relative(ROOT, f);
const show = (e: Edge) => `${rel(e.from)} → ${rel(e.to)}`;

// 1. src/ into test/ or bench/ (test files beside the code are test code themselves).
const intoTestOrBench = edges.filter((e) => !isTest(e.from) && ['test', 'bench'].includes(layerOf(e.to)));
// 2. the core into a feature or the composition root.
const coreIntoFeature = edges.filter((e) => layerOf(e.from) === 'core' && ['feature', 'composition'].includes(layerOf(e.to)));
// 3. past another feature's front door (from a feature, the composition root or a test of another feature).
const pastFront = edges.filter((e) => {
  if (layerOf(e.to) !== 'feature') return false;
  const fromLayer = layerOf(e.from);
  if (fromLayer !== 'feature' && fromLayer !== 'composition') return false;
  if (folderOf(e.from) === folderOf(e.to)) return false;
  return path.relative(path.join(SRC, folderOf(e.to)), e.to) !== 'index.ts';
});
// 3b. a feature importing one not listed for it in architecture.layers.js.
const outOfLayer = edges.filter((e) => {
  if (isTest(e.from) || layerOf(e.from) !== 'feature' || layerOf(e.to) !== 'feature') return false;
  const a = folderOf(e.from);
  const b = folderOf(e.to);
  // A feature not in the table yet is a leaf on top: it may use any listed feature, none may use it.
  return a !== b && !(a in ALLOWED ? ALLOWED[a]! : Object.keys(ALLOWED)).includes(b);
});
// 4. feature folders that import each other both ways (production code).
const featureEdges = new Map<string, Set<string>>();
for (const e of edges) {
  if (isTest(e.from) || layerOf(e.from) !== 'feature' || layerOf(e.to) !== 'feature') continue;
  const a = folderOf(e.from);
  const b = folderOf(e.to);
  if (a === b) continue;
  if (!featureEdges.has(a)) featureEdges.set(a, new Set());
  featureEdges.get(a)!.add(b);
}
const bothWays: string[] = [];
for (const [a, targets] of featureEdges) for (const b of targets) if (a < b && featureEdges.get(b)?.has(a)) bothWays.push(`${a} ↔ ${b}`);

// 5. cycles: between files (production code), and between feature folders.
function cyclesOf(graph: Map<string, Set<string>>): string[][] {
  // Tarjan's strongly connected components; a component of more than one node is a cycle.
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.has(v)) out.push(component);
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}
const fileGraph = new Map<string, Set<string>>();
for (const e of edges) {
  if (isTest(e.from) || layerOf(e.to) === 'test' || layerOf(e.to) === 'bench') continue;
  if (!fileGraph.has(e.from)) fileGraph.set(e.from, new Set());
  fileGraph.get(e.from)!.add(e.to);
}
const fileCycles = cyclesOf(fileGraph);
const featureCycles = cyclesOf(featureEdges);

// Files over 500 lines in src/ (the demo content is typed data, not code).
const LONG_EXEMPT = new Set(['src/demo/demo.content.ts']);
const long = files
  .map((f) => ({ f: rel(f), lines: fs.readFileSync(f, 'utf8').split('\n').length - 1 }))
  .filter((x) => x.lines > 500 && !LONG_EXEMPT.has(x.f.split(path.sep).join('/')));

const counts = {
  'imports from src/ into test/ or bench/': intoTestOrBench.length,
  'imports from the core into a feature': coreIntoFeature.length,
  "imports past another feature's index.ts": pastFront.length,
  'feature folders importing each other both ways': bothWays.length,
  'imports of a feature not listed for it (architecture.layers.js)': outOfLayer.length,
  'import cycles between files': fileCycles.length,
  'import cycles between features': featureCycles.length,
  'files in src/ over 500 lines': long.length,
};
const width = Math.max(...Object.keys(counts).map((k) => k.length));
for (const [k, v] of Object.entries(counts)) console.log(`${k.padEnd(width)}  ${v}`);
console.log(`(${files.length} files, ${edges.length} relative imports, ${featureEdges.size} features importing others)`);

if (VERBOSE) {
  const section = (title: string, lines: string[]) => lines.length && console.log(`\n${title}\n${lines.map((l) => `  ${l}`).join('\n')}`);
  section('into test/ or bench/:', intoTestOrBench.map(show));
  section('core into a feature:', coreIntoFeature.map(show));
  section("past another feature's index.ts:", pastFront.map(show));
  section('both ways:', bothWays);
  section('not listed for it:', outOfLayer.map(show));
  section('file cycles:', fileCycles.map((c) => c.map(rel).join(' → ')));
  section('feature cycles:', featureCycles.map((c) => c.join(' → ')));
  section('over 500 lines:', long.map((x) => `${x.f} (${x.lines})`));
}

process.exit(Object.values(counts).some((v) => v > 0) ? 1 : 0);
