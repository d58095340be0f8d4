import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Renders a whole page. preact escapes every string it is given, so user text is inert by default. */
export function renderPage(page: VNode): string {
  return '<!doctype html>' + renderToString(page);
}
