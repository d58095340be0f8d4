import type { Lang } from '../i18n/index.js';

/** Words for invitations to organisations, in bokmål, nynorsk and English. */
const nb = {
  inviteHeading: 'Inviter et medlem',
  inviteLead: 'Personen får en e-post og blir medlem først når hen har godtatt invitasjonen.',
  inviteEmail: 'E-postadresse',
  invite: 'Send invitasjon',
  sent: (email: string) => `Invitasjonen er sendt til ${email}.`,
  openHeading: 'Sendte invitasjoner',
  sentAt: 'Sendt',
  expires: 'Utløper',
  withdraw: 'Trekk tilbake',
  withdrawn: 'Invitasjonen er trukket tilbake.',
  mineHeading: 'Invitasjoner til deg',
  mineItem: (org: string, role: string) => `${org} inviterer deg som ${role}.`,
  accept: 'Godta',
  decline: 'Avslå',
  accepted: (org: string) => `Du er nå medlem av ${org}.`,
  declined: 'Du har avslått invitasjonen.',
  gone: 'Invitasjonen finnes ikke lenger.',
  mail: {
    subject: (org: string) => `Invitasjon til ${org} i Nytenk`,
    existing: (v: { org: string; role: string; link: string; site: string }) =>
      `Hei!\n\nDu er invitert til å bli ${v.role} i ${v.org} i Nytenk. Logg inn og svar på invitasjonen på profilsiden din:\n\n${v.link}\n\nInvitasjonen virker i 30 dager. Du blir ikke medlem før du har godtatt den.\n\n${v.site}\n`,
    newcomer: (v: { org: string; role: string; link: string; register: string; site: string }) =>
      `Hei!\n\nDu er invitert til å bli ${v.role} i ${v.org} i Nytenk. Opprett en konto med denne e-postadressen:\n\n${v.register}\n\nog svar på invitasjonen på profilsiden din:\n\n${v.link}\n\nInvitasjonen virker i 30 dager. Du blir ikke medlem før du har godtatt den.\n\n${v.site}\n`,
  },
};

type InvitationMessages = typeof nb;

const nn: InvitationMessages = {
  inviteHeading: 'Inviter eit medlem',
  inviteLead: 'Personen får ein e-post og blir medlem først når hen har godteke invitasjonen.',
  inviteEmail: 'E-postadresse',
  invite: 'Send invitasjon',
  sent: (email) => `Invitasjonen er send til ${email}.`,
  openHeading: 'Sende invitasjonar',
  sentAt: 'Send',
  expires: 'Går ut',
  withdraw: 'Trekk tilbake',
  withdrawn: 'Invitasjonen er trekt tilbake.',
  mineHeading: 'Invitasjonar til deg',
  mineItem: (org, role) => `${org} inviterer deg som ${role}.`,
  accept: 'Godta',
  decline: 'Avslå',
  accepted: (org) => `Du er no medlem av ${org}.`,
  declined: 'Du har avslått invitasjonen.',
  gone: 'Invitasjonen finst ikkje lenger.',
  mail: {
    subject: (org) => `Invitasjon til ${org} i Nytenk`,
    existing: (v) =>
      `Hei!\n\nDu er invitert til å bli ${v.role} i ${v.org} i Nytenk. Logg inn og svar på invitasjonen på profilsida di:\n\n${v.link}\n\nInvitasjonen verkar i 30 dagar. Du blir ikkje medlem før du har godteke han.\n\n${v.site}\n`,
    newcomer: (v) =>
      `Hei!\n\nDu er invitert til å bli ${v.role} i ${v.org} i Nytenk. Opprett ein konto med denne e-postadressa:\n\n${v.register}\n\nog svar på invitasjonen på profilsida di:\n\n${v.link}\n\nInvitasjonen verkar i 30 dagar. Du blir ikkje medlem før du har godteke han.\n\n${v.site}\n`,
  },
};

const en: InvitationMessages = {
  inviteHeading: 'Invite a member',
  inviteLead: 'The person gets an e-mail and becomes a member only once they have accepted the invitation.',
  inviteEmail: 'E-mail address',
  invite: 'Send invitation',
  sent: (email) => `The invitation has been sent to ${email}.`,
  openHeading: 'Invitations sent',
  sentAt: 'Sent',
  expires: 'Expires',
  withdraw: 'Withdraw',
  withdrawn: 'The invitation has been withdrawn.',
  mineHeading: 'Invitations to you',
  mineItem: (org, role) => `${org} invites you as ${role}.`,
  accept: 'Accept',
  decline: 'Decline',
  accepted: (org) => `You are now a member of ${org}.`,
  declined: 'You have declined the invitation.',
  gone: 'The invitation no longer exists.',
  mail: {
    subject: (org) => `Invitation to ${org} on Nytenk`,
    existing: (v) =>
      `Hello,\n\nYou are invited to become ${v.role} of ${v.org} on Nytenk. Sign in and answer the invitation on your profile page:\n\n${v.link}\n\nThe invitation works for 30 days. You do not become a member until you accept it.\n\n${v.site}\n`,
    newcomer: (v) =>
      `Hello,\n\nYou are invited to become ${v.role} of ${v.org} on Nytenk. Create an account with this e-mail address:\n\n${v.register}\n\nand answer the invitation on your profile page:\n\n${v.link}\n\nThe invitation works for 30 days. You do not become a member until you accept it.\n\n${v.site}\n`,
  },
};

const all: Record<Lang, InvitationMessages> = { nb, nn, en };

export function invitationMessages(lang: Lang): InvitationMessages {
  return all[lang];
}
