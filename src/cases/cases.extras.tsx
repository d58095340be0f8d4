import type { FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Db } from '../db/database.js';
import { getThemesByUri, listMainThemes, themePickerState } from '../themes/index.js';
import { ThemePicker } from '../themes/index.js';
import { MAP_ATTRIBUTION, NorwayMap } from '../ui/norway-map.js';
import type { Option } from '../ui/forms.js';
import { caseMessages } from './cases.messages.js';
import type { CaseDetailRow } from './cases.queries.js';
import type { FormState } from './cases.form.js';

/** What case pages borrow from lower features (themes, the map), kept in one place; higher features add sections (cases.slots.ts). */
export interface CasePageExtras {
  themePicker(request: FastifyRequest, state: FormState, error?: string): Promise<VNode>;
  adoptersMap(request: FastifyRequest, row: CaseDetailRow): Promise<VNode | null>;
  mainThemeOptions(request: FastifyRequest): Promise<Option[]>;
  /** Theme URI → label in the reader's language (one query however many). */
  themeLabels(request: FastifyRequest, uris: unknown[]): Promise<Record<string, string>>;
}

export function casesPageExtras(db: Db): CasePageExtras {
  return {
    async themePicker(request, state, error) {
      const picker = await themePickerState(db, state as Record<string, unknown>, request.lang);
      return <ThemePicker m={request.m} lang={request.lang} selected={picker.selected} searchResults={picker.searchResults} search={picker.search} error={error} />;
    },
    async adoptersMap(request, row) {
      const markers = row.adoptions
        .filter((a) => a.municipalityNumber)
        .map((a) => ({ kommunenummer: a.municipalityNumber!, label: a.name, href: a.orgnr ? `/organisations/${a.orgnr}` : undefined }));
      if (markers.length === 0) return null;
      const cm = caseMessages(request.lang);
      return (
        <figure class="adopters-map">
          <NorwayMap id={`adopters-${row.id}`} title={cm.adoptersMap} description={cm.adoptersMapCaption(String(markers.length))} markers={markers} base="image" />
          <figcaption class="ds-paragraph" data-size="sm">
            {cm.adoptersMapCaption(String(markers.length))} {MAP_ATTRIBUTION}
          </figcaption>
        </figure>
      );
    },
    async mainThemeOptions(request) {
      return (await listMainThemes(db, request.lang)).map((t) => ({ value: t.uri, label: t.label }));
    },
    async themeLabels(request, uris) {
      const wanted = [...new Set(uris.filter((u): u is string => typeof u === 'string'))];
      if (wanted.length === 0) return {};
      return Object.fromEntries((await getThemesByUri(db, wanted, request.lang)).map((t) => [t.uri, t.label]));
    },
  };
}
