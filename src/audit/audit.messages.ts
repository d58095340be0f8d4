import type { Lang } from '../i18n/index.js';

/** The audit log's texts. */
export const auditMessages = {
  nb: {
    title: 'Revisjonslogg',
    lead: 'Hver endring på plattformen: hvem, når, hva. Bare for plattformadministratorer.',
    action: 'Handling (begynner med)',
    entity: 'Type',
    actor: 'Utført av (e-post)',
    show: 'Vis',
    none: 'Ingen oppføringer.',
    count: (n: number) => `${n} oppføringer`,
    cols: { at: 'Tid', actor: 'Utført av', action: 'Handling', entity: 'Gjelder', details: 'Detaljer' },
    system: 'systemet',
  },
  nn: {
    title: 'Revisjonslogg',
    lead: 'Kvar endring på plattforma: kven, når, kva. Berre for plattformadministratorar.',
    action: 'Handling (byrjar med)',
    entity: 'Type',
    actor: 'Utført av (e-post)',
    show: 'Vis',
    none: 'Ingen oppføringar.',
    count: (n: number) => `${n} oppføringar`,
    cols: { at: 'Tid', actor: 'Utført av', action: 'Handling', entity: 'Gjeld', details: 'Detaljar' },
    system: 'systemet',
  },
  en: {
    title: 'Audit log',
    lead: 'Every change on the platform: who, when, what. For platform administrators only.',
    action: 'Action (starts with)',
    entity: 'Type',
    actor: 'Done by (e-mail)',
    show: 'Show',
    none: 'No entries.',
    count: (n: number) => `${n} entries`,
    cols: { at: 'Time', actor: 'Done by', action: 'Action', entity: 'Concerns', details: 'Details' },
    system: 'the system',
  },
} satisfies Record<Lang, unknown>;
