import { describe, expect, it } from 'vitest';
import { snippetHtml } from './search.service.js';

describe('search snippets', () => {
  it('marks the matched words and escapes the rest', () => {
    expect(snippetHtml('Digital \u0002skolevei\u0003 for <alle>')).toBe('Digital <mark>skolevei</mark> for &lt;alle&gt;');
  });

  it('leaves no element open and no stray end tag when the text itself holds the marker characters', () => {
    expect(snippetHtml('a\u0003 b \u0002c\u0002 d')).toBe('a b <mark>c d</mark>');
    expect(snippetHtml('\u0002\u0002x\u0003\u0003')).toBe('<mark>x</mark>');
    expect(snippetHtml(null)).toBeNull();
  });
});
