import type { PaymentStatus, SubmissionStatus } from '../domain/words';

/**
 * The five tabs of seed 000, exactly. Each rule is a disjunction of field = value terms, so the
 * core turns it into SQL (`payment_status IN (...) OR submission_status IN (...)`) and the
 * renderer and tests evaluate the very same data in memory.
 */
export const TABS = ['All', 'Pending Parent', 'Submitted', 'Authorized', 'Paid'] as const;
export type Tab = (typeof TABS)[number];

export interface TabRule {
  tab: Tab;
  /** Empty rule (both lists empty) selects everything. */
  paymentStatusIn: readonly PaymentStatus[];
  submissionStatusIn: readonly SubmissionStatus[];
  description: string;
}

export const TAB_RULES: Record<Tab, TabRule> = {
  All: {
    tab: 'All',
    paymentStatusIn: [],
    submissionStatusIn: [],
    description: 'All payments for this service period regardless of their Submission and Payment status',
  },
  'Pending Parent': {
    tab: 'Pending Parent',
    paymentStatusIn: [],
    submissionStatusIn: ['Ready for Parent'],
    description: 'Digital submissions in the Ready for Parent submission status',
  },
  Submitted: {
    tab: 'Submitted',
    paymentStatusIn: ['Received'],
    submissionStatusIn: ['Submitted'],
    description: 'Payments in the Received payment status or the Submitted submission status',
  },
  Authorized: {
    tab: 'Authorized',
    paymentStatusIn: ['Authorized'],
    submissionStatusIn: [],
    description: 'Payments reviewed, calculated and authorized',
  },
  Paid: {
    tab: 'Paid',
    paymentStatusIn: ['Paid'],
    submissionStatusIn: [],
    description: 'Payments and adjustments exported for the service period',
  },
};

export function tabMatches(
  tab: Tab,
  item: { paymentStatus: PaymentStatus; submissionStatus: SubmissionStatus },
): boolean {
  const rule = TAB_RULES[tab];
  if (rule.paymentStatusIn.length === 0 && rule.submissionStatusIn.length === 0) return true;
  return rule.paymentStatusIn.includes(item.paymentStatus) || rule.submissionStatusIn.includes(item.submissionStatus);
}
