import { routingCheckDigit } from '../../src/shared/domain/routing';
import type { BatchModel, ItemModel, LineModel, PayeeModel } from '../../src/main/core/export/model';
import { payeeOrder } from '../../src/main/core/export/model';

// A hand-built batch model for the pure file writers and renderers: ACH business (CCD), ACH
// personal (PPD) with a savings account, a check payee, and a provider netting a payment with a
// negative adjustment.

export const routing = (first8: string) => first8 + String(routingCheckDigit(first8));

export function line(n: number, label: string, subtotalCents: number, extra: Partial<LineModel> = {}): LineModel {
  return {
    lineNo: n, label, ageGroup: 'toddler', fullDays: 18, partDays: 2, paidAbsences: 1, unpaidDays: 0, daysCut: 0,
    fullRateCents: 5200, partRateCents: 3100, copayCents: 2500, subtotalCents, ...extra,
  };
}

function payment(paymentId: number, lines: LineModel[]): ItemModel {
  return {
    paymentId, kind: 'payment', amountCents: lines.reduce((s, l) => s + l.subtotalCents, 0), correctsPaymentId: null,
    correctsPeriodLabel: null, adjustmentReason: null, lines,
  };
}

function adjustment(paymentId: number, amountCents: number, corrects: number): ItemModel {
  return {
    paymentId, kind: 'adjustment', amountCents, correctsPaymentId: corrects, correctsPeriodLabel: 'December 2025',
    adjustmentReason: 'Attendance for 12/22 was keyed twice', lines: [],
  };
}

function payee(p: Partial<PayeeModel> & Pick<PayeeModel, 'id' | 'name' | 'items'>): PayeeModel {
  return {
    licenseNumber: `LIC-${100000 + p.id}`, taxId: '36-1234567', type: 'center',
    addressLines: [`${p.id}0 Elm Street`, 'Springfield, IL 62704'], method: 'ach', routingNumber: null, accountNumber: null,
    accountType: null, accountHolder: null, checkNumber: null, traceNumber: null,
    netCents: p.items.reduce((s, i) => s + i.amountCents, 0), recoveries: [], ...p,
  };
}

export function fixtureModel(overrides: Partial<BatchModel> = {}): BatchModel {
  const payees: PayeeModel[] = [
    payee({
      id: 3, name: 'Sunrise Learning Center 3', method: 'ach', routingNumber: routing('07100001'), accountNumber: '123456789',
      accountType: 'checking', accountHolder: 'business',
      items: [payment(31, [line(1, 'Garcia, Ana (CASE-0000031)', 98650), line(2, 'Lee, Sam (CASE-0000032)', 45025, { ageGroup: 'infant' })])],
    }),
    payee({
      id: 7, name: 'Émilie O\'Brien Family Child Care', type: 'family_home', method: 'ach', routingNumber: routing('02100002'),
      accountNumber: '000987654321', accountType: 'savings', accountHolder: 'personal',
      items: [payment(71, [line(1, 'Brown, Kai (CASE-0000071)', 61000, { ageGroup: 'preschool' })]), adjustment(72, -12550, 40)],
    }),
    payee({
      id: 9, name: '=HYPERLINK("evil") Group Home 9', type: 'group_home', method: 'check', checkNumber: 100001,
      items: [payment(91, [line(1, 'Nguyen, Bo (CASE-0000091)', 30300, { ageGroup: 'school_age', copayCents: 0 })])],
    }),
    payee({
      id: 12, name: 'Apple Tree Learning Center 12', method: 'ach', routingNumber: routing('11100003'), accountNumber: '55500011',
      accountType: 'checking', accountHolder: 'business',
      items: [payment(121, [line(1, 'Smith, Jo (CASE-0000121)', 77777)]), adjustment(122, 1000, 120)],
    }),
  ];
  payees.sort(payeeOrder);
  let trace = 0;
  for (const p of payees) if (p.method === 'ach') p.traceNumber = `07100001${String(++trace).padStart(7, '0')}`;
  const items = payees.flatMap((p) => p.items);
  return {
    agency: {
      name: 'Prairie County Child Care Assistance', addressLines: ['200 Main Street, Suite 4', 'Springfield, IL 62701'],
      phone: '217-555-0100', taxId: '37-6000001', odfiRouting: '071000013', immediateDestination: '071000013',
      immediateDestinationName: 'Demo National Bank', immediateOrigin: '1376000001', immediateOriginName: 'Prairie County CCAP',
      companyId: '1376000001', companyName: 'PRAIRIE CO CCAP', companyEntryDescription: 'CHILD CARE', checkAccountNumber: '000123456789',
    },
    batch: {
      id: 42, createdAt: '2026-02-06T15:04:05.000Z', createdBy: { id: 4, username: 'payor', displayName: 'Pat Payor' },
      itemCount: items.length, totalCents: payees.reduce((s, p) => s + p.netCents, 0), achFileIdModifier: 'A',
      date: '2026-02-06', releasedBy: null, anchor: null,
    },
    period: { id: 1, code: '2026-01', label: 'January 2026', startDate: '2026-01-01', endDate: '2026-01-31' },
    payor: { id: 1, code: 'AGENCY', name: 'Agency (direct pay)', kind: 'direct' },
    payees,
    leftOut: [
      { providerId: 20, providerName: 'Held Home 20', paymentIds: [201], amountCents: 50000, reason: 'held', message: 'On administrative hold' },
    ],
    ...overrides,
  };
}
