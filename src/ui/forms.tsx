import type { ComponentChildren } from 'preact';
import type { Messages } from '../i18n/index.js';

/** Errors keyed by field name; the summary links each to `#field-<name>`. */
export type FormErrors = Record<string, string>;

export const fieldId = (name: string) => `field-${name}`;

/**
 * The error summary at the top of a re-rendered form (GOV.UK / Designsystemet pattern): it gets
 * focus on load (app.js, and `autofocus` without JavaScript support in most browsers is not
 * reliable, so the heading is also the first thing after the skip link), and each entry links to
 * its field.
 */
export function ErrorSummary({ errors, m }: { errors: FormErrors; m: Messages }) {
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
              {message}
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
  width?: 'auto' | 'full';
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

/** Page links that keep the rest of the query (the URL holds the whole state). */
export function Pagination({ m, url, page, totalPages }: { m: Messages; url: string; page: number; totalPages: number }) {
  if (totalPages <= 1) return null;
  const href = (p: number) => {
    const u = new URL(url, 'http://x');
    u.searchParams.set('page', String(p));
    return u.pathname + u.search;
  };
  const pages = new Set<number>([1, totalPages, page - 1, page, page + 1].filter((p) => p >= 1 && p <= totalPages));
  const sorted = [...pages].sort((a, b) => a - b);
  return (
    <nav class="ds-pagination" aria-label={m.pagination.label}>
      <ul>
        <li>
          {page > 1 ? (
            <a class="ds-button" data-variant="tertiary" href={href(page - 1)} rel="prev">
              {m.pagination.previous}
            </a>
          ) : null}
        </li>
        {sorted.map((p) => (
          <li>
            <a
              class="ds-button"
              data-variant={p === page ? 'primary' : 'tertiary'}
              href={href(p)}
              aria-current={p === page ? 'page' : undefined}
              aria-label={m.pagination.page(String(p))}
            >
              {p}
            </a>
          </li>
        ))}
        <li>
          {page < totalPages ? (
            <a class="ds-button" data-variant="tertiary" href={href(page + 1)} rel="next">
              {m.pagination.next}
            </a>
          ) : null}
        </li>
      </ul>
    </nav>
  );
}
