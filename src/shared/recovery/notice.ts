import { addDays, isIsoDate } from '../domain/dates';
import { planText, type RecoveryPlan } from './recovery';

// The overpayment notice a provider gets with its remittance (DESIGN.md section 4): the total,
// the service dates, the reason, how it will be recovered, and how and by when to contest it.

export const DEFAULT_CONTEST_DAYS = 30;

export interface RecoveryNoticeInput {
  agency: { name: string; addressLines: string[]; phone: string };
  provider: { id: number; name: string; licenseNumber: string; addressLines: string[] };
  recovery: {
    id: number;
    /** Negative: what the provider owes back. */
    amountCents: number;
    reasonCode: string;
    /** The reason as the agency's list words it. */
    reasonLabel: string;
    serviceFrom: string;
    serviceTo: string;
    plan: RecoveryPlan;
    /** The payments it corrects, if any. */
    correctsPaymentIds: number[];
  };
  /** The notice's date (the agency's local date it is printed). */
  noticeDate: string;
  /** Days the provider has to contest (default 30). */
  contestDays?: number;
}

export interface RecoveryNoticeModel extends RecoveryNoticeInput {
  contestDays: number;
  /** The last day to contest: the notice date + the contest days. */
  contestBy: string;
  /** What the provider owes, positive. */
  owedCents: number;
  planText: string;
  /** The paragraphs of "How to contest". */
  contestText: string[];
}

export function recoveryNotice(input: RecoveryNoticeInput): RecoveryNoticeModel {
  const contestDays = input.contestDays ?? DEFAULT_CONTEST_DAYS;
  const { recovery, agency, provider } = input;
  if (!isIsoDate(input.noticeDate)) throw new Error(`recovery notice: "${input.noticeDate}" is not a date as YYYY-MM-DD`);
  if (!Number.isInteger(contestDays) || contestDays < 1 || contestDays > 365) throw new Error(`recovery notice: ${contestDays} days to contest; give 1 to 365`);
  if (!Number.isSafeInteger(recovery.amountCents) || recovery.amountCents >= 0) throw new Error(`recovery notice: recovery ${recovery.id} has amount ${recovery.amountCents}; a recovery is negative`);
  const contestBy = addDays(input.noticeDate, contestDays);
  const write = [agency.name, ...agency.addressLines].filter(Boolean).join(', ');
  const contestText = [
    `If you believe this overpayment is wrong, you may contest it within ${contestDays} days of this notice, that is by ${contestBy}.`,
    `Write to ${write}${agency.phone ? `, or call ${agency.phone}` : ''}, quoting recovery ${recovery.id} and your license number ${provider.licenseNumber}. ` +
      'Send any records that support your case, such as attendance sheets or sign-in logs.',
    'The agency reviews every request and answers in writing. If you do not contest by that date, the amount is recovered as shown above.',
  ];
  return { ...input, contestDays, contestBy, owedCents: -recovery.amountCents, planText: planText(recovery.plan), contestText };
}
