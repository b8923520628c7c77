import { describe, expect, it } from 'vitest';
import { ACTION_NAMES, ACTIONS_TABLE } from '../../src/shared/workflow/actions';
import { DEFAULT_REASONS } from '../../src/main/core/db/migrations/0003-default-settings';
import { REASON_KIND, BANK_DETAILS_REASON, CORRECTIONS_OVERDUE_REASON } from '../../src/main/core/workflow/reasons';
import { isOverdue, isRefusal, matchRow, type Refusal, type RuleEnv } from '../../src/main/core/workflow/rules';
import type { ItemRow } from '../../src/main/core/workflow/item';

// The rule evaluator in isolation: which row applies, and the words of each refusal.

const NOW = '2026-05-01T12:00:00.000Z';
const env = (days = 30): RuleEnv => ({ now: NOW, autoDenyDays: () => days });

function item(over: Partial<ItemRow> = {}): ItemRow {
  return {
    id: 7, kind: 'payment', providerId: 1, periodId: 1, payorId: 1, payorKind: 'direct',
    invoiceStatus: 'Pending Approval', subStatus: 'Awaiting Action', submissionStatus: 'New', paymentStatus: 'Received',
    receivedAt: '2026-04-02T09:00:00.000Z', amountCents: null, exportBatchId: null, holdKind: null, version: 3,
    providerSignedAt: null, parentSignedAt: null, calculatedAt: null, authorizedBy: null, statusChangedAt: '2026-04-02T09:00:00.000Z', basis: null,
    qaSample: null, calculatedBy: null,
    ...over,
  };
}

function refusal(x: ReturnType<typeof matchRow>): Refusal {
  expect(isRefusal(x)).toBe(true);
  return x as Refusal;
}

describe('matchRow', () => {
  it('names the failed rule in words a finance user understands', () => {
    expect(refusal(matchRow('authorize', item(), 'Approver', env()))).toEqual({
      code: 'REFUSED', rule: 'authorize.calculated', message: 'Authorize needs a calculated amount: calculate the payment first.',
    });
    expect(refusal(matchRow('authorize', item({ receivedAt: null }), 'Approver', env())).rule).toBe('authorize.received');
    expect(refusal(matchRow('authorize', item(), 'Payor', env()))).toMatchObject({ code: 'FORBIDDEN', rule: 'authorize.group', message: 'Authorize is for the Approver group; it cannot be taken as Payor.' });
    expect(refusal(matchRow('auto-deny', item(), 'Approver', env())).message).toBe('Auto-deny is done by PayDesk itself (System), not by a user.');
    expect(refusal(matchRow('start-review', item({ invoiceStatus: 'Pending Payment' }), 'Approver', env())).message).toBe(
      'Start review as Approver is possible only in Pending Approval (Awaiting Action); payment 7 is Pending Payment / Awaiting Action.',
    );
    expect(refusal(matchRow('deny', item({ subStatus: 'Administrative Hold', holdKind: 'administrative' }), 'Approver', env())).rule).toBe('item.on-hold');
    expect(refusal(matchRow('release-hold', item({ invoiceStatus: 'Invoice History', subStatus: 'Paid' }), 'Payor', env())).rule).toBe('item.final');
    expect(refusal(matchRow('mark-processed', item({ invoiceStatus: 'Pending Payment', subStatus: 'In Process' }), 'Payor', env())).rule).toBe('mark-processed.payor-kind');
    expect(refusal(matchRow('calculate', item({ kind: 'adjustment' }), 'Approver', env())).rule).toBe('calculate.item-kind');
    expect(refusal(matchRow('record-paper-attendance', item(), 'Approver', env())).message).toBe(
      'Record paper attendance is only for items not yet received; payment 7 was received on 2026-04-02.',
    );
    expect(refusal(matchRow('parent-signature', item(), 'System', env())).rule).toBe('parent-signature.submission-status');
    expect(refusal(matchRow('release-hold', item({ subStatus: 'Administrative Hold', holdKind: 'bank_details' }), 'Approver', env())).rule).toBe('release-hold.hold-kind');
    expect(refusal(matchRow('create', item(), 'System', env())).rule).toBe('create.not-on-existing');
  });

  it('picks the row by payor kind (export pays direct items, hands third-party items over)', () => {
    const pp = { invoiceStatus: 'Pending Payment', subStatus: 'In Review' } as const;
    const direct = matchRow('export', item(pp), 'System', env());
    const third = matchRow('export', item({ ...pp, payorKind: 'third_party' }), 'System', env());
    expect(!isRefusal(direct) && direct.to).toEqual({ status: 'Invoice History', subStatus: 'Paid' });
    expect(!isRefusal(third) && third.to).toEqual({ status: 'Pending Payment', subStatus: 'In Process' });
  });

  it('auto-deny: only after more than the configured days in Corrections Required; 0 is off', () => {
    const cr = (daysAgo: number) => item({ invoiceStatus: 'Corrections Required', statusChangedAt: new Date(Date.parse(NOW) - daysAgo * 86_400_000).toISOString() });
    expect(isOverdue(cr(30), env())).toBe(false);
    expect(isOverdue(cr(30.01), env())).toBe(true);
    expect(isOverdue(cr(400), env(0))).toBe(false);
    expect(isRefusal(matchRow('auto-deny', cr(31), 'System', env()))).toBe(false);
    expect(refusal(matchRow('auto-deny', cr(12), 'System', env())).message).toBe(
      'Auto-deny applies after 30 days in Corrections Required; payment 7 has been there 12 days.',
    );
    expect(refusal(matchRow('auto-deny', cr(400), 'System', env(0))).rule).toBe('auto-deny.off');
  });
});

describe('reasons', () => {
  it('every action whose row needs a reason has a reason list, with defaults to choose from', () => {
    const needing = [...new Set(ACTIONS_TABLE.filter((r) => r.reasonRequired).map((r) => r.action))];
    for (const action of needing) {
      const kind = REASON_KIND[action];
      expect(kind, action).toBeDefined();
      expect(DEFAULT_REASONS.some(([k]) => k === kind), action).toBe(true);
    }
    expect(Object.keys(REASON_KIND).every((a) => (ACTION_NAMES as readonly string[]).includes(a))).toBe(true);
    expect(DEFAULT_REASONS).toContainEqual(['hold', BANK_DETAILS_REASON, expect.any(String)]);
    expect(DEFAULT_REASONS).toContainEqual(['deny', CORRECTIONS_OVERDUE_REASON, expect.any(String)]);
  });
});

describe('the QA sample rows', () => {
  const calculated = { amountCents: 5000, calculatedAt: NOW, basis: 'attendance' as const, calculatedBy: 11 };
  it('Authorize waits for the QA check of a sampled payment, and says so', () => {
    expect(refusal(matchRow('authorize', item({ ...calculated, qaSample: 'sampled' }), 'Approver', env()))).toEqual({
      code: 'REFUSED',
      rule: 'authorize.qa-sample',
      message: 'Authorize is refused: payment 7 is in the QA sample and not checked yet. A second Approver, not the one who calculated it, marks it QA checked first.',
    });
    for (const qaSample of [null, 'not sampled', 'checked'] as const) {
      expect(isRefusal(matchRow('authorize', item({ ...calculated, qaSample }), 'Approver', env()))).toBe(false);
    }
  });

  it('Mark QA checked: only a sampled payment, never by the Approver who calculated it', () => {
    const sampled = item({ ...calculated, qaSample: 'sampled' });
    expect(isRefusal(matchRow('mark-qa-checked', sampled, 'Approver', env(), 12))).toBe(false);
    expect(refusal(matchRow('mark-qa-checked', sampled, 'Approver', env(), 11))).toEqual({
      code: 'REFUSED',
      rule: 'mark-qa-checked.separation-of-duties',
      message: 'Separation of duties: you calculated payment 7, so a second Approver, not you, marks it QA checked.',
    });
    expect(refusal(matchRow('mark-qa-checked', item({ ...calculated, qaSample: 'checked' }), 'Approver', env(), 12)).message).toBe('Payment 7 is already QA checked for its current calculation.');
    expect(refusal(matchRow('mark-qa-checked', item({ ...calculated, qaSample: 'not sampled' }), 'Approver', env(), 12)).rule).toBe('mark-qa-checked.qa-sample');
    expect(refusal(matchRow('mark-qa-checked', sampled, 'Payor', env(), 12)).code).toBe('FORBIDDEN');
    // Calculated by PayDesk itself (Generate of a period paid in advance): any Approver checks it.
    expect(isRefusal(matchRow('mark-qa-checked', item({ ...calculated, calculatedBy: null, qaSample: 'sampled' }), 'Approver', env(), 11))).toBe(false);
  });
});
