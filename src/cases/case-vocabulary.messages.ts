/** The words for the case record's code lists (types, stages, statuses …), in bokmål, nynorsk and English. */
export const nbVocabulary = {
  types: { service: 'Tjeneste', product: 'Produkt', process: 'Prosess', organisation: 'Organisering', communication: 'Kommunikasjon' },
  novelties: { new: 'Ny – vi er først (så vidt vi vet)', adapted: 'Tilpasset fra andre', copied: 'Kopiert fra andre' },
  stages: { identify: 'Identifisere problem', ideas: 'Utvikle ideer', proposal: 'Utvikle forslag', implement: 'Implementere', evaluate: 'Evaluere', diffuse: 'Spre' },
  ksPhases: { identify: 'Forberede og forstå behov', ideas: 'Utforske ideer', proposal: 'Teste og utvikle', implement: 'Implementere', evaluate: 'Implementere og måle', diffuse: 'Spre' },
  ksLabel: 'KS Veikart',
  statuses: { active: 'Under arbeid', in_use: 'I bruk', stopped: 'Stanset', archived: 'Arkivert' },
  initiators: { leaders: 'Ledere', employees: 'Ansatte', users: 'Brukere og innbyggere', business: 'Næringsliv', politicians: 'Politikere', civil_society: 'Sivilsamfunn', research: 'Forskning' },
  visibilities: { public: 'Alle (offentlig)', public_sector: 'Bare offentlig sektor', own_org: 'Bare egen virksomhet' },
  languages: { nb: 'Bokmål', nn: 'Nynorsk', en: 'Engelsk' },
  actorTypes: { public: 'Offentlig virksomhet', business: 'Næringsliv', research: 'Forskning', civil_society: 'Sivilsamfunn', citizens: 'Innbyggere og brukere' },
  benefitCategories: {
    quality: 'Bedre kvalitet',
    efficiency: 'Effektivisering',
    avoided_cost: 'Unngåtte kostnader',
    employee_satisfaction: 'Medarbeidertilfredshet',
    citizen_influence: 'Innbyggerinnflytelse',
    business_value: 'Verdi for næringslivet',
    other: 'Annet',
  },
  trialResults: { confirmed: 'Bekreftet', refuted: 'Avkreftet', inconclusive: 'Uavklart' },
  trialDecisions: { scale: 'Skalere', adjust: 'Justere', stop: 'Stanse' },
};

export type CaseVocabularyMessages = typeof nbVocabulary;

export const nnVocabulary: CaseVocabularyMessages = {
  ...nbVocabulary,
  types: { service: 'Teneste', product: 'Produkt', process: 'Prosess', organisation: 'Organisering', communication: 'Kommunikasjon' },
  novelties: { new: 'Ny – vi er først (så vidt vi veit)', adapted: 'Tilpassa frå andre', copied: 'Kopiert frå andre' },
  stages: { identify: 'Identifisere problem', ideas: 'Utvikle idear', proposal: 'Utvikle forslag', implement: 'Implementere', evaluate: 'Evaluere', diffuse: 'Spreie' },
  ksPhases: { identify: 'Førebu og forstå behov', ideas: 'Utforske idear', proposal: 'Teste og utvikle', implement: 'Implementere', evaluate: 'Implementere og måle', diffuse: 'Spreie' },
  statuses: { active: 'Under arbeid', in_use: 'I bruk', stopped: 'Stansa', archived: 'Arkivert' },
  initiators: { leaders: 'Leiarar', employees: 'Tilsette', users: 'Brukarar og innbyggjarar', business: 'Næringsliv', politicians: 'Politikarar', civil_society: 'Sivilsamfunn', research: 'Forsking' },
  visibilities: { public: 'Alle (offentleg)', public_sector: 'Berre offentleg sektor', own_org: 'Berre eiga verksemd' },
  languages: { nb: 'Bokmål', nn: 'Nynorsk', en: 'Engelsk' },
  actorTypes: { public: 'Offentleg verksemd', business: 'Næringsliv', research: 'Forsking', civil_society: 'Sivilsamfunn', citizens: 'Innbyggjarar og brukarar' },
  benefitCategories: {
    quality: 'Betre kvalitet',
    efficiency: 'Effektivisering',
    avoided_cost: 'Unngåtte kostnader',
    employee_satisfaction: 'Medarbeidartilfredsheit',
    citizen_influence: 'Innbyggjarinnverknad',
    business_value: 'Verdi for næringslivet',
    other: 'Anna',
  },
  trialResults: { confirmed: 'Stadfesta', refuted: 'Avkrefta', inconclusive: 'Uavklart' },
  trialDecisions: { scale: 'Skalere', adjust: 'Justere', stop: 'Stanse' },
};

export const enVocabulary: CaseVocabularyMessages = {
  types: { service: 'Service', product: 'Product', process: 'Process', organisation: 'Organisation', communication: 'Communication' },
  novelties: { new: 'New – we are first (as far as we know)', adapted: 'Adapted from others', copied: 'Copied from others' },
  stages: { identify: 'Identify the problem', ideas: 'Generate ideas', proposal: 'Develop proposals', implement: 'Implement', evaluate: 'Evaluate', diffuse: 'Diffuse' },
  ksPhases: { identify: 'Forberede og forstå behov', ideas: 'Utforske ideer', proposal: 'Teste og utvikle', implement: 'Implementere', evaluate: 'Implementere og måle', diffuse: 'Spre' },
  ksLabel: 'KS Roadmap',
  statuses: { active: 'In progress', in_use: 'In use', stopped: 'Stopped', archived: 'Archived' },
  initiators: { leaders: 'Leaders', employees: 'Employees', users: 'Users and citizens', business: 'Business', politicians: 'Politicians', civil_society: 'Civil society', research: 'Research' },
  visibilities: { public: 'Everyone (public)', public_sector: 'Public sector only', own_org: 'Own organisation only' },
  languages: { nb: 'Norwegian Bokmål', nn: 'Norwegian Nynorsk', en: 'English' },
  actorTypes: { public: 'Public body', business: 'Business', research: 'Research', civil_society: 'Civil society', citizens: 'Citizens and users' },
  benefitCategories: {
    quality: 'Better quality',
    efficiency: 'Efficiency',
    avoided_cost: 'Avoided cost',
    employee_satisfaction: 'Employee satisfaction',
    citizen_influence: 'Citizen influence',
    business_value: 'Value for business',
    other: 'Other',
  },
  trialResults: { confirmed: 'Confirmed', refuted: 'Refuted', inconclusive: 'Inconclusive' },
  trialDecisions: { scale: 'Scale', adjust: 'Adjust', stop: 'Stop' },
};
