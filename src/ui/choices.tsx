import { fieldId, type Option } from './forms.js';

interface ChoiceGroupProps {
  name: string;
  legend: string;
  hint?: string | undefined;
  error?: string | undefined;
  options: Option[];
  /** Values checked now. */
  checked: string[];
  type: 'checkbox' | 'radio';
  inline?: boolean;
}

/**
 * A group of checkboxes or radios in a fieldset with its legend, hint and error tied to the group.
 * The first input carries `id="field-<name>"`, so the error summary's link lands on it.
 */
export function ChoiceGroup({ name, legend, hint, error, options, checked, type, inline }: ChoiceGroupProps) {
  const id = fieldId(name);
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset class="ds-fieldset choice-group" aria-describedby={described} data-inline={inline ? 'true' : undefined}>
      <legend class="ds-label" data-weight="medium">
        {legend}
      </legend>
      {hint ? (
        <div data-field="description" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div class="ds-validation-message" data-field="validation" data-color="danger" id={`${id}-error`}>
          {error}
        </div>
      ) : null}
      <div class="choice-group__options">
        {options.map((o, i) => {
          const inputId = i === 0 ? id : `${id}-${i}`;
          return (
            <div class="ds-field choice">
              <input
                class="ds-input"
                type={type}
                id={inputId}
                name={name}
                value={o.value}
                checked={checked.includes(o.value)}
                aria-invalid={error ? 'true' : undefined}
              />
              <label class="ds-label" for={inputId} data-weight="regular">
                {o.label}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

/**
 * One checkbox on its own, with its label beside it: a single yes/no choice needs no fieldset, and
 * a legend over one box labelled «Yes» would make the reader hold the question in mind.
 */
export function Checkbox({ name, label, checked, value = 'true' }: { name: string; label: string; checked: boolean; value?: string }) {
  const id = fieldId(name);
  return (
    <div class="ds-field choice">
      <input class="ds-input" type="checkbox" id={id} name={name} value={value} checked={checked} />
      <label class="ds-label" for={id} data-weight="regular">
        {label}
      </label>
    </div>
  );
}
