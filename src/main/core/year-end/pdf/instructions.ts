import type { TaxForm } from '../../../../shared/year-end/tax-year';

// The "Instructions for Recipient" printed under each recipient copy: a substitute statement must
// carry the IRS's instructions (Publication 1179), in substance as the official Copy B has them.

export type Instruction = readonly [lead: string, text: string];

const COMMON_HEAD: Instruction[] = [
  [
    "Recipient's taxpayer identification number (TIN).",
    'For your protection, this form may show only the last four digits of your TIN (social security number (SSN), individual taxpayer identification number (ITIN), adoption taxpayer identification number (ATIN), or employer identification number (EIN)). However, the payer has reported your complete TIN to the IRS.',
  ],
  ['Account number.', 'May show an account or other unique number the payer assigned to distinguish your account.'],
];

const COMMON_TAIL = (form: TaxForm, site: string): Instruction[] => [
  [
    `Form ${form} incorrect?`,
    'If this form is incorrect or has been issued in error, contact the payer. If you cannot get this form corrected, attach an explanation to your tax return and report your income correctly.',
  ],
  ['Future developments.', `For the latest information about developments related to Form ${form} and its instructions, such as legislation enacted after they were published, go to ${site}.`],
  ['Free File Program.', 'Go to www.irs.gov/FreeFile to see if you qualify for no-cost online federal tax preparation, e-filing, and direct deposit or payment options.'],
];

const NEC: Instruction[] = [
  ...COMMON_HEAD,
  [
    'Box 1.',
    'Shows nonemployee compensation. If the amount in this box is self-employment (SE) income, report it on Schedule C or F (Form 1040 or 1040-SR), and complete Schedule SE (Form 1040 or 1040-SR). You received this form instead of Form W-2 because the payer did not consider you an employee and did not withhold income tax or social security and Medicare tax. If you believe you are an employee and cannot get the payer to correct this form, report this amount on the line for "Wages, salaries, tips, etc." of Form 1040, 1040-SR, or 1040-NR. You must also complete Form 8919 and attach it to your return. If you are not an employee but the amount in this box is not SE income (for example, it is income from a sporadic activity or a hobby), report this amount on the "Other income" line (on Schedule 1 (Form 1040); or Form 1040-NR).',
  ],
  [
    'Box 2.',
    'If checked, consumer products totaling $5,000 or more were sold to you for resale, on a buy-sell, a deposit-commission, or other basis. Generally, report any income from your sale of these products on Schedule C (Form 1040 or 1040-SR).',
  ],
  ['Box 3.', 'Shows excess golden parachute payments, subject to a 20% excise tax. See your tax return instructions for where to report.'],
  [
    'Box 4.',
    'Shows backup withholding. A payer must backup withhold on certain payments if you did not give your TIN to the payer. See Form W-9, Request for Taxpayer Identification Number and Certification, for information on backup withholding. Include this amount on your income tax return as tax withheld.',
  ],
  ['Boxes 5–7.', 'State income tax withheld reporting boxes.'],
  ...COMMON_TAIL('1099-NEC', 'www.irs.gov/Form1099NEC'),
];

const MISC: Instruction[] = [
  ...COMMON_HEAD,
  ['FATCA filing requirement.', 'If the FATCA filing requirement box is checked, the payer is reporting on this Form 1099 to satisfy its chapter 4 account reporting requirement. You may also have a filing requirement. See the Instructions for Form 8938.'],
  [
    'Amounts shown may be subject to self-employment (SE) tax.',
    'If your net income from self-employment is $400 or more, you must file a return and compute your SE tax on Schedule SE (Form 1040 or 1040-SR). See Pub. 334. If no income or social security and Medicare taxes were withheld and you are still receiving these payments, see Form 1040-ES. Individuals must report these amounts as explained in these box instructions. Corporations, fiduciaries, or partnerships must report these amounts on the appropriate line of their tax returns.',
  ],
  ['Box 1.', 'Report rents from real estate on Schedule E (Form 1040). However, report rents on Schedule C (Form 1040) if you provided significant services to the tenant, sold real estate as a business, or rented personal property as a business. See Pub. 527.'],
  ['Box 2.', 'Report royalties from oil, gas, or mineral properties, copyrights, and patents on Schedule E (Form 1040). For royalties on timber, coal, and iron ore, see Pub. 544.'],
  [
    'Box 3.',
    'Generally, report this amount on the "Other income" line of Schedule 1 (Form 1040) and identify the payment. The amount shown may be payments received as the beneficiary of a deceased employee, prizes, awards, taxable damages, Indian gaming profits, or other taxable income. See Pub. 525. If it is trade or business income, report this amount on Schedule C or F (Form 1040).',
  ],
  ['Box 4.', 'Shows backup withholding or withholding on Indian gaming profits. Generally, a payer must backup withhold if you did not furnish your TIN. See Form W-9 and Pub. 505. Report this amount on your income tax return as tax withheld.'],
  ['Box 5.', 'Shows the amount the fishing boat operator considers your share of the catch, as self-employment income. Report this amount on Schedule C (Form 1040). See Pub. 334.'],
  ['Box 6.', 'For individuals, report on Schedule C (Form 1040).'],
  ['Box 7.', 'If checked, consumer products totaling $5,000 or more were sold to you for resale, on a buy-sell, a deposit-commission, or other basis. Generally, report any income from your sale of these products on Schedule C (Form 1040).'],
  ['Box 8.', 'Shows substitute payments in lieu of dividends or tax-exempt interest received by your broker on your behalf as a result of a loan of your securities. Report on the "Other income" line of Schedule 1 (Form 1040).'],
  ['Box 9.', 'Report this amount on Schedule F (Form 1040).'],
  ['Box 10.', 'Shows gross proceeds paid to an attorney in connection with legal services. Report only the taxable part as income on your return.'],
  ['Box 11.', 'Shows the amount of cash you received for the sale of fish if you are in the trade or business of catching fish.'],
  ['Box 12.', 'May show current year deferrals as a nonemployee under a nonqualified deferred compensation (NQDC) plan that is subject to the requirements of section 409A. Any amount included in box 15 is not included here.'],
  ['Box 15.', 'Shows income as a nonemployee under an NQDC plan that does not meet the requirements of section 409A. This amount is also included as nonemployee compensation; see the Instructions for Forms 1040 and 1040-SR.'],
  ['Boxes 16–18.', 'Show state or local income tax withheld from the payments.'],
  ...COMMON_TAIL('1099-MISC', 'www.irs.gov/Form1099MISC'),
];

export const RECIPIENT_INSTRUCTIONS: Record<TaxForm, Instruction[]> = { '1099-NEC': NEC, '1099-MISC': MISC };
