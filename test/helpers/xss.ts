import { parseDocument, DomUtils } from 'htmlparser2';
import type { AnyNode, Element } from 'domhandler';
import { XMLValidator } from 'fast-xml-parser';

/**
 * "Inert" HTML for the XSS tests: the page is parsed (htmlparser2, which knows the raw-text and
 * RCDATA elements: script, style, textarea, title) and nothing in it could run code or pull in
 * active content, except the app's own scripts. Whatever a payload did to the markup shows up here
 * as an element or attribute that should not be there.
 */

/** Attributes that take a URL (a `javascript:` one runs when followed or loaded). */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'cite', 'ping', 'lowsrc', 'dynsrc', 'codebase', 'manifest', 'icon']);
/** Elements that embed active or foreign content, or retarget the page; the app renders none of them. */
const FORBIDDEN_ELEMENTS = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'style', 'foreignobject', 'animate', 'set', 'handler', 'listener', 'math', 'portal', 'xmp', 'plaintext', 'noembed', 'isindex']);

/** `s` without control characters and spaces (U+0000–U+0020, U+007F–U+009F), which browsers drop from a URL's scheme. */
export function withoutControls(s: string): string {
  return [...s].filter((c) => {
    const n = c.codePointAt(0)!;
    return n > 0x20 && (n < 0x7f || n > 0x9f);
  }).join('');
}

/** A URL that would run script or render attacker markup when followed or loaded. */
export function isScriptUrl(value: string): boolean {
  return /^(javascript|vbscript|livescript|mocha|data):/i.test(withoutControls(value));
}

function dangerousUrl(value: string, element: string, attribute: string): boolean {
  const v = withoutControls(value).toLowerCase();
  if (/^(javascript|vbscript|livescript|mocha):/.test(v)) return true;
  if (v.startsWith('data:')) return !(element === 'img' && attribute === 'src' && /^data:image\/(png|gif|jpe?g|webp|avif);/.test(v));
  return false;
}

/** Every reason the document is not inert (empty: inert). */
export function htmlProblems(html: string): string[] {
  return analyseHtml(html).problems;
}

/**
 * One parse of a page: why it is not inert (empty: inert), and its text as the reader sees it
 * (every text node, script text aside) and every attribute value apart.
 */
export function analyseHtml(html: string, xml = false): { problems: string[]; text: string; attributes: string[] } {
  const problems: string[] = [];
  const parts: string[] = [];
  const attributes: string[] = [];
  const doc = parseDocument(html, { decodeEntities: true, xmlMode: xml });
  const visit = (nodes: AnyNode[]) => {
    for (const node of nodes) {
      if (node.type === 'comment') problems.push(`comment <!--${String((node as unknown as { data: string }).data).slice(0, 60)}-->`);
      if (node.type === 'text') parts.push((node as unknown as { data: string }).data);
      if (node.type === 'cdata') parts.push(DomUtils.textContent(node));
      if (!DomUtils.isTag(node)) continue;
      if (!xml) elementProblems(node, problems);
      // Script text is not page text (the JSON-LD block has its own escaping).
      if (node.name === 'script') continue;
      attributes.push(...Object.values(node.attribs));
      visit(node.children);
    }
  };
  visit(doc.children);
  return { problems, text: parts.join(''), attributes };
}

function describe(el: Element): string {
  const attrs = Object.entries(el.attribs)
    .map(([k, v]) => `${k}="${v.slice(0, 60)}"`)
    .join(' ');
  return `<${el.name}${attrs ? ' ' + attrs : ''}>`;
}

function elementProblems(el: Element, problems: string[]): void {
  const name = el.name.toLowerCase();
  if (name === 'script') {
    const text = DomUtils.textContent(el);
    const src = el.attribs.src;
    if (src !== undefined) {
      if (!src.startsWith('/assets/') || text.trim() !== '') problems.push(`script not the app's own: ${describe(el)}`);
    } else if (el.attribs.type === 'application/ld+json') {
      // A data block: never executed, but its text must be the JSON the app wrote (a `</script>`
      // in it would have ended it early and left the rest to the HTML parser).
      try {
        JSON.parse(text);
      } catch {
        problems.push(`JSON-LD block that is not JSON: ${text.slice(0, 120)}`);
      }
      if (/<\/?script|<!--/i.test(text)) problems.push(`JSON-LD block with markup in it: ${text.slice(0, 120)}`);
    } else problems.push(`inline script: ${describe(el)} ${text.slice(0, 80)}`);
  }
  if (FORBIDDEN_ELEMENTS.has(name)) problems.push(`forbidden element ${describe(el)}`);
  if (name === 'meta' && el.attribs['http-equiv'] !== undefined) problems.push(`meta http-equiv: ${describe(el)}`);
  if (name === 'link' && !(el.attribs.href ?? '').startsWith('/')) problems.push(`link to elsewhere: ${describe(el)}`);
  for (const [attr, value] of Object.entries(el.attribs)) {
    const a = attr.toLowerCase();
    if (a.startsWith('on')) problems.push(`event handler attribute ${a}: ${describe(el)}`);
    if (a === 'srcdoc') problems.push(`attribute ${a}: ${describe(el)}`);
    if (URL_ATTRIBUTES.has(a) && dangerousUrl(value, name, a)) problems.push(`script URL in ${a}: ${describe(el)}`);
    if (a === 'style' && /expression\s*\(|javascript:|url\s*\(|behavior\s*:|-moz-binding/i.test(value)) problems.push(`active style: ${describe(el)}`);
    if (a.includes('"') || a.includes("'") || a.includes('<') || a.includes('/')) problems.push(`broken attribute name ${a}: ${describe(el)}`);
  }
}

/** The document's text, as the reader sees it: every text node, and every attribute value apart. */
export function textsOf(markup: string, xml = false): { text: string; attributes: string[] } {
  const { text, attributes } = analyseHtml(markup, xml);
  return { text, attributes };
}

/** Problems of an Atom or sitemap document: well-formed XML, and any HTML it carries for readers inert. */
export function xmlProblems(xml: string): string[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return [`not well-formed XML: ${JSON.stringify(valid.err)}`];
  const problems: string[] = [];
  const doc = parseDocument(xml, { xmlMode: true, decodeEntities: true });
  for (const el of DomUtils.findAll(() => true, doc.children)) {
    const name = el.name.toLowerCase();
    if (name === 'script' || name.endsWith(':script')) problems.push(`script element in XML: ${describe(el)}`);
    for (const [attr, value] of Object.entries(el.attribs)) {
      if (attr.toLowerCase().startsWith('on')) problems.push(`event handler attribute in XML: ${describe(el)}`);
      if (URL_ATTRIBUTES.has(attr.toLowerCase()) && dangerousUrl(value, name, attr)) problems.push(`script URL in XML: ${describe(el)}`);
    }
    // Atom text constructs: type="html" is markup a feed reader renders, type="xhtml" is markup inline.
    const type = el.attribs.type;
    if (type === 'html') problems.push(...htmlProblems(DomUtils.textContent(el)).map((p) => `in <${el.name} type="html">: ${p}`));
    if (type === 'xhtml') {
      const inner = el.children.map((c) => DomUtils.getOuterHTML(c, { xmlMode: true })).join('');
      problems.push(...htmlProblems(inner).map((p) => `in <${el.name} type="xhtml">: ${p}`));
    }
  }
  return problems;
}

/** A form on a page, as a browser would submit it untouched. */
export interface PageForm {
  action: string;
  method: string;
  /** Every successful control with its default value (checked boxes, selected options, hidden fields …). */
  defaults: [string, string][];
  /** Named controls and their kinds: text, email, url, date, number, hidden, textarea, select, radio, checkbox, password … */
  controls: Map<string, { kind: string; options: string[] }>;
}

/** The forms of a page. */
export function formsOf(html: string): PageForm[] {
  const doc = parseDocument(html, { decodeEntities: true });
  return DomUtils.findAll((el) => el.name === 'form', doc.children).map((form) => {
    const defaults: [string, string][] = [];
    const controls = new Map<string, { kind: string; options: string[] }>();
    const note = (name: string, kind: string, option?: string) => {
      const c = controls.get(name) ?? { kind, options: [] };
      if (option !== undefined) c.options.push(option);
      controls.set(name, c);
    };
    for (const el of DomUtils.findAll((e) => ['input', 'textarea', 'select', 'button'].includes(e.name), form.children)) {
      const name = el.attribs.name;
      if (!name || el.attribs.disabled !== undefined) continue;
      if (el.name === 'textarea') {
        note(name, 'textarea');
        defaults.push([name, DomUtils.textContent(el).replace(/^\n/, '')]);
      } else if (el.name === 'select') {
        const options = DomUtils.findAll((e) => e.name === 'option', el.children);
        for (const o of options) note(name, 'select', o.attribs.value ?? DomUtils.textContent(o));
        const chosen = options.filter((o) => o.attribs.selected !== undefined);
        for (const o of chosen.length ? chosen : options.slice(0, 1)) defaults.push([name, o.attribs.value ?? DomUtils.textContent(o)]);
        if (options.length === 0) note(name, 'select');
      } else if (el.name === 'button') {
        note(name, 'button', el.attribs.value ?? '');
      } else {
        const type = (el.attribs.type ?? 'text').toLowerCase();
        if (type === 'submit' || type === 'image' || type === 'reset' || type === 'file') {
          note(name, type, el.attribs.value ?? '');
          continue;
        }
        note(name, type, type === 'radio' || type === 'checkbox' ? (el.attribs.value ?? 'on') : undefined);
        if ((type === 'radio' || type === 'checkbox') && el.attribs.checked === undefined) continue;
        defaults.push([name, el.attribs.value ?? (type === 'checkbox' || type === 'radio' ? 'on' : '')]);
      }
    }
    return { action: form.attribs.action ?? '', method: (form.attribs.method ?? 'get').toLowerCase(), defaults, controls };
  });
}

/** The names of the fields a re-rendered form marks as wrong (aria-invalid, or named in the error summary). */
export function invalidFields(html: string, fieldNames: string[]): string[] {
  const doc = parseDocument(html, { decodeEntities: true });
  const out = new Set<string>();
  for (const el of DomUtils.findAll((e) => e.attribs['aria-invalid'] === 'true', doc.children)) if (el.attribs.name) out.add(el.attribs.name);
  const byId = new Map(fieldNames.map((n) => [`field-${n.replace(/[^A-Za-z0-9_-]/g, '-')}`, n]));
  for (const a of DomUtils.findAll((e) => e.name === 'a' && (e.attribs.href ?? '').startsWith('#field-'), doc.children)) {
    const id = a.attribs.href!.slice(1);
    const exact = byId.get(id);
    if (exact) out.add(exact);
    // A group's error (e.g. `#field-types`) names the group; its controls are named `types`.
    else for (const [fid, n] of byId) if (fid.startsWith(id + '-') || id.startsWith(fid + '-')) out.add(n);
  }
  return [...out];
}

/**
 * The payload corpus: each would run script, load active content or break out of its context if a
 * page put it out unescaped (or unescaped it twice). Each holds `alert(N)` with its own N.
 */
export const PAYLOADS: readonly string[] = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "'><svg onload=alert(3)>",
  '</textarea></title></style><script>alert(4)</script>',
  'javascript:alert(5)',
  '<a href="javascript:alert(6)">x</a> [x](javascript:alert(6)) ![y](javascript:alert(6))',
  "{{constructor.constructor('alert(7)')()}} ${alert(7)} <%= alert(7) %> #{alert(7)}",
  '<iframe srcdoc="<script>alert(8)</script>"></iframe><object data="javascript:alert(8)"></object><embed src="javascript:alert(8)">',
  '--><script>alert(9)</script><!--',
  '<div style="width:expression(alert(10));background:url(javascript:alert(10))">x</div>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=',
  '<scr\u0000ipt>alert(12)</script>\u0000<img src=x one\u0000rror=alert(12)>',
  '\uFF1Cscript\uFF1Ealert(13)\uFF1C/script\uFF1E \u202E<svg/onload=alert(13)> \u00ABscript\u00BB',
  '<svg><script>alert&#40;14&#41;</script></svg> &lt;script&gt;alert(14)&lt;/script&gt;',
  '<math><mtext></p><style><img src=x onerror=alert(15)></style></mtext></math>',
  '" autofocus onfocus="alert(16)',
  "' onmouseover='alert(17)' x='",
  '<meta http-equiv="refresh" content="0;url=javascript:alert(18)"><base href="//evil.example/"><form action="javascript:alert(18)"><button formaction="javascript:alert(18)">x</button></form>',
  ']]><script>alert(19)</script><![CDATA[ \u2028\u2029</script><script>alert(19)</script>',
  // Valid input for the loose checks: an e-mail address and an http URL.
  '<img/src/onerror=alert(20)>@example.no',
  'https://example.no/"><script>alert(21)</script>',
];

/** Markup a payload could only have produced unescaped (a quick first look before the parse). */
export const LIVE_MARKUP = [/<script>alert\(/i, /<img src=x onerror/i, /<svg onload/i, /<iframe srcdoc/i, /<a href="javascript:alert/i, /<svg\/onload/i, /<img\/src\/onerror/i];

/** One string field of a JSON schema (a path like `links.[].url`), free text or constrained. */
export interface SchemaLeaf {
  path: string;
  /** `text`: any string up to maxLength; `constrained`: an enum, const, pattern or format decides. */
  kind: 'text' | 'constrained' | 'other';
  maxLength?: number;
  format?: string;
}

type Schema = Record<string, unknown>;

function stringKind(s: Schema): SchemaLeaf | undefined {
  const types = [s.type].flat().filter((t) => t !== 'null');
  if (s.const !== undefined || s.enum !== undefined) return { path: '', kind: 'constrained' };
  if (types.length === 1 && types[0] === 'string') {
    const constrained = s.pattern !== undefined || s.format !== undefined;
    return { path: '', kind: constrained ? 'constrained' : 'text', ...(typeof s.maxLength === 'number' ? { maxLength: s.maxLength } : {}), ...(typeof s.format === 'string' ? { format: s.format } : {}) };
  }
  return undefined;
}

/**
 * The leaves of a body or query schema. `any` when the schema takes any field name (a form posted
 * as a record): then the form on the page says what the fields are.
 */
export function schemaLeaves(schema: unknown, path = ''): SchemaLeaf[] | 'any' {
  if (!schema || typeof schema !== 'object') return [];
  const s = schema as Schema;
  const join = (p: string) => (path ? `${path}.${p}` : p);
  if (Array.isArray(s.allOf)) {
    const parts = (s.allOf as unknown[]).map((x) => schemaLeaves(x, path));
    return parts.includes('any') ? 'any' : (parts as SchemaLeaf[][]).flat();
  }
  if (Array.isArray(s.anyOf)) {
    const branches = (s.anyOf as Schema[]).filter((b) => b.type !== 'null');
    if (branches.some((b) => b.type === 'object' || b.type === 'array')) {
      const parts = branches.map((x) => schemaLeaves(x, path));
      return parts.includes('any') ? 'any' : (parts as SchemaLeaf[][]).flat();
    }
    const kinds = branches.map(stringKind);
    if (kinds.every((k) => k?.kind === 'constrained')) return [{ path, kind: 'constrained' }];
    const text = kinds.find((k) => k?.kind === 'text');
    return [text ? { ...text, path } : { path, kind: 'other' }];
  }
  if (s.patternProperties) return 'any';
  const types = [s.type].flat().filter((t) => t !== 'null');
  if (types.includes('object') || s.properties) {
    const out: SchemaLeaf[] = [];
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, unknown>)) {
      const sub = schemaLeaves(v, join(k));
      if (sub === 'any') return 'any';
      out.push(...sub);
    }
    return out;
  }
  if (types.includes('array')) return schemaLeaves(s.items, join('[]'));
  const leaf = stringKind(s);
  return [leaf ? { ...leaf, path } : { path, kind: 'other' }];
}

/** Sets `value` at a leaf path (`links.[].url` is links[0].url), making the objects and arrays on the way. */
export function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Record<string, unknown> | unknown[] = target;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const key: string | number = part === '[]' ? 0 : part;
    const holder = node as Record<string | number, unknown>;
    if (last) {
      holder[key] = value;
      return;
    }
    const nextIsArray = parts[i + 1] === '[]';
    const existing = holder[key];
    if (nextIsArray ? !Array.isArray(existing) : typeof existing !== 'object' || existing === null) holder[key] = nextIsArray ? [] : {};
    else if (Array.isArray(existing)) holder[key] = [...(existing as unknown[])];
    else holder[key] = { ...(existing as object) };
    node = holder[key] as Record<string, unknown>;
  });
}

/** Text as compared: NUL and line separators dropped, white space collapsed, case folded, NFC. */
export function normaliseText(s: string): string {
  return s
    .normalize('NFC')
    .replaceAll('\u0000', '')
    .replace(/[\u2028\u2029]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
