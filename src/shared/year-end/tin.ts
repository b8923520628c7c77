// Taxpayer identification numbers as a provider's Form W-9 gives them: the SSN box (a social
// security number, or an ITIN for an individual who has none) or the EIN box. Format checks only:
// whether the IRS has issued a number is known only to the IRS (TIN matching).

export const TIN_TYPES = ['SSN', 'EIN'] as const;
export type TinType = (typeof TIN_TYPES)[number];
export const TIN_TYPE_LABELS: Record<TinType, string> = {
  SSN: 'SSN (or ITIN) — an individual or sole proprietor',
  EIN: 'EIN — a business',
};

/** ITINs begin with 9 and their 4th and 5th digits are 50–65, 70–88, 90–92 or 94–99 (IRS). */
function itinMiddleDigits(middle: number): boolean {
  return (middle >= 50 && middle <= 65) || (middle >= 70 && middle <= 88) || (middle >= 90 && middle <= 92) || middle >= 94;
}

/** True for a number of the ITIN form: 9XX-[50–65, 70–88, 90–92, 94–99]-XXXX. */
export function looksLikeItin(digits: string): boolean {
  return /^9\d{8}$/.test(digits) && itinMiddleDigits(Number(digits.slice(3, 5)));
}

/**
 * EIN prefixes the IRS assigns (its table "How EINs are assigned and valid EIN prefixes": the
 * campuses, the internet and the SBA). Any other first two digits were never issued.
 */
const EIN_PREFIX_RANGES: ReadonlyArray<readonly [number, number]> = [
  [1, 6], [10, 16], [20, 27], [30, 39], [40, 48], [50, 59], [60, 68], [71, 77], [80, 88], [90, 95], [98, 99],
];
export function isIssuedEinPrefix(prefix: number): boolean {
  return EIN_PREFIX_RANGES.some(([lo, hi]) => prefix >= lo && prefix <= hi);
}

/** SSNs printed in examples and advertisements (SSA): never a real person's. */
const EXAMPLE_SSNS = new Set(['123456789', '078051120', '219099999']);
const isAdvertisingSsn = (d: string) => /^98765432\d$/.test(d);

/** "12-3456789", "123-45-6789" or "123456789" → "123456789"; null when it is not 9 digits with dashes where one writes them. */
export function normalizeTin(text: string): string | null {
  const t = text.trim();
  if (/^\d{9}$/.test(t)) return t;
  const m = /^(\d{3})-(\d{2})-(\d{4})$/.exec(t) ?? /^(\d{2})-(\d{7})$/.exec(t);
  return m ? m.slice(1).join('') : null;
}

/** Why a TIN of this type is refused, or null when its format is good. */
export function tinProblem(type: TinType, text: string): string | null {
  const digits = normalizeTin(text);
  if (digits === null) return type === 'EIN' ? 'an EIN is 9 digits, as 12-3456789' : 'an SSN is 9 digits, as 123-45-6789';
  // Pub 1220: "all zeros, ones, twos, etc. will have the effect of an incorrect TIN".
  if (/^(\d)\1{8}$/.test(digits)) return `${digits[0].repeat(9)} is not a TIN (all nine digits the same)`;
  if (type === 'EIN') {
    // The one case the format can tell for sure: an individual's number written the SSN way in the EIN box.
    if (/^\d{3}-\d{2}-\d{4}$/.test(text.trim()) && looksLikeItin(digits)) {
      return 'this is an ITIN (an individual\'s number); the TIN type EIN needs the business\'s EIN from its W-9';
    }
    const prefix = Number(digits.slice(0, 2));
    if (!isIssuedEinPrefix(prefix)) {
      return looksLikeItin(digits)
        ? 'this is an ITIN (an individual\'s number), not an EIN: choose TIN type SSN, or ask for the business\'s EIN'
        : `no EIN begins with ${digits.slice(0, 2)} (the IRS has never issued that prefix)`;
    }
    return null;
  }
  const area = digits.slice(0, 3);
  if (EXAMPLE_SSNS.has(digits) || isAdvertisingSsn(digits)) return `${formatTin('SSN', digits)} is a number used in examples and advertisements, never issued`;
  if (digits[0] === '9') {
    if (digits.slice(3, 5) === '93') return 'this is an ATIN (issued for a child pending adoption), not a provider\'s number';
    if (!looksLikeItin(digits)) return 'a number beginning with 9 is an ITIN, and an ITIN\'s 4th and 5th digits are 50–65, 70–88, 90–92 or 94–99';
    return null;
  }
  if (area === '000' || area === '666') return `no SSN begins with ${area}`;
  if (digits.slice(3, 5) === '00') return 'no SSN has 00 as its 4th and 5th digits';
  if (digits.slice(5) === '0000') return 'no SSN ends in 0000';
  return null;
}

/**
 * Something to check on the W-9, though the number may be right: an EIN whose digits also have
 * the ITIN form (the IRS's prefixes 90–95, 98 and 99 overlap the ITIN ranges).
 */
export function tinWarning(type: TinType, text: string): string | null {
  const digits = normalizeTin(text);
  if (digits === null || tinProblem(type, text) !== null) return null;
  if (type === 'EIN' && looksLikeItin(digits)) return 'this EIN also has the form of an ITIN: check the W-9 shows it in the EIN box';
  if (type === 'SSN' && looksLikeItin(digits)) return 'this is an ITIN (the W-9\'s SSN box accepts one)';
  return null;
}

/** 123-45-6789 for an SSN or ITIN, 12-3456789 for an EIN. */
export function formatTin(type: TinType, digits: string): string {
  return type === 'EIN' ? `${digits.slice(0, 2)}-${digits.slice(2)}` : `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}

/** The last four digits only, as the IRS allows on a recipient's copy: ***-**-6789 or **-***6789. */
export function maskTin(type: TinType, digits: string): string {
  const last4 = digits.slice(-4);
  return type === 'EIN' ? `**-***${last4}` : `***-**-${last4}`;
}

/** A TIN as a user sees it: whole for Administrators, masked for everyone else; '' when none is on file. */
export function tinForViewer(type: TinType | null, digits: string | null, viewerIsAdministrator: boolean): string {
  if (!type || !digits) return '';
  return viewerIsAdministrator ? formatTin(type, digits) : maskTin(type, digits);
}
