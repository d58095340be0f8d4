/**
 * Norwegian organisation numbers (organisasjonsnummer, «orgnr») from Enhetsregisteret.
 *
 * An orgnr is nine digits; the ninth is a MOD11 check digit over the first eight. Checking it
 * catches almost every single-digit typo and swapped pair before a number reaches the database
 * (which enforces the same rule in `is_valid_orgnr`, migrations/20261126T2330_foundation.sql).
 */

const WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2] as const;

/** Removes spaces (including no-break spaces), as in the common «958 935 420» notation. */
export function normaliseOrgnr(value: string): string {
  return value.replace(/[\s\u00a0\u202f]/g, '');
}

/**
 * Why a value is not a valid orgnr: 'format' when it is not nine digits once spaces are removed,
 * 'check_digit' when the MOD11 check fails; null when it is valid.
 */
export function orgnrProblem(value: string): 'format' | 'check_digit' | null {
  const digits = normaliseOrgnr(value);
  if (!/^[0-9]{9}$/.test(digits)) return 'format';
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * WEIGHTS[i]!;
  // Check digit = 11 − (sum mod 11). A result of 11 means 0; a result of 10 cannot be written as
  // one digit, so Brønnøysund never issues such numbers: any number that needs it is invalid.
  const check = 11 - (sum % 11);
  if (check === 10) return 'check_digit';
  return (check === 11 ? 0 : check) === Number(digits[8]) ? null : 'check_digit';
}

/** True when the value (spaces allowed) is a well-formed orgnr with a correct check digit. */
export function isValidOrgnr(value: string): boolean {
  return orgnrProblem(value) === null;
}

/** The valid orgnr that starts with these eight digits, or null when none exists (check would be 10). */
export function completeOrgnr(first8: string): string | null {
  if (!/^[0-9]{8}$/.test(first8)) throw new Error('eight digits expected');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(first8[i]) * WEIGHTS[i]!;
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return first8 + String(check === 11 ? 0 : check);
}
