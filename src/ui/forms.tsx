import type { ComponentChildren } from 'preact';
import type { Messages } from '../i18n/index.js';

/** Errors keyed by field name; the summary links each to `#field-<name>`. */
export type FormErrors = Record<string, string>;

/** The id of a field's input; names like `partners.0.name` become `field-partners-0-name`. */
export const fieldId = (name: string) => `field-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/**
 * The error summary at the top of a re-rendered form (GOV.UK / Designsystemet pattern): it gets
 * focus on load (app.js; without JavaScript the summary is still the first thing after the skip
 * link and the menu), and each entry links to its field. An entry names the field as well as the
 * problem: "Fyll ut feltet." three times over would not tell anyone which field to fix.
 */
export function ErrorSummary({ errors, m, labels = {} }: { errors: FormErrors; m: Messages; labels?: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="ds-error-summary" tabIndex={-1} data-error-summary="" role="alert" aria-labelledby="error-summary-heading">
      <h2 id="error-summary-heading" class="ds-heading" data-size="xs">
        {m.form.errorSummary}
      </h2>
      <ul class="ds-list">
        {entries.map(([name, message]) => (
          <li>
            <a class="ds-link" href={`#${fieldId(name)}`}>
              {labels[name] ? `${labels[name]}: ${message}` : message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface BaseFieldProps {
  name: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
}

/**
 * Label, hint and error are written into the HTML with their ids, so screen readers get them
 * without JavaScript (Designsystemet's `ds-field` element only adds them on the client).
 */
function FieldFrame({ name, label, hint, error, children }: BaseFieldProps & { children: ComponentChildren }) {
  const id = fieldId(name);
  return (
    <div class="ds-field">
      <label class="ds-label" for={id} data-weight="medium">
        {label}
      </label>
      {hint ? (
        <div data-field="description" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {children}
      {error ? (
        <div class="ds-validation-message" data-field="validation" data-color="danger" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
    </div>
  );
}

function describedBy(name: string, hint?: string, error?: string): string | undefined {
  const id = fieldId(name);
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

interface TextFieldProps extends BaseFieldProps {
  value?: string | undefined;
  type?: 'text' | 'email' | 'password' | 'search' | 'url' | 'number' | 'date';
  autocomplete?: string;
  required?: boolean;
  maxLength?: number;
  inputMode?: 'numeric' | 'text' | 'email' | 'url';
  /** Width in characters, for short values (a country code); otherwise the field fills its column. */
  size?: number;
}

export function TextField(props: TextFieldProps) {
  const { name, hint, error, value, type = 'text' } = props;
  return (
    <FieldFrame {...props}>
      <input
        class="ds-input"
        id={fieldId(name)}
        name={name}
        // preact types narrow `type` per input kind; the union is fine at run time.
        type={type as 'text'}
        value={type === 'password' ? undefined : (value ?? '')}
        autocomplete={props.autocomplete}
        aria-required={props.required ? 'true' : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, error)}
        maxLength={props.maxLength}
        inputMode={props.inputMode}
        size={props.size}
      />
    </FieldFrame>
  );
}

export function TextArea(props: BaseFieldProps & { value?: string | undefined; rows?: number; required?: boolean }) {
  const { name, hint, error, value } = props;
  return (
    <FieldFrame {...props}>
      <textarea
        class="ds-input"
        id={fieldId(name)}
        name={name}
        rows={props.rows ?? 5}
        aria-required={props.required ? 'true' : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, error)}
      >
        {value ?? ''}
      </textarea>
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField(props: BaseFieldProps & { value?: string | undefined; options: Option[]; required?: boolean }) {
  const { name, hint, error, value, options } = props;
  return (
    <FieldFrame {...props}>
      <select
        class="ds-input"
        id={fieldId(name)}
        name={name}
        aria-required={props.required ? 'true' : undefined}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, error)}
      >
        {options.map((o) => (
          <option value={o.value} selected={o.value === (value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/**
 * Page links that keep the rest of the query (the URL holds the whole state). Designsystemet draws
 * the arrows on the first and last item and an ellipsis for an empty item, so a missing
 * previous/next link keeps its (hidden) place and a gap in the numbers is an empty item.
 */
export function Pagination({ m, url, page, totalPages }: { m: Messages; url: string; page: number; totalPages: number }) {
  if (totalPages <= 1) return null;
  const href = (p: number) => {
    const u = new URL(url, 'http://x');
    u.searchParams.set('page', String(p));
    return u.pathname + u.search;
  };
  const pages = [...new Set<number>([1, totalPages, page - 1, page, page + 1].filter((p) => p >= 1 && p <= totalPages))].sort((a, b) => a - b);
  const items: (number | 'gap')[] = [];
  pages.forEach((p, i) => {
    const before = pages[i - 1];
    if (before !== undefined && p - before > 1) items.push('gap');
    items.push(p);
  });
  return (
    <nav class="ds-pagination" aria-label={m.pagination.label}>
      <ul>
        {page > 1 ? (
          <li>
            <a class="ds-button" data-variant="tertiary" href={href(page - 1)} rel="prev">
              {m.pagination.previous}
            </a>
          </li>
        ) : (
          <li hidden />
        )}
        {items.map((p) =>
          p === 'gap' ? (
            <li aria-hidden="true" />
          ) : (
            <li>
              <a
                class="ds-button"
                data-variant="tertiary"
                href={href(p)}
                aria-current={p === page ? 'page' : undefined}
                aria-label={m.pagination.page(String(p))}
              >
                {p}
              </a>
            </li>
          ),
        )}
        {page < totalPages ? (
          <li>
            <a class="ds-button" data-variant="tertiary" href={href(page + 1)} rel="next">
              {m.pagination.next}
            </a>
          </li>
        ) : (
          <li hidden />
        )}
      </ul>
    </nav>
  );
}
