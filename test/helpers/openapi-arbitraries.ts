import fc from 'fast-check';

/**
 * fast-check arbitraries derived from an OpenAPI 3.0 document: valid values from each operation's
 * parameter and body schemas (types, enums, formats, lengths, ranges, patterns), and invalid ones
 * made by mutating a valid value in one place. An invalid value says whether schema validation
 * *must* refuse it (`certain`) under the app's Ajv settings (coerceTypes: 'array', useDefaults,
 * removeAdditional), so a test may demand a 400 that names the field.
 */

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
  description?: string;
}

export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
  description?: string;
}

interface OperationObject {
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface Operation {
  /** `METHOD /path/{param}` as in the document. */
  key: string;
  method: string;
  path: string;
  pathParams: ParameterObject[];
  queryParams: ParameterObject[];
  body?: { required: boolean; contentTypes: string[]; schema: JsonSchema };
  /** Documented media types per status code (`200`, `4XX` …). */
  responses: Record<string, string[]>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/** Every operation (path × method) in the document. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const params = op.parameters ?? [];
      const bodyContent = op.requestBody?.content ?? {};
      const bodySchema = Object.values(bodyContent)[0]?.schema;
      ops.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        body: op.requestBody ? { required: !!op.requestBody.required, contentTypes: Object.keys(bodyContent), schema: bodySchema ?? {} } : undefined,
        responses: Object.fromEntries(Object.entries(op.responses ?? {}).map(([code, r]) => [code, Object.keys(r.content ?? {})])),
      });
    }
  }
  return ops;
}

/** Domain knowledge a schema cannot carry (real orgnrs, theme URIs, ids): `name` is the property or parameter, `name[]` an array's items. */
export type Hints = (name: string, schema: JsonSchema) => fc.Arbitrary<unknown> | undefined;

export interface ArbitraryOptions {
  doc: OpenApiDocument;
  hints?: Hints;
  /** Longest generated text for unbounded strings (default 40). */
  textLength?: number;
  /**
   * Plausible values only (hints where there are any, plain words, at least one item in arrays):
   * valid input that also passes the services' own rules and so reaches deeper.
   */
  clean?: boolean;
}

/** A value that breaks the schema somewhere; `path` is where, `certain` whether validation must refuse it. */
export interface Invalid {
  value: unknown;
  path: (string | number)[];
  certain: boolean;
  why: string;
}

/** Strings that have broken web apps before: SQL and HTML metacharacters, NUL, lone surrogates, bidi marks, emoji. */
export const HOSTILE_STRINGS: readonly string[] = [
  "'; DROP TABLE cases; --",
  "' OR '1'='1",
  '" OR ""="',
  "1' AND pg_sleep(5)--",
  '\\',
  '%',
  '_%_',
  "''",
  'a & b | !c <-> d:*',
  '!!!',
  '(',
  ')',
  '"',
  '"unterminated phrase',
  '-',
  '- - -',
  '*',
  ':*',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
  '../../../etc/passwd',
  '%2e%2e%2f',
  '%00',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uDBFF\uDBFF',
  '\u202Eevil\u202C',
  '\u200F\u200E\u200B\uFEFF',
  '😀👩‍👩‍👧‍👦🇳🇴',
  'ÆØÅ æøå Čáđŋšŧž',
  'ﷺ',
  'Ω≈ç√∫˜µ≤≥÷',
  'e\u0301\u0301\u0301',
  '\r\nSet-Cookie: x=1',
  '\t\n\r',
  ' ',
  '',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9223372036854775808',
  '0x1F',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
];

const PLAIN_WORDS = ['Digital innbyggerdialog i skolen', 'Færre fall blant hjemmeboende eldre', 'velferdsteknologi', 'skole', 'helse og omsorg', 'Ås, Bø og Å', 'Et forsøk med ny arbeidsform'];

function deref(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; s.$ref && i < 10; i++) {
    const name = s.$ref.replace(/^#\/components\/schemas\//, '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolved $ref ${s.$ref}`);
    s = target;
  }
  return s;
}

/** Code points, as JSON Schema's minLength/maxLength count them. */
const codePoints = (s: string) => [...s].length;

function typesOf(s: JsonSchema): string[] {
  if (s.type === undefined) return [];
  return Array.isArray(s.type) ? s.type : [s.type];
}

/** The enum values of a schema made only of enums (TypeBox unions of literals), else undefined. */
export function enumValues(doc: OpenApiDocument, schema: JsonSchema): unknown[] | undefined {
  const s = deref(doc, schema);
  if (s.enum) return s.nullable ? [...s.enum, null] : s.enum;
  const branches = s.anyOf ?? s.oneOf;
  if (!branches) return undefined;
  const all: unknown[] = [];
  for (const b of branches) {
    const v = enumValues(doc, b);
    if (!v) return undefined;
    all.push(...v);
  }
  return all;
}

/** `a, b, c` lists and dates given in a field's description (the API documents free-text codes this way). */
function fromDescription(description: string | undefined, near = false): fc.Arbitrary<string> | undefined {
  if (!description) return undefined;
  if (/YYYY-MM-DD/.test(description)) return isoDate(near);
  for (const segment of description.split(/[;:()→]/)) {
    const m = /([a-z0-9_+-]+(?:, (?:or )?[a-z0-9_+-]+)+)\s*$/.exec(segment);
    if (m?.[1]) return fc.constantFrom(...m[1].split(/, (?:or )?/));
  }
  return undefined;
}

function isoDate(near = false): fc.Arbitrary<string> {
  // Near today (plain values): services check dates against today and each other.
  const [min, max] = near ? [Date.now() - 40 * 86_400_000, Date.now() + 40 * 86_400_000] : [Date.parse('1990-01-01'), Date.parse('2040-12-31')];
  return fc.date({ min: new Date(min), max: new Date(max), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
}

function lengthOk(s: string, schema: JsonSchema): boolean {
  const n = codePoints(s);
  return n >= (schema.minLength ?? 0) && n <= (schema.maxLength ?? Infinity);
}

function validString(s: JsonSchema, opts: ArbitraryOptions, description?: string): fc.Arbitrary<string> {
  const fits = (arb: fc.Arbitrary<string>) => arb.filter((v) => lengthOk(v, s));
  if (s.pattern) {
    const re = new RegExp(s.pattern, 'u');
    return fits(fc.stringMatching(re));
  }
  switch (s.format) {
    case 'date':
      return isoDate(opts.clean);
    case 'date-time':
      return fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'uri':
    case 'url':
      return fits(fc.webUrl());
    case 'email':
      return fits(fc.emailAddress());
    case 'uuid':
      return fc.uuid();
  }
  const described = fromDescription(s.description ?? description, opts.clean);
  if (opts.clean) return described ?? fits(fc.constantFrom(...PLAIN_WORDS).filter((w) => lengthOk(w, s)));
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 10_000, Math.max(min, opts.textLength ?? 40));
  const texts: fc.Arbitrary<string>[] = [
    fc.string({ minLength: min, maxLength: max, unit: 'grapheme-ascii' }),
    fits(fc.string({ minLength: min, maxLength: max, unit: 'grapheme' })),
    fits(fc.string({ minLength: min, maxLength: max, unit: 'binary' })),
    fits(fc.constantFrom(...HOSTILE_STRINGS)),
    fits(fc.constantFrom(...PLAIN_WORDS)),
  ];
  // The longest value the schema allows, in ASCII and in two-byte letters.
  if (s.maxLength !== undefined && s.maxLength <= 20_000 && s.maxLength >= min) texts.push(fc.constantFrom('x'.repeat(s.maxLength), 'ø'.repeat(s.maxLength)));
  return described ? fc.oneof({ arbitrary: described, weight: 6 }, ...texts.map((arbitrary) => ({ arbitrary, weight: 1 }))) : fc.oneof(...texts);
}

/** Values the schema accepts (with `hints` mixed in for named fields). */
export function validArbitrary(schema: JsonSchema, name: string, opts: ArbitraryOptions, description?: string): fc.Arbitrary<unknown> {
  return memo(schema, `valid ${name} ${opts.clean ? 'clean' : ''} ${description ?? ''}`, opts, () => buildValid(schema, name, opts, description));
}

/**
 * Arbitraries are built once per schema, name and options: building is far dearer than drawing
 * (a `stringMatching` parses its pattern), and mutations build them for every value drawn.
 */
const memos = new WeakMap<ArbitraryOptions, WeakMap<JsonSchema, Map<string, fc.Arbitrary<unknown>>>>();
function memo<T>(schema: JsonSchema, key: string, opts: ArbitraryOptions, build: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  let bySchema = memos.get(opts);
  if (!bySchema) memos.set(opts, (bySchema = new WeakMap()));
  let byKey = bySchema.get(schema);
  if (!byKey) bySchema.set(schema, (byKey = new Map()));
  let arb = byKey.get(key) as fc.Arbitrary<T> | undefined;
  if (!arb) byKey.set(key, (arb = build()));
  return arb;
}

function buildValid(schema: JsonSchema, name: string, opts: ArbitraryOptions, description?: string): fc.Arbitrary<unknown> {
  const s = deref(opts.doc, schema);
  // A hint is for what the schema leaves open: never instead of an enum.
  const hinted = enumValues(opts.doc, s) || fromDescription(s.description ?? description) ? undefined : opts.hints?.(name, s);
  if (hinted && opts.clean) return hinted;
  const base = genericValid(s, name, opts, description);
  const withHint = hinted ? fc.oneof({ arbitrary: hinted, weight: 4 }, { arbitrary: base, weight: 1 }) : base;
  return s.nullable && !s.enum ? fc.oneof({ arbitrary: withHint, weight: 6 }, { arbitrary: fc.constant(null), weight: 1 }) : withHint;
}

function genericValid(s: JsonSchema, name: string, opts: ArbitraryOptions, description?: string): fc.Arbitrary<unknown> {
  if (s.enum) return fc.constantFrom(...s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return fc.oneof(...branches.map((b) => validArbitrary(b, name, opts, s.description ?? description)));
  if (s.allOf?.[0]) return validArbitrary(s.allOf[0], name, opts, description);
  const types = typesOf(s);
  if (types.length > 1) return fc.oneof(...types.map((type) => genericValid({ ...s, type }, name, opts, description)));
  switch (types[0]) {
    case 'string':
      return validString(s, opts, description);
    case 'integer': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1_000_000);
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1_000_000_000);
      if (opts.clean) return fc.integer({ min: Math.max(min, 0), max: Math.max(Math.min(max, 100_000), min) });
      return fc.oneof({ arbitrary: fc.integer({ min, max }), weight: 4 }, { arbitrary: fc.constantFrom(min, max), weight: 1 });
    }
    case 'number': {
      const min = s.minimum ?? -1e9;
      const max = s.maximum ?? 1e12;
      return fc.oneof(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(min, max, 0));
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = s.items ?? {};
      const hintedArray = opts.hints?.(name, s);
      const arr = fc.array(validArbitrary(items, `${name}[]`, opts, s.description ?? description), {
        minLength: Math.max(s.minItems ?? 0, opts.clean ? 1 : 0),
        maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 4, 4)),
      });
      return hintedArray ? fc.oneof(hintedArray, arr) : arr;
    }
    case 'object':
    case undefined: {
      if (!s.properties) return types[0] === 'object' ? fc.constant({}) : fc.anything();
      const required = s.required ?? [];
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, prop] of Object.entries(s.properties)) model[key] = validArbitrary(prop, key, opts);
      return fc.record(model, { requiredKeys: required.filter((k) => k in model) });
    }
    default:
      return fc.anything();
  }
}

/** True when Ajv with coerceTypes could turn `value` into something of the schema's type. */
function coercible(value: unknown, s: JsonSchema): boolean {
  const types = typesOf(s);
  if (types.length === 0) return true;
  // An array for an array (its items may be coerced in turn) is not a wrong type.
  if (Array.isArray(value) && types.includes('array')) return true;
  const isScalar = value === null || ['string', 'number', 'boolean'].includes(typeof value);
  const scalarOf = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (!isScalar && !(Array.isArray(value) && value.length === 1)) return types.includes('object') && typeof value === 'object' && !Array.isArray(value);
  return types.some((t) => {
    if (t === 'string') return scalarOf === null || typeof scalarOf !== 'object';
    // Ajv coerces a string when `data == +data` (so ' 1' and '0x1F' are numbers to it).
    if (t === 'number') return scalarOf === null || typeof scalarOf === 'boolean' || typeof scalarOf === 'number' || (typeof scalarOf === 'string' && scalarOf !== '' && !Number.isNaN(Number(scalarOf)));
    // (Infinity passes Ajv's integer check unless strictNumbers is on: counted as coercible.)
    if (t === 'integer') return scalarOf === null || typeof scalarOf === 'boolean' || (typeof scalarOf === 'number' && Number.isInteger(scalarOf)) || (typeof scalarOf === 'string' && scalarOf !== '' && (Number.isInteger(Number(scalarOf)) || Math.abs(Number(scalarOf)) === Infinity));
    if (t === 'boolean') return scalarOf === null || typeof scalarOf === 'boolean' || ['true', 'false', 0, 1].includes(scalarOf as never);
    if (t === 'null') return scalarOf === null || scalarOf === '' || scalarOf === 0 || scalarOf === false;
    if (t === 'array') return true;
    return false;
  });
}

/** Invalid replacements for a value of schema `s`, each marked certain when Ajv must refuse it. */
function invalidLeaf(s: JsonSchema, opts: ArbitraryOptions, inQuery: boolean): fc.Arbitrary<Omit<Invalid, 'path'>> {
  return memo(s, `invalid ${inQuery}`, opts, () => buildInvalidLeaf(s, opts, inQuery));
}

function buildInvalidLeaf(s: JsonSchema, opts: ArbitraryOptions, inQuery: boolean): fc.Arbitrary<Omit<Invalid, 'path'>> {
  const out: fc.Arbitrary<Omit<Invalid, 'path'>>[] = [];
  const enums = enumValues(opts.doc, s);
  const nullable = !!s.nullable || (enums?.includes(null) ?? false) || (s.anyOf ?? []).some((b) => typesOf(b).includes('null'));
  const types = s.anyOf ? [...new Set(s.anyOf.flatMap((b) => typesOf(deref(opts.doc, b))))] : typesOf(s);
  const isString = types.length === 1 && types[0] === 'string';
  const isNumber = types.length === 1 && (types[0] === 'integer' || types[0] === 'number');
  const mk = (value: unknown, why: string, certain: boolean) => ({ value, why, certain });
  // Ajv may coerce '', 0 and false to null where null is allowed.
  const wrong = (value: unknown, why: string) => mk(value, why, !coercible(value, s) && !(nullable && [null, '', 0, false].includes(value as never)));

  if (enums) {
    // '' becomes null where null is one of the values.
    const refused = (v: string) => !(nullable && v === '');
    out.push(fc.string({ maxLength: 12 }).filter((v) => !enums.includes(v) && !enums.some((e) => String(e) === v)).map((v) => mk(v, 'not one of the enum', refused(v))));
    out.push(fc.constantFrom(...HOSTILE_STRINGS).filter((v) => !enums.includes(v)).map((v) => mk(v, 'hostile string for an enum', refused(v))));
  }
  if (isString && !enums) {
    if (s.maxLength !== undefined) {
      const max = s.maxLength;
      out.push(fc.integer({ min: 1, max: 50 }).chain((extra) => fc.constantFrom('x', 'ø', '😀').map((c) => mk(c.repeat(max + extra), `${max + extra} characters (maxLength ${max})`, true))));
      // Within maxLength in code points but twice as long in UTF-16 units and four times in bytes.
      out.push(fc.constant(mk('😀'.repeat(max), `${max} emoji (maxLength ${max}, valid by code points)`, false)));
    }
    if ((s.minLength ?? 0) > 0) out.push(fc.constant(mk('', `empty (minLength ${s.minLength})`, true)));
    if (s.pattern) {
      const re = new RegExp(s.pattern, 'u');
      out.push(
        fc
          .oneof(
            fc.constantFrom(...HOSTILE_STRINGS),
            fc.string({ maxLength: 30 }),
            fc.string({ maxLength: 30, unit: 'binary' }),
            fc.constantFrom('1'.repeat(19), '99999999999999999999999', '-1', '1.5', '1e3', ' 1', '1 ', '0x10', 'abc', '1/2', '..', '123456789a', '12345678', '1234567890', '00000000-0000-0000-0000-000000000000', '१२३'),
          )
          .filter((v) => !re.test(v))
          .map((v) => mk(v, `does not match ${s.pattern}`, true)),
      );
    }
    if (s.format === 'date') out.push(fc.constantFrom('2025-02-30', '2025-13-01', '01.02.2025', '2025-1-1', 'yesterday', '20250101', '2025-01-01T00:00:00Z', '0000-00-00', '+275760-09-13').map((v) => mk(v, 'not a date', true)));
    if (s.format === 'uri') out.push(fc.constantFrom('not a url', 'http//x', '::::', 'javascript alert').map((v) => mk(v, 'not a uri', true)));
  }
  if (isNumber) {
    const min = s.minimum;
    const max = s.maximum;
    if (min !== undefined) out.push(fc.integer({ min: 1, max: 1_000_000 }).map((d) => mk(inQuery ? String(min - d) : min - d, `below minimum ${min}`, true)));
    if (max !== undefined) out.push(fc.integer({ min: 1, max: 1_000_000 }).map((d) => mk(inQuery ? String(max + d) : max + d, `above maximum ${max}`, true)));
    const huge = ['1e308', '9007199254740993', '99999999999999999999999999'];
    out.push(fc.constantFrom(...huge).map((v) => mk(inQuery ? v : Number(v), 'huge number', max !== undefined && Number(v) > max)));
    if (types[0] === 'integer') out.push(fc.constantFrom(1.5, -0.25, 3.14159).map((v) => mk(inQuery ? String(v) : v, 'fraction for an integer', true)));
    out.push(fc.constantFrom('abc', 'NaN', 'Infinity', '-Infinity', '1e400', '1,5', '', ' ', '1e', '--1', '0x1F').map((v) => wrong(v, 'text for a number')));
  }
  if (!inQuery) {
    out.push(fc.constantFrom<unknown>({}, { a: 1 }, [1, 2], [], ['x', 'y'], true, false, 0, -1, 1.5, 'x', null, [[]], { $gt: '' }).map((v) => wrong(v, `wrong type ${JSON.stringify(v)}`)));
  } else {
    out.push(fc.constantFrom(...HOSTILE_STRINGS).map((v) => wrong(v, 'hostile string')));
  }
  if (out.length === 0) out.push(fc.constantFrom<unknown>({}, [1, 2], 'x').map((v) => wrong(v, 'wrong type')));
  return fc.oneof(...out);
}

/**
 * A valid body with one thing wrong: a property (at any depth) replaced, a required property
 * dropped, an unknown property added, an array given too many items, or the whole body of the
 * wrong type. `value` is the whole body; `path` is where it is wrong.
 */
export function invalidBodyArbitrary(schema: JsonSchema, opts: ArbitraryOptions): fc.Arbitrary<Invalid> {
  const s = deref(opts.doc, schema);
  const isObject = typesOf(s).includes('object') || !!s.properties;
  return validArbitrary(s, 'body', opts).chain((valid) => {
    const choices: fc.Arbitrary<Invalid>[] = [
      // A JSON null body is not validated as an object by every stack: not marked certain.
      fc.constantFrom<unknown>([], [valid], 'body', 42, true, null).map((value) => ({ value, path: [], certain: isObject && value !== null, why: `body replaced by ${JSON.stringify(value).slice(0, 40)}` })),
    ];
    if (valid && typeof valid === 'object' && !Array.isArray(valid)) {
      choices.push(
        fc
          .tuple(fc.constantFrom('__proto__x', 'isAdmin', 'id', 'ownerId', 'createdAt', 'extra'), fc.anything({ maxDepth: 1 }))
          .map(([k, v]) => ({ value: { ...valid, [k]: v }, path: [k], certain: false, why: `unknown property ${k}` })),
      );
    }
    // Spots are built lazily: a case body has a hundred of them and only one is used.
    const spots = mutationSpots(s, valid, [], opts);
    if (spots.length) choices.push(fc.integer({ min: 0, max: spots.length - 1 }).chain((i) => spots[i]!()));
    return fc.oneof(...choices);
  });
}

function getAt(root: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), root);
}

/** A copy of `root` with the value at `path` replaced (or removed). */
function setAt(root: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, unknown>;
  if (rest.length === 0 && remove) delete copy[head];
  else copy[head] = setAt(copy[head], rest, value, remove);
  return copy;
}

/** Every place in `root` (at `path`, described by `schema`) where one thing can be made wrong. */
function mutationSpots(schema: JsonSchema, root: unknown, path: (string | number)[], opts: ArbitraryOptions): (() => fc.Arbitrary<Invalid>)[] {
  const s = deref(opts.doc, schema);
  const value = getAt(root, path);
  const spots: (() => fc.Arbitrary<Invalid>)[] = [];
  const leaf = (at: (string | number)[], leafSchema: JsonSchema) => () =>
    invalidLeaf(deref(opts.doc, leafSchema), opts, false).map((inv) => ({ ...inv, value: setAt(root, at, inv.value), path: at }));
  if (s.properties && value && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of s.required ?? []) {
      const prop = s.properties[key];
      // Ajv fills in defaults (useDefaults), so only a required property without one must be refused.
      if (prop && key in value && deref(opts.doc, prop).default === undefined) {
        spots.push(() => fc.constant({ value: setAt(root, [...path, key], undefined, true), path: [...path, key], certain: true, why: `required ${key} left out` }));
      }
    }
    for (const [key, prop] of Object.entries(s.properties)) {
      spots.push(leaf([...path, key], prop));
      if (key in value) spots.push(...mutationSpots(prop, root, [...path, key], opts));
    }
  }
  if (typesOf(s).includes('array') && Array.isArray(value)) {
    const maxItems = s.maxItems;
    if (maxItems !== undefined && maxItems <= 2000 && value.length > 0) {
      const filled = () => Array.from({ length: maxItems + 1 }, (_, i) => value[i % value.length]);
      spots.push(() => fc.constant({ value: setAt(root, path, filled()), path, certain: true, why: `${maxItems + 1} items (maxItems ${maxItems})` }));
    }
    if (s.items) {
      const items = s.items;
      value.forEach((_, i) => {
        spots.push(leaf([...path, i], items));
        spots.push(...mutationSpots(items, root, [...path, i], opts));
      });
    }
  }
  return spots;
}

/**
 * Invalid values for one parameter (query or path: strings on the wire). An array parameter's
 * value is an array (one query pair per item).
 */
export function invalidParamArbitrary(param: ParameterObject, opts: ArbitraryOptions): fc.Arbitrary<Omit<Invalid, 'path'>> {
  const s = deref(opts.doc, param.schema);
  if (typesOf(s).includes('array') && s.items) {
    const items = deref(opts.doc, s.items);
    const choices: fc.Arbitrary<Omit<Invalid, 'path'>>[] = [invalidLeaf(items, opts, true).map((inv) => ({ ...inv, value: [inv.value] }))];
    if (s.maxItems !== undefined) {
      const maxItems = s.maxItems;
      choices.push(validArbitrary(items, `${param.name}[]`, opts).map((v) => ({ value: Array.from({ length: maxItems + 1 }, () => v), certain: true, why: `${maxItems + 1} values (maxItems ${maxItems})` })));
    }
    return fc.oneof(...choices);
  }
  return fc.oneof(
    { arbitrary: invalidLeaf(s, opts, true), weight: 4 },
    // A scalar parameter given twice arrives as an array of two, which no coercion makes a scalar.
    { arbitrary: validArbitrary(s, param.name, opts).map((v) => ({ value: [v, v], certain: true, why: 'given twice' })), weight: 1 },
  );
}
