// Progressive enhancement only: every page works without this file.

// Move focus to the error summary when a form comes back with errors, so screen-reader users hear
// what went wrong first (GOV.UK pattern).
const summary = document.querySelector('[data-error-summary]');
if (summary instanceof HTMLElement) summary.focus();
