/** The case record (PRODUCT.md, "The case record"): vocabularies and the normalised shape. */

export const CASE_TYPES = ['service', 'product', 'process', 'organisation', 'communication'] as const;
export const NOVELTIES = ['new', 'adapted', 'copied'] as const;
/** OECD OPSI innovation lifecycle; the KS Veikart phase names are shown beside them (i18n). */
export const STAGES = ['identify', 'ideas', 'proposal', 'implement', 'evaluate', 'diffuse'] as const;
export const STATUSES = ['active', 'in_use', 'stopped', 'archived'] as const;
export const INITIATORS = ['leaders', 'employees', 'users', 'business', 'politicians', 'civil_society', 'research'] as const;
export const VISIBILITIES = ['public', 'public_sector', 'own_org'] as const;
export const LANGUAGES = ['nb', 'nn', 'en'] as const;
export const ACTOR_TYPES = ['public', 'business', 'research', 'civil_society', 'citizens'] as const;
export const BENEFIT_CATEGORIES = ['quality', 'efficiency', 'avoided_cost', 'employee_satisfaction', 'citizen_influence', 'business_value', 'other'] as const;
export const TRIAL_RESULTS = ['confirmed', 'refuted', 'inconclusive'] as const;
export const TRIAL_DECISIONS = ['scale', 'adjust', 'stop'] as const;

export type CaseType = (typeof CASE_TYPES)[number];
export type Novelty = (typeof NOVELTIES)[number];
export type Stage = (typeof STAGES)[number];
export type CaseStatus = (typeof STATUSES)[number];
export type Initiator = (typeof INITIATORS)[number];
export type Visibility = (typeof VISIBILITIES)[number];
export type CaseLanguage = (typeof LANGUAGES)[number];
export type ActorType = (typeof ACTOR_TYPES)[number];
export type BenefitCategory = (typeof BENEFIT_CATEGORIES)[number];
export type TrialResult = (typeof TRIAL_RESULTS)[number];
export type TrialDecision = (typeof TRIAL_DECISIONS)[number];

export interface PartnerValue {
  name: string;
  orgnr: string | null;
  actorType: ActorType;
}

export interface BenefitValue {
  category: BenefitCategory;
  realised: boolean;
  description: string;
  value: number | null;
  unit: string | null;
  method: string | null;
}

export interface LinkValue {
  url: string;
  label: string;
}

/** Every editable field of a case, validated and normalised. Versions diff two of these. */
export interface CaseValues {
  title: string;
  summary: string;
  problem: string;
  whatIsNew: string;
  types: CaseType[];
  novelty: Novelty | null;
  noveltySourceCaseId: string | null;
  noveltySourceText: string | null;
  stage: Stage | null;
  status: CaseStatus;
  takenIntoUseOn: string | null;
  stoppedReason: string | null;
  initiators: Initiator[];
  evaluated: boolean | null;
  evaluationHow: string | null;
  evaluationLink: string | null;
  activelySpread: boolean | null;
  spreadHow: string | null;
  /** Partner search (migrations/20261127T0820_partners.sql): the owners want partners, of these kinds. */
  lookingForPartners: boolean;
  partnerNeeds: ActorType[];
  challenges: string;
  lessons: string;
  successConditions: string;
  howToReplicate: string;
  costNok: number | null;
  fundingSources: string[];
  links: LinkValue[];
  contactName: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  visibility: Visibility;
  language: CaseLanguage;
  themes: string[];
  coOwners: string[];
  partners: PartnerValue[];
  benefits: BenefitValue[];
}

export const EMPTY_CASE: CaseValues = {
  title: '',
  summary: '',
  problem: '',
  whatIsNew: '',
  types: [],
  novelty: null,
  noveltySourceCaseId: null,
  noveltySourceText: null,
  stage: null,
  status: 'active',
  takenIntoUseOn: null,
  stoppedReason: null,
  initiators: [],
  evaluated: null,
  evaluationHow: null,
  evaluationLink: null,
  activelySpread: null,
  spreadHow: null,
  lookingForPartners: false,
  partnerNeeds: [],
  challenges: '',
  lessons: '',
  successConditions: '',
  howToReplicate: '',
  costNok: null,
  fundingSources: [],
  links: [],
  contactName: null,
  contactEmail: null,
  contactPhone: null,
  visibility: 'public',
  language: 'nb',
  themes: [],
  coOwners: [],
  partners: [],
  benefits: [],
};

export const CASE_FIELDS = Object.keys(EMPTY_CASE) as (keyof CaseValues)[];
