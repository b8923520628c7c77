import { z } from 'zod';
import { tinProblem } from './tin';
import { US_STATES } from './tax-year';

// What the agency must fill in before PayDesk can write its electronic filing (IRS Publication
// 1220, docs/formats/irs-1220.md): the Transmitter Control Code the IRS issued to it, who the IRS
// calls about the file, and the payer's address as the IRS has it. Settings `yearEnd.*`.

const text = (max: number, what: string) => z.string().trim().min(1, 'is required').max(max, `${what} holds at most ${max} characters`);

export const usState = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
  z.enum(US_STATES, { message: 'must be a two-letter US state code (e.g. IL)' }),
);

/** 5 digits, or ZIP+4 as 9 digits or 12345-6789; stored as digits only. */
export const zipCode = z
  .string()
  .trim()
  .regex(/^\d{5}(-?\d{4})?$/, 'a ZIP code is 5 digits or ZIP+4 (12345-6789)')
  .transform((v) => v.replace('-', ''));

export const phoneDigits = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s().+-]/g, '').replace(/^1(?=\d{10})/, '').replace(/(ext|x)\.?/i, ''))
  .pipe(z.string().regex(/^\d{10}\d{0,5}$/, 'a US telephone number, 10 digits with an optional extension'));

export const einDigits = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const problem = tinProblem('EIN', v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .transform((v) => v.replace('-', ''));

/** The agency as payer (the A record and the recipient copies) and as transmitter (the T record). */
export const filingSettings = z.object({
  /** Issued by the IRS on an approved IR Application for a TCC: five letters or digits. */
  tcc: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .pipe(z.string().regex(/^[A-Z0-9]{5}$/, 'a Transmitter Control Code is 5 letters or digits, as the IRS issued it')),
  payerTin: einDigits,
  /** The payer's name as on its tax returns (40 characters a line in the file). */
  payerName: text(80, 'the payer name'),
  payerAddress: text(40, 'the street address'),
  payerCity: text(40, 'the city'),
  payerState: usState,
  payerZip: zipCode,
  payerPhone: phoneDigits,
  /** The person the IRS contacts about the file. */
  contactName: text(40, 'the contact name'),
  contactPhone: phoneDigits,
  contactEmail: z
    .string()
    .trim()
    .max(50, 'at most 50 characters')
    .regex(/^[!-?A-~]+@[!-?A-~]+\.[!-?A-~]+$/, 'is not an e-mail address (letters, digits and marks of plain ASCII)'),
  /** Only when the IRS approved the agency for the Combined Federal/State Filing Program. */
  combinedFederalState: z.boolean().default(false),
});
export type FilingSettings = z.output<typeof filingSettings>;
export type FilingSettingsInput = z.input<typeof filingSettings>;
