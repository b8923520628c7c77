import { describe, expect, it } from 'vitest';
import { derivePaymentStatus } from '../../src/shared/workflow/paymentStatus';
import type { InvoiceStatus, PaymentStatus, SubStatus } from '../../src/shared/domain/words';

// Payment status from DESIGN.md section 2, written out by hand from its six rules (first rule
// that matches):
//   1. has an export batch -> Paid
//   2. sub-status Denied -> Denied
//   3. status Corrections Required, or sub-status Administrative Hold -> Hold
//   4. status Pending Payment -> Authorized
//   5. has a received-at -> Received
//   6. otherwise -> New
// Each row names the rule that must decide it; the "wins over" rows hold a state that a later rule
// would also match, so a reordered or missing rule fails here.

const RECEIVED = '2026-07-03T18:30:00.000Z';

type Row = [rule: string, batch: number | null, status: InvoiceStatus, sub: SubStatus, received: string | null, expected: PaymentStatus];

const TABLE: Row[] = [
  // 1. Exported: Paid, whatever else the item says.
  ['1: exported and paid', 4, 'Invoice History', 'Paid', RECEIVED, 'Paid'],
  ['1: exported to a third-party payor, In Process', 4, 'Pending Payment', 'In Process', RECEIVED, 'Paid'],
  ['1: exported, Processed by the third-party payor', 4, 'Invoice History', 'Processed', RECEIVED, 'Paid'],
  ['1 wins over 4: exported and still Pending Payment', 4, 'Pending Payment', 'Awaiting Action', RECEIVED, 'Paid'],
  ['1 wins over 2: exported and Denied', 4, 'Invoice History', 'Denied', RECEIVED, 'Paid'],
  ['1 wins over 3: exported and Administrative Hold', 4, 'Pending Payment', 'Administrative Hold', RECEIVED, 'Paid'],
  ['1 wins over 3: exported and Corrections Required', 4, 'Corrections Required', 'Awaiting Action', RECEIVED, 'Paid'],
  ['1 wins over 6: exported, never received', 4, 'Invoice History', 'Paid', null, 'Paid'],
  // 2. Denied.
  ['2: denied after it was received', null, 'Invoice History', 'Denied', RECEIVED, 'Denied'],
  ['2 wins over 6: denied, never received', null, 'Invoice History', 'Denied', null, 'Denied'],
  // 3. Hold: Corrections Required, or Administrative Hold in either pending status.
  ['3: corrections required', null, 'Corrections Required', 'Awaiting Action', RECEIVED, 'Hold'],
  ['3: administrative hold in Pending Approval', null, 'Pending Approval', 'Administrative Hold', RECEIVED, 'Hold'],
  ['3 wins over 4: administrative hold in Pending Payment', null, 'Pending Payment', 'Administrative Hold', RECEIVED, 'Hold'],
  ['3 wins over 6: administrative hold, never received', null, 'Pending Approval', 'Administrative Hold', null, 'Hold'],
  ['3 wins over 6: corrections required, never received', null, 'Corrections Required', 'Awaiting Action', null, 'Hold'],
  // 4. Authorized: Pending Payment.
  ['4: pending payment, awaiting action', null, 'Pending Payment', 'Awaiting Action', RECEIVED, 'Authorized'],
  ['4: pending payment, in review', null, 'Pending Payment', 'In Review', RECEIVED, 'Authorized'],
  ['4: pending payment, In Process without a batch', null, 'Pending Payment', 'In Process', RECEIVED, 'Authorized'],
  ['4 wins over 6: pending payment, no received-at', null, 'Pending Payment', 'Awaiting Action', null, 'Authorized'],
  // 5. Received.
  ['5: received, awaiting action', null, 'Pending Approval', 'Awaiting Action', RECEIVED, 'Received'],
  ['5: received, in review', null, 'Pending Approval', 'In Review', RECEIVED, 'Received'],
  ['5: Invoice History without a batch is not Paid (rule 1 is the batch)', null, 'Invoice History', 'Paid', RECEIVED, 'Received'],
  // 6. New.
  ['6: generated, nothing received', null, 'Pending Approval', 'Awaiting Action', null, 'New'],
  ['6: in review, nothing received', null, 'Pending Approval', 'In Review', null, 'New'],
  ['6: Invoice History / Processed without a batch or received-at', null, 'Invoice History', 'Processed', null, 'New'],
];

describe('payment status, first rule that matches (DESIGN.md section 2)', () => {
  it.each(TABLE)('rule %s', (_rule, exportBatchId, invoiceStatus, subStatus, receivedAt, expected) => {
    expect(derivePaymentStatus({ exportBatchId, invoiceStatus, subStatus, receivedAt })).toBe(expected);
  });

  it('every payment status comes out of some row, and every rule decides some row', () => {
    expect(new Set(TABLE.map((r) => r[5]))).toEqual(new Set(['New', 'Received', 'Authorized', 'Hold', 'Paid', 'Denied']));
    expect(new Set(TABLE.map((r) => r[0][0]))).toEqual(new Set(['1', '2', '3', '4', '5', '6']));
  });
});
