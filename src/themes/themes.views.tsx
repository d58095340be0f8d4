import type { Lang, Messages } from '../i18n/index.js';
import { fieldId } from '../ui/forms.js';
import { ASSET_VERSION } from '../ui/layout.js';
import { THEME_SEARCH_ACTION } from './themes.service.js';
import { themeTree, type LosKind } from './vocabulary.js';
import { Button, Paragraph } from '../ui/ds.js';

export interface ThemeChoice {
  uri: string;
  label: string;
}

/** A search result: at least a URI and a label; the rest (as searchThemes gives it) tells readers apart «Skolemiljø» the theme and «Skolemiljø» the word. */
export interface ThemeResult extends ThemeChoice {
  kind?: LosKind;
  mainTheme?: ThemeChoice | null;
  matchedSynonym?: string | undefined;
}

/** What a result is, where it sits and why it was found: «emneord · Skole og utdanning · søkeord: Skolebuss». */
export function resultContext(m: Messages, r: ThemeResult): string {
  const isMain = r.kind === 'tema' && r.mainTheme?.uri === r.uri;
  return [
    r.kind ? (isMain ? m.themes.kinds.main : m.themes.kinds[r.kind]) : '',
    r.mainTheme && !isMain ? r.mainTheme.label : '',
    r.matchedSynonym ? m.themes.foundAs(r.matchedSynonym) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

export interface ThemePickerProps {
  m: Messages;
  lang: Lang;
  /** The chosen concepts (any kind: main themes, themes, words, life events). */
  selected: ThemeChoice[];
  /** Results of the «search themes» button; undefined when the form was not posted with it. */
  searchResults?: ThemeResult[] | undefined;
  /** What is in the search field, kept when the form comes back. */
  search?: string | undefined;
  error?: string | undefined;
  name?: 'themes';
}

/** A checkbox id from a concept URI: «themes-tema-skole-og-utdanning». */
const slug = (uri: string) => uri.replace(/^https?:\/\/psi\.norge\.no\/los\//, '').replace(/[^A-Za-z0-9_-]+/g, '-');

function Checkbox({ id, name, choice, checked, description }: { id: string; name: string; choice: ThemeChoice; checked: boolean; description?: string | undefined }) {
  return (
    <div class="ds-field theme-picker__option">
      <input class="ds-input" type="checkbox" id={id} name={name} value={choice.uri} checked={checked} aria-describedby={description ? `${id}-desc` : undefined} />
      <label class="ds-label" for={id} data-weight="regular">
        {choice.label}
      </label>
      {description ? (
        <div data-field="description" id={`${id}-desc`}>
          {description}
        </div>
      ) : null}
    </div>
  );
}

/**
 * Choosing LOS themes in a form, with or without JavaScript.
 *
 * Without JavaScript it is a plain group of checkboxes: the 14 main themes (each a fieldset whose
 * legend is the main theme) with the 78 themes under them. The 427 words would make the list too
 * long to use, so they are reached through the search field: the «search themes» button posts the
 * whole form with `action=theme-search`, and the host route re-renders it (values kept) with
 * `searchResults` from `themePickerState`; a result is chosen by ticking it. Chosen words come
 * back as checked boxes in their own group.
 *
 * theme-picker.js (a module, as the CSP allows no inline script) searches as you type instead, and
 * a chosen result becomes a checked box (name `themes`, value = the URI), so what is posted is
 * the same either way. The result count and each choice are announced through a polite live region
 * rather than the list itself, which would read twenty buttons aloud on every keystroke.
 *
 * The search field carries `id="field-<name>"`: it is the group's first control, so an error
 * summary link lands there.
 */
export function ThemePicker({ m, lang, selected, searchResults, search, error, name = 'themes' }: ThemePickerProps) {
  const id = fieldId(name);
  const tree = themeTree(lang);
  const inTree = new Set(tree.flatMap((g) => [g.uri, ...g.themes.map((t) => t.uri)]));
  const chosen = new Set(selected.map((s) => s.uri));
  // Words and life events have no box in the tree: they get one of their own.
  const extra = selected.filter((s, i) => !inTree.has(s.uri) && selected.findIndex((x) => x.uri === s.uri) === i);
  const describedBy = [`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const status =
    searchResults === undefined
      ? ''
      : searchResults.length === 0
        ? m.themes.noResults(search ?? '')
        : searchResults.length === 1
          ? m.themes.oneResult
          : m.themes.manyResults(String(searchResults.length));
  return (
    <fieldset
      class="ds-fieldset theme-picker"
      aria-describedby={describedBy}
      data-theme-picker=""
      data-name={name}
      data-lang={lang}
      data-msg-one={m.themes.oneResult}
      data-msg-many={m.themes.manyResults('{n}')}
      data-msg-none={m.themes.noResults('{q}')}
      data-msg-add={m.themes.add('{label}')}
      data-msg-added={m.themes.added('{label}')}
      data-msg-already={m.themes.alreadyAdded('{label}')}
      data-msg-chosen={m.themes.alreadyChosen}
      data-msg-found-as={m.themes.foundAs('{synonym}')}
      data-kind-main={m.themes.kinds.main}
      data-kind-tema={m.themes.kinds.tema}
      data-kind-ord={m.themes.kinds.ord}
      data-kind-hendelse={m.themes.kinds.hendelse}
      data-msg-searching={m.themes.searching}
      data-msg-failed={m.themes.searchFailed}
    >
      <legend class="ds-label" data-weight="medium">
        {m.themes.legend}
      </legend>
      <div data-field="description" id={`${id}-hint`}>
        {m.themes.hint}
      </div>
      {error ? (
        <div class="ds-validation-message" data-field="validation" data-color="danger" id={`${id}-error`}>
          {error}
        </div>
      ) : null}

      <div class="theme-picker__search">
        <div class="ds-field">
          <label class="ds-label" for={id} data-weight="medium">
            {m.themes.searchLabel}
          </label>
          <div data-field="description" id={`${id}-search-hint`}>
            {m.themes.searchHint}
          </div>
          <div class="theme-picker__search-row">
            <input
              class="ds-input"
              type="search"
              id={id}
              name="themeSearch"
              value={search ?? ''}
              maxLength={100}
              autocomplete="off"
              aria-describedby={[`${id}-search-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
              aria-invalid={error ? 'true' : undefined}
              aria-controls={`${id}-results`}
              // Back from a no-JS search, the reader lands on the field with the results just below.
              autofocus={searchResults !== undefined}
              data-theme-search=""
            />
            <Button variant="secondary" name="action" value={THEME_SEARCH_ACTION} data-theme-search-button="">
              {m.themes.searchButton}
            </Button>
          </div>
        </div>
        <div class="theme-picker__results" id={`${id}-results`}>
          <Paragraph size="sm" role="status" aria-live="polite" data-theme-status="">
            {status}
          </Paragraph>
          <ul class="theme-picker__result-list" data-theme-list="" aria-label={m.themes.resultsHeading} hidden={!searchResults?.length}>
            {(searchResults ?? []).map((r) => (
              <li>
                {chosen.has(r.uri) ? (
                  <span class="theme-picker__result-chosen">
                    {r.label} ({m.themes.alreadyChosen})
                  </span>
                ) : (
                  <Checkbox id={`${id}-result-${slug(r.uri)}`} name={name} choice={{ uri: r.uri, label: r.label }} checked={false} description={resultContext(m, r) || undefined} />
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>

      <fieldset class="ds-fieldset theme-picker__chosen" data-theme-chosen="" hidden={extra.length === 0}>
        <legend class="ds-label" data-weight="medium">
          {m.themes.selectedHeading}
        </legend>
        <div class="theme-picker__options" data-theme-chosen-list="">
          {extra.map((c) => (
            <Checkbox id={`${id}-${slug(c.uri)}`} name={name} choice={c} checked />
          ))}
        </div>
      </fieldset>

      <div class="theme-picker__groups">
        {tree.map((g) => (
          <fieldset class="ds-fieldset theme-picker__group">
            <legend class="ds-label" data-weight="semibold">
              {g.label}
            </legend>
            <div class="theme-picker__options">
              <Checkbox id={`${id}-${slug(g.uri)}`} name={name} choice={{ uri: g.uri, label: m.themes.mainTheme(g.label) }} checked={chosen.has(g.uri)} />
              {g.themes.map((t) => (
                <Checkbox id={`${id}-${slug(t.uri)}`} name={name} choice={t} checked={chosen.has(t.uri)} />
              ))}
            </div>
          </fieldset>
        ))}
      </div>
      <link rel="stylesheet" href={`/assets/theme-picker.css?v=${ASSET_VERSION}`} />
      <script type="module" src={`/assets/theme-picker.js?v=${ASSET_VERSION}`} />
    </fieldset>
  );
}
