import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Renders a whole page. preact escapes every string it is given, so user text is inert by default. */
export function renderPage(page: VNode): string {
  return '<!doctype html>' + renderToString(page);
}

/** Escapes text for HTML built by hand (e-mail bodies, search snippets); pages use JSX instead. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
