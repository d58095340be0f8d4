import type { Lang } from '../../i18n/index.js';

/**
 * OpenID Connect sign-in's words in bokmål, nynorsk and English. `reasons` and `confirm.codeErrors`
 * are keyed by the service's FailureReason and CodeError: the views and routes index them by those
 * types, so a reason without words fails to compile there (this file imports nothing of the service,
 * which imports it).
 */
const nb = {
  signInWith: (provider: string) => `Logg inn med ${provider}`,
  providersHeading: 'Logg inn med en innloggingstjeneste',
  passwordHeading: 'Eller logg inn med e-post og passord',
  errorTitle: 'Innloggingen mislyktes',
  tryAgain: 'Prøv å logge inn på nytt',
  signOutTitle: (provider: string) => `Logger ut hos ${provider}`,
  signOutLead: (provider: string) => `Du er logget ut av Nytenk. Nå sendes du videre til ${provider} for å logge ut der også.`,
  signOutContinue: (provider: string) => `Fortsett til utlogging hos ${provider}`,
  confirm: {
    emailTitle: 'Bekreft e-postadressen din',
    emailLead: (provider: string) =>
      `Du logget inn med ${provider}, men ${provider} gir oss ikke e-postadressen din. Den trenger vi for å finne kontoen din i Nytenk, eller opprette en ny, og for å sende deg varslene du ber om.`,
    emailHow: 'Skriv inn e-postadressen du bruker på jobben, så sender vi en kode på seks siffer dit. Har du allerede en konto i Nytenk, skriver du adressen til den kontoen. Da blir innloggingen knyttet til den.',
    emailLabel: 'E-postadresse på jobben',
    emailHint: 'For eksempel kari.nordmann@kommune.no',
    sendCode: 'Send kode',
    codeTitle: 'Skriv inn koden fra e-posten',
    codeSent: (email: string) => `Vi har sendt en kode på seks siffer til ${email}.`,
    codeWait: (until: string) => `Det kan ta et par minutter før e-posten kommer fram. Sjekk søppelposten hvis du ikke finner den. Koden virker til ${until}.`,
    codeLabel: 'Kode',
    codeHint: 'Seks siffer',
    confirmSubmit: 'Bekreft og logg inn',
    resendHeading: 'Fikk du ikke koden?',
    resendLead: 'Sjekk at adressen er riktig, og be om en ny kode. Den forrige koden slutter da å virke.',
    resendSubmit: 'Send ny kode',
    noMoreCodes: 'Vi har sendt så mange koder som vi kan for denne innloggingen. Kom ingen av dem fram, kan du starte innloggingen på nytt.',
    tooManyCodes: 'Vi sender ikke flere koder for denne innloggingen. Bruk den siste koden du fikk, eller start innloggingen på nytt.',
    codeErrors: {
      required: () => 'Skriv inn koden fra e-posten.',
      format: () => 'Koden er seks siffer, for eksempel 123456.',
      wrong: (left: number) => `Koden stemmer ikke. Du har ${left} forsøk igjen.`,
    },
    startOverTitle: 'Start innloggingen på nytt',
    startOver: {
      expired: 'Vi finner ingen påbegynt innlogging i denne nettleseren. Den kan være utløpt, allerede fullført eller startet i en annen nettleser.',
      attempts: 'Koden ble skrevet feil for mange ganger, så vi avbrøt innloggingen. Det hindrer at noen gjetter seg fram til koden. Start på nytt for å få en ny kode.',
    },
    startOverLink: 'Gå til innloggingen',
  },
  mail: {
    subject: 'Kode for å bekrefte e-postadressen din i Nytenk',
    body: ({ code, provider, until, site }: { code: string; provider: string; until: string; site: string }) =>
      [
        'Hei!',
        '',
        `Noen – forhåpentligvis du – logget inn i Nytenk med ${provider} og oppga denne e-postadressen.`,
        '',
        `Koden din er: ${code}`,
        '',
        `Skriv koden inn på siden der du ble bedt om den. Den virker til ${until}. Da blir innloggingen med ${provider} knyttet til Nytenk-kontoen med denne adressen, eller til en ny konto hvis adressen ikke har en.`,
        '',
        'Var det ikke deg? Da kan du se bort fra denne e-posten: uten koden kommer ingen inn. Ikke gi koden til noen. Nytenk spør aldri etter den på telefon eller i e-post.',
        '',
        'Hilsen Nytenk',
        site,
      ].join('\n'),
  },
  reasons: {
    expired: 'Innloggingen er utløpt eller allerede brukt. Start innloggingen på nytt fra denne siden.',
    state_mismatch: 'Svaret fra innloggingstjenesten hørte ikke til innloggingen som ble startet i denne nettleseren, og ble avvist.',
    nonce_mismatch: 'Innloggingstjenesten sendte et ID-bevis som ikke hørte til denne innloggingen, og det ble avvist.',
    denied: 'Innloggingen ble avbrutt hos innloggingstjenesten.',
    provider_error: 'Innloggingstjenesten svarte med en feil.',
    unavailable: 'Vi får ikke kontakt med innloggingstjenesten akkurat nå. Prøv igjen om litt.',
    token_failed: 'Svaret fra innloggingstjenesten kunne ikke bekreftes.',
    disabled: 'Kontoen er deaktivert. Kontakt administratoren av plattformen.',
  },
};

export type OidcMessages = typeof nb;

const nn: OidcMessages = {
  signInWith: (provider: string) => `Logg inn med ${provider}`,
  providersHeading: 'Logg inn med ei innloggingsteneste',
  passwordHeading: 'Eller logg inn med e-post og passord',
  errorTitle: 'Innlogginga mislukkast',
  tryAgain: 'Prøv å logge inn på nytt',
  signOutTitle: (provider: string) => `Loggar ut hos ${provider}`,
  signOutLead: (provider: string) => `Du er logga ut av Nytenk. No blir du send vidare til ${provider} for å logge ut der òg.`,
  signOutContinue: (provider: string) => `Hald fram til utlogging hos ${provider}`,
  confirm: {
    emailTitle: 'Stadfest e-postadressa di',
    emailLead: (provider: string) =>
      `Du logga inn med ${provider}, men ${provider} gir oss ikkje e-postadressa di. Ho treng vi for å finne kontoen din i Nytenk, eller opprette ein ny, og for å sende deg varsla du ber om.`,
    emailHow: 'Skriv inn e-postadressa du bruker på jobben, så sender vi ein kode på seks siffer dit. Har du alt ein konto i Nytenk, skriv du adressa til den kontoen. Då blir innlogginga knytt til han.',
    emailLabel: 'E-postadresse på jobben',
    emailHint: 'Til dømes kari.nordmann@kommune.no',
    sendCode: 'Send kode',
    codeTitle: 'Skriv inn koden frå e-posten',
    codeSent: (email: string) => `Vi har sendt ein kode på seks siffer til ${email}.`,
    codeWait: (until: string) => `Det kan ta eit par minutt før e-posten kjem fram. Sjå i søppelposten om du ikkje finn han. Koden verkar til ${until}.`,
    codeLabel: 'Kode',
    codeHint: 'Seks siffer',
    confirmSubmit: 'Stadfest og logg inn',
    resendHeading: 'Fekk du ikkje koden?',
    resendLead: 'Sjekk at adressa er rett, og be om ein ny kode. Den førre koden sluttar då å verke.',
    resendSubmit: 'Send ny kode',
    noMoreCodes: 'Vi har sendt så mange kodar som vi kan for denne innlogginga. Kom ingen av dei fram, kan du starte innlogginga på nytt.',
    tooManyCodes: 'Vi sender ikkje fleire kodar for denne innlogginga. Bruk den siste koden du fekk, eller start innlogginga på nytt.',
    codeErrors: {
      required: () => 'Skriv inn koden frå e-posten.',
      format: () => 'Koden er seks siffer, til dømes 123456.',
      wrong: (left: number) => `Koden stemmer ikkje. Du har ${left} forsøk att.`,
    },
    startOverTitle: 'Start innlogginga på nytt',
    startOver: {
      expired: 'Vi finn inga påbyrja innlogging i denne nettlesaren. Ho kan vere gått ut, allereie fullført eller starta i ein annan nettlesar.',
      attempts: 'Koden vart skriven feil for mange gonger, så vi avbraut innlogginga. Det hindrar at nokon gjettar seg fram til koden. Start på nytt for å få ein ny kode.',
    },
    startOverLink: 'Gå til innlogginga',
  },
  mail: {
    subject: 'Kode for å stadfeste e-postadressa di i Nytenk',
    body: ({ code, provider, until, site }: { code: string; provider: string; until: string; site: string }) =>
      [
        'Hei!',
        '',
        `Nokon – forhåpentleg du – logga inn i Nytenk med ${provider} og oppgav denne e-postadressa.`,
        '',
        `Koden din er: ${code}`,
        '',
        `Skriv koden inn på sida der du vart beden om han. Han verkar til ${until}. Då blir innlogginga med ${provider} knytt til Nytenk-kontoen med denne adressa, eller til ein ny konto om adressa ikkje har nokon.`,
        '',
        'Var det ikkje deg? Då kan du sjå bort frå denne e-posten: utan koden kjem ingen inn. Ikkje gi koden til nokon. Nytenk spør aldri etter han på telefon eller i e-post.',
        '',
        'Helsing Nytenk',
        site,
      ].join('\n'),
  },
  reasons: {
    expired: 'Innlogginga er gått ut eller allereie brukt. Start innlogginga på nytt frå denne sida.',
    state_mismatch: 'Svaret frå innloggingstenesta høyrde ikkje til innlogginga som vart starta i denne nettlesaren, og vart avvist.',
    nonce_mismatch: 'Innloggingstenesta sende eit ID-prov som ikkje høyrde til denne innlogginga, og det vart avvist.',
    denied: 'Innlogginga vart avbroten hos innloggingstenesta.',
    provider_error: 'Innloggingstenesta svarte med ein feil.',
    unavailable: 'Vi får ikkje kontakt med innloggingstenesta akkurat no. Prøv igjen om litt.',
    token_failed: 'Svaret frå innloggingstenesta kunne ikkje stadfestast.',
    disabled: 'Kontoen er deaktivert. Kontakt administratoren av plattforma.',
  },
};

const en: OidcMessages = {
  signInWith: (provider: string) => `Sign in with ${provider}`,
  providersHeading: 'Sign in with an identity provider',
  passwordHeading: 'Or sign in with e-mail and password',
  errorTitle: 'Sign-in failed',
  tryAgain: 'Try signing in again',
  signOutTitle: (provider: string) => `Signing out at ${provider}`,
  signOutLead: (provider: string) => `You are signed out of Nytenk. You are now taken to ${provider} to sign out there too.`,
  signOutContinue: (provider: string) => `Continue to sign out at ${provider}`,
  confirm: {
    emailTitle: 'Confirm your e-mail address',
    emailLead: (provider: string) =>
      `You signed in with ${provider}, but ${provider} does not give us your e-mail address. We need it to find your Nytenk account, or create a new one, and to send you the notifications you ask for.`,
    emailHow: 'Enter the e-mail address you use at work and we will send a six-digit code to it. If you already have a Nytenk account, enter the address of that account, and this sign-in is linked to it.',
    emailLabel: 'Work e-mail address',
    emailHint: 'For example kari.nordmann@kommune.no',
    sendCode: 'Send code',
    codeTitle: 'Enter the code from the e-mail',
    codeSent: (email: string) => `We have sent a six-digit code to ${email}.`,
    codeWait: (until: string) => `The e-mail can take a couple of minutes to arrive. Check your spam folder if you cannot find it. The code works until ${until}.`,
    codeLabel: 'Code',
    codeHint: 'Six digits',
    confirmSubmit: 'Confirm and sign in',
    resendHeading: 'Did not get the code?',
    resendLead: 'Check that the address is right and ask for a new code. The previous code then stops working.',
    resendSubmit: 'Send a new code',
    noMoreCodes: 'We have sent as many codes as we can for this sign-in. If none of them arrived, you can start the sign-in again.',
    tooManyCodes: 'We send no more codes for this sign-in. Use the last code you received, or start the sign-in again.',
    codeErrors: {
      required: () => 'Enter the code from the e-mail.',
      format: () => 'The code is six digits, for example 123456.',
      wrong: (left: number) => `The code is not right. You have ${left} ${left === 1 ? 'attempt' : 'attempts'} left.`,
    },
    startOverTitle: 'Start the sign-in again',
    startOver: {
      expired: 'We cannot find a sign-in under way in this browser. It may have expired, been completed already, or been started in another browser.',
      attempts: 'The code was entered wrongly too many times, so we stopped the sign-in. This keeps anyone from guessing the code. Start again to get a new code.',
    },
    startOverLink: 'Go to sign-in',
  },
  mail: {
    subject: 'Code to confirm your e-mail address in Nytenk',
    body: ({ code, provider, until, site }: { code: string; provider: string; until: string; site: string }) =>
      [
        'Hello,',
        '',
        `Someone – hopefully you – signed in to Nytenk with ${provider} and gave this e-mail address.`,
        '',
        `Your code is: ${code}`,
        '',
        `Enter the code on the page that asked for it. It works until ${until}. The sign-in with ${provider} is then linked to the Nytenk account with this address, or to a new account if the address has none.`,
        '',
        'Was it not you? Then you can ignore this e-mail: without the code nobody gets in. Do not give the code to anyone. Nytenk never asks for it by phone or e-mail.',
        '',
        'Nytenk',
        site,
      ].join('\n'),
  },
  reasons: {
    expired: 'The sign-in has expired or was already used. Start again from this page.',
    state_mismatch: 'The answer from the identity provider did not belong to a sign-in started in this browser, and was refused.',
    nonce_mismatch: 'The identity provider sent an ID token that did not belong to this sign-in, and it was refused.',
    denied: 'The sign-in was cancelled at the identity provider.',
    provider_error: 'The identity provider answered with an error.',
    unavailable: 'We cannot reach the identity provider right now. Please try again in a little while.',
    token_failed: 'The answer from the identity provider could not be verified.',
    disabled: 'The account is disabled. Contact the platform administrator.',
  },
};

const catalogue: Record<Lang, OidcMessages> = { nb, nn, en };

export function oidcMessages(lang: Lang): OidcMessages {
  return catalogue[lang];
}
