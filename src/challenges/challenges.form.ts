/** A form as posted: every field as the user typed it (kept verbatim when it comes back with errors). */
export type FormState = Record<string, string | string[] | undefined>;

export function one(state: FormState, name: string): string {
  const v = state[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

export function many(state: FormState, name: string): string[] {
  const v = state[name];
  if (v === undefined || v === '') return [];
  return Array.isArray(v) ? v : [v];
}

/** The challenge form as the input the API takes, so pages and API share one validation. */
export function challengeFormToInput(state: FormState): Record<string, unknown> {
  const input: Record<string, unknown> = {
    title: one(state, 'title'),
    description: one(state, 'description'),
    usersConcerned: one(state, 'usersConcerned'),
    lookingFor: many(state, 'lookingFor'),
    themes: many(state, 'themes'),
    deadline: one(state, 'deadline').trim() || null,
    contactName: one(state, 'contactName'),
    contactEmail: one(state, 'contactEmail'),
    language: one(state, 'language'),
  };
  if (state.ownerOrgnr !== undefined) input.ownerOrgnr = one(state, 'ownerOrgnr');
  return input;
}

/** The three response forms name their fields apart (one page holds them all): `sameNeedBody`, `solvedCaseId` … */
export const RESPONSE_PREFIX = { same_need: 'sameNeed', solved: 'solved', proposal: 'proposal' } as const;
export type ResponseFormKind = keyof typeof RESPONSE_PREFIX;

export function responseFormToInput(kind: ResponseFormKind, state: FormState): Record<string, unknown> {
  const p = RESPONSE_PREFIX[kind];
  const input: Record<string, unknown> = { kind, body: one(state, `${p}Body`) };
  const orgnr = one(state, `${p}Orgnr`);
  if (orgnr) input.orgnr = orgnr;
  if (kind === 'solved') input.caseId = one(state, 'solvedCaseId');
  if (kind === 'proposal') input.public = one(state, 'proposalPublic') === 'true';
  if (kind === 'same_need') input.joinAsCoOwner = one(state, 'sameNeedJoin') === 'true';
  return input;
}

/** A response's field errors under the form's own field names; a rule about the kind lands on the organisation or the text. */
export function responseErrorsToForm(kind: ResponseFormKind, errors: Record<string, string>, hasOrgChoice: boolean): Record<string, string> {
  const p = RESPONSE_PREFIX[kind];
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const target = field === 'kind' || field === 'orgnr' ? (hasOrgChoice ? `${p}Orgnr` : `${p}Body`) : `${p}${field[0]!.toUpperCase()}${field.slice(1)}`;
    out[target] = message;
  }
  return out;
}

export function challengeValuesToForm(v: {
  title: string;
  description: string;
  usersConcerned: string;
  lookingFor: string[];
  themes: string[];
  deadline: string | null;
  contactName: string | null;
  contactEmail: string | null;
  language: string;
}): FormState {
  return {
    title: v.title,
    description: v.description,
    usersConcerned: v.usersConcerned,
    lookingFor: v.lookingFor,
    themes: v.themes,
    deadline: v.deadline ?? '',
    contactName: v.contactName ?? '',
    contactEmail: v.contactEmail ?? '',
    language: v.language,
  };
}
