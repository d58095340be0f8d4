import type { Lang } from '../i18n/index.js';

/** Words for passwords, e-mail links, token expiry and the profile's links, in bokmål, nynorsk and English. */
const nb = {
  password: {
    heading: 'Bytt passord',
    lead: 'Når du bytter passord, blir du logget ut alle andre steder, og alle API-nøklene dine slutter å virke.',
    current: 'Nåværende passord',
    next: 'Nytt passord',
    submit: 'Bytt passord',
    changed: (sessions: number, tokens: number) =>
      `Passordet er byttet. Andre innlogginger avsluttet: ${sessions}. API-nøkler trukket tilbake: ${tokens}.`,
    forgotLink: 'Glemt passordet?',
  },
  tokens: {
    expires: 'Utløper',
    expired: 'utløpt',
    revoked: 'trukket tilbake',
    lifetime: (days: number) => `En ny nøkkel virker i ${days} dager.`,
    sessionOnly: 'API-nøkler kan bare lages av en innlogget bruker i nettleseren eller med kommandolinjen, ikke med en annen API-nøkkel.',
  },
  register: {
    sentTitle: 'Sjekk e-posten din',
    sentLead: (email: string) => `Vi har sendt en e-post til ${email}. Følg lenken i den for å gå videre.`,
    sentMore: 'Lenken virker i 24 timer. Kommer det ingen e-post, sjekk søppelposten og at adressen er riktig.',
    confirmTitle: 'Fullfør registreringen',
    confirmLead: (email: string) => `Opprett kontoen for ${email}.`,
    confirmSubmit: 'Opprett kontoen',
    linkGoneTitle: 'Lenken virker ikke',
    linkGone: 'Lenken er utløpt eller allerede brukt. Du kan be om en ny.',
    alreadyDone: 'Kontoen finnes allerede. Logg inn.',
    created: 'Kontoen er opprettet.',
  },
  forgot: {
    title: 'Glemt passord',
    lead: 'Skriv e-postadressen til kontoen din, så sender vi en lenke du kan lage nytt passord med.',
    submit: 'Send lenke',
    sentLead: (email: string) => `Hvis det finnes en konto for ${email}, har vi sendt en lenke dit. Den virker i én time.`,
    resetTitle: 'Lag nytt passord',
    resetLead: 'Når du lagrer det nye passordet, blir du logget ut alle andre steder, og alle API-nøklene dine slutter å virke.',
    resetSubmit: 'Lagre nytt passord',
    done: 'Passordet er byttet, og du er logget inn.',
  },
  // The profile's links to pages of features above auth, named here: auth may not import their messages.
  links: {
    notificationSettings: 'Innstillinger for varsler og e-post',
    commentModeration: 'Moderering av kommentarer',
    outbox: 'Utgående e-post',
    auditLog: 'Revisjonslogg',
  },
  mail: {
    registerSubject: 'Fullfør registreringen i Nytenk',
    registerBody: (v: { name: string; link: string; site: string }) =>
      `Hei, ${v.name}!\n\nNoen, forhåpentlig du, vil opprette en konto i Nytenk med denne e-postadressen. Følg lenken for å fullføre:\n\n${v.link}\n\nLenken virker i 24 timer. Var det ikke deg, kan du se bort fra denne e-posten.\n\n${v.site}\n`,
    existsSubject: 'Du har allerede en konto i Nytenk',
    existsBody: (v: { signin: string; forgot: string; site: string }) =>
      `Hei!\n\nNoen, forhåpentlig du, prøvde å opprette en konto i Nytenk med denne e-postadressen. Du har allerede en konto: logg inn på\n\n${v.signin}\n\neller lag nytt passord hvis du har glemt det:\n\n${v.forgot}\n\nVar det ikke deg, kan du se bort fra denne e-posten. Ingenting er endret.\n\n${v.site}\n`,
    resetSubject: 'Lag nytt passord i Nytenk',
    resetBody: (v: { link: string; site: string }) =>
      `Hei!\n\nNoen, forhåpentlig du, ba om å lage nytt passord for kontoen din i Nytenk. Følg lenken:\n\n${v.link}\n\nLenken virker i én time. Var det ikke deg, kan du se bort fra denne e-posten; passordet ditt er ikke endret.\n\n${v.site}\n`,
  },
};

type AuthMessages = typeof nb;

const nn: AuthMessages = {
  password: {
    heading: 'Byt passord',
    lead: 'Når du byter passord, blir du logga ut alle andre stader, og alle API-nøklane dine sluttar å verke.',
    current: 'Noverande passord',
    next: 'Nytt passord',
    submit: 'Byt passord',
    changed: (sessions, tokens) =>
      `Passordet er bytt. Andre innloggingar avslutta: ${sessions}. API-nøklar trekte tilbake: ${tokens}.`,
    forgotLink: 'Gløymt passordet?',
  },
  tokens: {
    expires: 'Går ut',
    expired: 'gått ut',
    revoked: 'trekt tilbake',
    lifetime: (days) => `Ein ny nøkkel verkar i ${days} dagar.`,
    sessionOnly: 'API-nøklar kan berre lagast av ein innlogga brukar i nettlesaren eller med kommandolinja, ikkje med ein annan API-nøkkel.',
  },
  register: {
    sentTitle: 'Sjå i e-posten din',
    sentLead: (email) => `Vi har sendt ein e-post til ${email}. Følg lenka i han for å gå vidare.`,
    sentMore: 'Lenka verkar i 24 timar. Kjem det ingen e-post, sjå i søppelposten og at adressa er rett.',
    confirmTitle: 'Fullfør registreringa',
    confirmLead: (email) => `Opprett kontoen for ${email}.`,
    confirmSubmit: 'Opprett kontoen',
    linkGoneTitle: 'Lenka verkar ikkje',
    linkGone: 'Lenka har gått ut eller er alt brukt. Du kan be om ei ny.',
    alreadyDone: 'Kontoen finst alt. Logg inn.',
    created: 'Kontoen er oppretta.',
  },
  forgot: {
    title: 'Gløymt passord',
    lead: 'Skriv e-postadressa til kontoen din, så sender vi ei lenke du kan lage nytt passord med.',
    submit: 'Send lenke',
    sentLead: (email) => `Viss det finst ein konto for ${email}, har vi sendt ei lenke dit. Ho verkar i éin time.`,
    resetTitle: 'Lag nytt passord',
    resetLead: 'Når du lagrar det nye passordet, blir du logga ut alle andre stader, og alle API-nøklane dine sluttar å verke.',
    resetSubmit: 'Lagre nytt passord',
    done: 'Passordet er bytt, og du er logga inn.',
  },
  links: {
    notificationSettings: 'Innstillingar for varsel og e-post',
    commentModeration: 'Moderering av kommentarar',
    outbox: 'Utgåande e-post',
    auditLog: 'Revisjonslogg',
  },
  mail: {
    registerSubject: 'Fullfør registreringa i Nytenk',
    registerBody: (v) =>
      `Hei, ${v.name}!\n\nNokon, forhåpentleg du, vil opprette ein konto i Nytenk med denne e-postadressa. Følg lenka for å fullføre:\n\n${v.link}\n\nLenka verkar i 24 timar. Var det ikkje deg, kan du sjå bort frå denne e-posten.\n\n${v.site}\n`,
    existsSubject: 'Du har alt ein konto i Nytenk',
    existsBody: (v) =>
      `Hei!\n\nNokon, forhåpentleg du, prøvde å opprette ein konto i Nytenk med denne e-postadressa. Du har alt ein konto: logg inn på\n\n${v.signin}\n\neller lag nytt passord viss du har gløymt det:\n\n${v.forgot}\n\nVar det ikkje deg, kan du sjå bort frå denne e-posten. Ingenting er endra.\n\n${v.site}\n`,
    resetSubject: 'Lag nytt passord i Nytenk',
    resetBody: (v) =>
      `Hei!\n\nNokon, forhåpentleg du, bad om å lage nytt passord for kontoen din i Nytenk. Følg lenka:\n\n${v.link}\n\nLenka verkar i éin time. Var det ikkje deg, kan du sjå bort frå denne e-posten; passordet ditt er ikkje endra.\n\n${v.site}\n`,
  },
};

const en: AuthMessages = {
  password: {
    heading: 'Change password',
    lead: 'Changing your password signs you out everywhere else and stops all your API tokens working.',
    current: 'Current password',
    next: 'New password',
    submit: 'Change password',
    changed: (sessions, tokens) =>
      `Your password is changed. Other sessions ended: ${sessions}. API tokens revoked: ${tokens}.`,
    forgotLink: 'Forgot your password?',
  },
  tokens: {
    expires: 'Expires',
    expired: 'expired',
    revoked: 'revoked',
    lifetime: (days) => `A new token works for ${days} days.`,
    sessionOnly: 'API tokens can only be created by a user signed in in a browser, or with the command line, not with another API token.',
  },
  register: {
    sentTitle: 'Check your e-mail',
    sentLead: (email) => `We have sent an e-mail to ${email}. Follow the link in it to continue.`,
    sentMore: 'The link works for 24 hours. If no e-mail arrives, check your spam folder and that the address is right.',
    confirmTitle: 'Finish creating your account',
    confirmLead: (email) => `Create the account for ${email}.`,
    confirmSubmit: 'Create the account',
    linkGoneTitle: 'This link does not work',
    linkGone: 'The link has expired or has already been used. You can ask for a new one.',
    alreadyDone: 'The account already exists. Sign in.',
    created: 'Your account is created.',
  },
  forgot: {
    title: 'Forgot your password',
    lead: 'Enter your account’s e-mail address and we will send a link to set a new password.',
    submit: 'Send link',
    sentLead: (email) => `If there is an account for ${email}, we have sent a link there. It works for one hour.`,
    resetTitle: 'Set a new password',
    resetLead: 'Saving the new password signs you out everywhere else and stops all your API tokens working.',
    resetSubmit: 'Save new password',
    done: 'Your password is changed and you are signed in.',
  },
  links: {
    notificationSettings: 'Notification and e-mail settings',
    commentModeration: 'Comment moderation',
    outbox: 'Outgoing e-mail',
    auditLog: 'Audit log',
  },
  mail: {
    registerSubject: 'Finish creating your Nytenk account',
    registerBody: (v) =>
      `Hello ${v.name},\n\nSomeone, hopefully you, wants to create a Nytenk account with this e-mail address. Follow the link to finish:\n\n${v.link}\n\nThe link works for 24 hours. If this was not you, ignore this e-mail.\n\n${v.site}\n`,
    existsSubject: 'You already have a Nytenk account',
    existsBody: (v) =>
      `Hello,\n\nSomeone, hopefully you, tried to create a Nytenk account with this e-mail address. You already have an account: sign in at\n\n${v.signin}\n\nor reset your password if you have forgotten it:\n\n${v.forgot}\n\nIf this was not you, ignore this e-mail. Nothing has changed.\n\n${v.site}\n`,
    resetSubject: 'Set a new Nytenk password',
    resetBody: (v) =>
      `Hello,\n\nSomeone, hopefully you, asked to set a new password for your Nytenk account. Follow the link:\n\n${v.link}\n\nThe link works for one hour. If this was not you, ignore this e-mail; your password has not changed.\n\n${v.site}\n`,
  },
};

const all: Record<Lang, AuthMessages> = { nb, nn, en };

export function authMessages(lang: Lang): AuthMessages {
  return all[lang];
}
