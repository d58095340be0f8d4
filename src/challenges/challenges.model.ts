/** The challenge record's fixed vocabularies and the rules of its life cycle. */

export const STATES = ['open', 'dialogue', 'procurement', 'partnership', 'closed'] as const;
export type ChallengeState = (typeof STATES)[number];

export const OUTCOMES = ['solved', 'not_solved', 'merged'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Whom the posting body hopes to hear from. */
export const LOOKING_FOR = ['peers', 'solutions', 'suppliers', 'research', 'civil_society'] as const;
export type LookingFor = (typeof LOOKING_FOR)[number];

export const RESPONSE_KINDS = ['same_need', 'solved', 'proposal'] as const;
export type ResponseKind = (typeof RESPONSE_KINDS)[number];

/** A request (joining as co-owner, «we solved this») waits for an owner to accept or decline it. */
export const REQUEST_STATUSES = ['pending', 'accepted', 'declined'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const LANGUAGES = ['nb', 'nn', 'en'] as const;

/**
 * Where a challenge may go from each state: forward through open → dialogue → procurement or
 * partnership → closed, and closed from anywhere (a need can be met, dropped or merged at any
 * point). A closed challenge stays closed: a need that comes back is a new challenge, and the old
 * one keeps its outcome.
 */
export const TRANSITIONS: Record<ChallengeState, readonly ChallengeState[]> = {
  open: ['dialogue', 'closed'],
  dialogue: ['procurement', 'partnership', 'closed'],
  procurement: ['closed'],
  partnership: ['closed'],
  closed: [],
};

export interface ChallengeValues {
  title: string;
  description: string;
  usersConcerned: string;
  lookingFor: LookingFor[];
  themes: string[];
  deadline: string | null;
  contactName: string | null;
  contactEmail: string | null;
  language: 'nb' | 'nn' | 'en';
}

export const EMPTY_CHALLENGE: ChallengeValues = {
  title: '',
  description: '',
  usersConcerned: '',
  lookingFor: [],
  themes: [],
  deadline: null,
  contactName: null,
  contactEmail: null,
  language: 'nb',
};
