import type { AnchorHTMLAttributes, ButtonHTMLAttributes, ComponentChildren, HeadingHTMLAttributes, HTMLAttributes } from 'preact';

/**
 * Designsystemet's markup as components, so pages say what a thing is (a heading, a paragraph, a
 * link) and the class names and data attributes are written once. Only what the pages use; the
 * attributes a page passes besides these go on the element as given (id, lang, role, aria-*).
 * Form fields are in forms.tsx.
 */

type Size = '2xs' | 'xs' | 'sm' | 'md' | 'lg' | 'xl' | '2xl';
type Color = 'accent' | 'neutral' | 'success' | 'warning' | 'danger' | 'info';

type HeadingProps = Omit<HeadingHTMLAttributes<HTMLHeadingElement>, 'size'> & { level: 1 | 2 | 3 | 4 | 5 | 6; size?: Size; children?: ComponentChildren };

/** `<hN class="ds-heading" data-size>`: the level is the document's outline, the size only its look. */
export function Heading({ level, size, children, class: extra, ...rest }: HeadingProps) {
  const Tag = `h${level}` as 'h1';
  return (
    <Tag class={cls('ds-heading', extra)} data-size={size} {...rest}>
      {children}
    </Tag>
  );
}

type ParagraphProps = Omit<HTMLAttributes<HTMLParagraphElement>, 'size'> & { size?: Size; variant?: 'default' | 'long' | 'short'; children?: ComponentChildren };

/** `<p class="ds-paragraph">`; `variant="long"` for running text (wider line height). */
export function Paragraph({ size, variant, children, class: extra, ...rest }: ParagraphProps) {
  return (
    <p class={cls('ds-paragraph', extra)} data-size={size} data-variant={variant} {...rest}>
      {children}
    </p>
  );
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { color?: Color; children?: ComponentChildren };

/** `<a class="ds-link">`. */
export function Link({ color, children, class: extra, ...rest }: LinkProps) {
  return (
    <a class={cls('ds-link', extra)} data-color={color} {...rest}>
      {children}
    </a>
  );
}

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'tertiary'; size?: 'sm' | 'md' | 'lg'; color?: Color; children?: ComponentChildren };

/** `<button class="ds-button">`; a submit button unless `type` says otherwise. */
export function Button({ variant = 'primary', size, color, type = 'submit', children, class: extra, ...rest }: ButtonProps) {
  return (
    <button type={type} class={cls('ds-button', extra)} data-variant={variant} data-size={size} data-color={color} {...rest}>
      {children}
    </button>
  );
}

type TagProps = HTMLAttributes<HTMLSpanElement> & { color?: Color; size?: 'sm' | 'md' | 'lg'; children?: ComponentChildren };

/** `<span class="ds-tag">`: a short label (a status, a kind). */
export function Tag({ color, size, children, class: extra, ...rest }: TagProps) {
  return (
    <span class={cls('ds-tag', extra)} data-color={color} data-size={size} {...rest}>
      {children}
    </span>
  );
}

type AlertProps = HTMLAttributes<HTMLDivElement> & { color: Color; children?: ComponentChildren };

/** `<div class="ds-alert">`: a message about the page or what just happened. */
export function Alert({ color, children, class: extra, ...rest }: AlertProps) {
  return (
    <div class={cls('ds-alert', extra)} data-color={color} {...rest}>
      {children}
    </div>
  );
}

type ListProps = HTMLAttributes<HTMLUListElement> & { ordered?: boolean; children?: ComponentChildren };

/** `<ul class="ds-list">` (or `<ol>` when ordered). */
export function List({ ordered, children, class: extra, ...rest }: ListProps) {
  const props = { class: cls('ds-list', extra), ...rest } as Record<string, unknown>;
  return ordered ? <ol {...props}>{children}</ol> : <ul {...props}>{children}</ul>;
}

/** Text for screen readers only (`ds-sr-only`). */
export function ScreenReaderOnly({ children }: { children?: ComponentChildren }) {
  return <span class="ds-sr-only">{children}</span>;
}

function cls(base: string, extra: unknown): string {
  return typeof extra === 'string' && extra ? `${base} ${extra}` : base;
}
