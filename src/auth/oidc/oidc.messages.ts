import type { Lang } from '../../i18n/index.js';
import type { FailureReason } from './oidc.service.js';

/** OpenID Connect sign-in's words in bokmål, nynorsk and English. */
const nb = {
  signInWith: (provider: string) => `Logg inn med ${provider}`,
  providersHeading: 'Logg inn med en innloggingstjeneste',
  passwordHeading: 'Eller logg inn med e-post og passord',
  errorTitle: 'Innloggingen mislyktes',
  tryAgain: 'Prøv å logge inn på nytt',
  signOutTitle: (provider: string) => `Logger ut hos ${provider}`,
  signOutLead: (provider: string) => `Du er logget ut av Nytenk. Nå sendes du videre til ${provider} for å logge ut der også.`,
  signOutContinue: (provider: string) => `Fortsett til utlogging hos ${provider}`,
  reasons: {
    expired: 'Innloggingen er utløpt eller allerede brukt. Start innloggingen på nytt fra denne siden.',
    state_mismatch: 'Svaret fra innloggingstjenesten hørte ikke til innloggingen som ble startet i denne nettleseren, og ble avvist.',
    nonce_mismatch: 'Innloggingstjenesten sendte et ID-bevis som ikke hørte til denne innloggingen, og det ble avvist.',
    denied: 'Innloggingen ble avbrutt hos innloggingstjenesten.',
    provider_error: 'Innloggingstjenesten svarte med en feil.',
    unavailable: 'Vi får ikke kontakt med innloggingstjenesten akkurat nå. Prøv igjen om litt.',
    token_failed: 'Svaret fra innloggingstjenesten kunne ikke bekreftes.',
    no_email: 'Innloggingstjenesten oppga ingen e-postadresse. Uten den kan vi ikke opprette eller finne kontoen din.',
    email_unverified: 'Innloggingstjenesten har ikke bekreftet e-postadressen din, så vi kan ikke knytte den til en konto.',
    disabled: 'Kontoen er deaktivert. Kontakt administratoren av plattformen.',
  } satisfies Record<FailureReason, string>,
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
  reasons: {
    expired: 'Innlogginga er gått ut eller allereie brukt. Start innlogginga på nytt frå denne sida.',
    state_mismatch: 'Svaret frå innloggingstenesta høyrde ikkje til innlogginga som vart starta i denne nettlesaren, og vart avvist.',
    nonce_mismatch: 'Innloggingstenesta sende eit ID-prov som ikkje høyrde til denne innlogginga, og det vart avvist.',
    denied: 'Innlogginga vart avbroten hos innloggingstenesta.',
    provider_error: 'Innloggingstenesta svarte med ein feil.',
    unavailable: 'Vi får ikkje kontakt med innloggingstenesta akkurat no. Prøv igjen om litt.',
    token_failed: 'Svaret frå innloggingstenesta kunne ikkje stadfestast.',
    no_email: 'Innloggingstenesta oppgav inga e-postadresse. Utan ho kan vi ikkje opprette eller finne kontoen din.',
    email_unverified: 'Innloggingstenesta har ikkje stadfesta e-postadressa di, så vi kan ikkje knyte ho til ein konto.',
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
  reasons: {
    expired: 'The sign-in has expired or was already used. Start again from this page.',
    state_mismatch: 'The answer from the identity provider did not belong to a sign-in started in this browser, and was refused.',
    nonce_mismatch: 'The identity provider sent an ID token that did not belong to this sign-in, and it was refused.',
    denied: 'The sign-in was cancelled at the identity provider.',
    provider_error: 'The identity provider answered with an error.',
    unavailable: 'We cannot reach the identity provider right now. Please try again in a little while.',
    token_failed: 'The answer from the identity provider could not be verified.',
    no_email: 'The identity provider gave no e-mail address. Without one we cannot create or find your account.',
    email_unverified: 'The identity provider has not verified your e-mail address, so we cannot link it to an account.',
    disabled: 'The account is disabled. Contact the platform administrator.',
  },
};

const catalogue: Record<Lang, OidcMessages> = { nb, nn, en };

export function oidcMessages(lang: Lang): OidcMessages {
  return catalogue[lang];
}
