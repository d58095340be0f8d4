import { describe, expect, it } from 'vitest';
import { renderToString } from 'preact-render-to-string';
import { Button, Heading, Link, Paragraph } from './ds.js';

describe('design-system components', () => {
  it('write the markup Designsystemet styles, with the page\'s own attributes kept', () => {
    expect(renderToString(<Heading level={2} size="sm" id="x">Tittel</Heading>)).toBe('<h2 class="ds-heading" data-size="sm" id="x">Tittel</h2>');
    expect(renderToString(<Paragraph variant="long">Tekst</Paragraph>)).toBe('<p class="ds-paragraph" data-variant="long">Tekst</p>');
    expect(renderToString(<Link href="/cases">Saker</Link>)).toBe('<a class="ds-link" href="/cases">Saker</a>');
    expect(renderToString(<Button>Lagre</Button>)).toBe('<button type="submit" class="ds-button" data-variant="primary">Lagre</button>');
  });

  it('escapes what it is given', () => {
    expect(renderToString(<Paragraph>{'<script>'}</Paragraph>)).toBe('<p class="ds-paragraph">&lt;script></p>');
  });
});
