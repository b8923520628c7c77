import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCell, money } from '../../src/main/core/export/files/csv';
import { renderHandoff } from '../../src/main/core/export/files/handoff';
import { renderNacha } from '../../src/main/core/export/files/nacha';
import { planFiles } from '../../src/main/core/export/files/plan';
import { renderCheckRegister, renderPaymentRegister, renderPositivePay } from '../../src/main/core/export/files/registers';
import { fixtureModel } from './export-fixture';

const parse = (text: string) => Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });

describe('CSV files', () => {
  it('escapes cells a spreadsheet would run as a formula, and quotes per RFC 4180', () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('+SUM(A1)')).toBe("'+SUM(A1)");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell(null)).toBe('');
    // Money stays a plain number, negative ones too: digits, a dot and a minus are never a formula.
    expect(csvCell(money(-12550))).toBe('-125.50');
    expect(csvCell(money(5))).toBe('0.05');
  });

  it('payment register: one row per item of the batch, with the provider net and the ACH trace or check number', () => {
    const model = fixtureModel();
    const text = renderPaymentRegister(model);
    expect(text.endsWith('\r\n')).toBe(true);
    const { data, errors } = parse(text);
    expect(errors).toEqual([]);
    const items = model.payees.flatMap((p) => p.items);
    expect(data.map((r) => Number(r.payment_id)).sort((a, b) => a - b)).toEqual(items.map((i) => i.paymentId).sort((a, b) => a - b));
    const adj = data.find((r) => r.payment_id === '72')!;
    expect(adj).toMatchObject({ kind: 'adjustment', amount: '-125.50', corrects_payment_id: '40', status_after: 'Invoice History / Paid' });
    const check = data.find((r) => r.payment_id === '91')!;
    expect(check.provider_name).toBe('\'=HYPERLINK("evil") Group Home 9');
    expect(check.reference).toBe('100001');
    expect(check.account).toBe('');
    const ach = data.find((r) => r.payment_id === '31')!;
    expect(ach.account).toBe('•••• 6789');
    expect(ach.reference).toMatch(/^07100001\d{7}$/);
  });

  it('check register and positive pay list each check once with the same number, amount and date', () => {
    const model = fixtureModel();
    const reg = parse(renderCheckRegister(model)!).data;
    const pos = parse(renderPositivePay(model)!).data;
    expect(reg).toHaveLength(1);
    expect(pos).toEqual([
      { account_number: '000123456789', check_number: '100001', amount: '303.00', issue_date: '2026-02-06', payee: '\'=HYPERLINK("evil") Group Home 9' },
    ]);
    expect(reg[0]).toMatchObject({ check_number: '100001', amount: '303.00', payment_ids: '91', issue_date: '2026-02-06' });
    const noChecks = { ...model, payees: model.payees.filter((p) => p.method !== 'check') };
    expect(renderCheckRegister(noChecks)).toBeNull();
    expect(renderPositivePay(noChecks)).toBeNull();
  });

  it('hand-off file of a third-party payor: one row per invoice, amounts summing to the batch total', () => {
    const base = fixtureModel();
    const model = { ...base, payor: { id: 2, code: 'FALLING_COLORS', name: 'Falling Colors', kind: 'third_party' as const } };
    const { data, errors } = parse(renderHandoff(model));
    expect(errors).toEqual([]);
    expect(data).toHaveLength(model.payees.flatMap((p) => p.items).length);
    const cents = data.reduce((s, r) => s + Math.round(Number(r.amount) * 100), 0);
    expect(cents).toBe(model.batch.totalCents);
    expect(data.find((r) => r.invoice_id === '72')).toMatchObject({ kind: 'adjustment', corrects_invoice_id: '40', period: '2026-01' });
    expect(parse(renderPaymentRegister(model)).data[0].status_after).toBe('Pending Payment / In Process');
  });
});

describe('a provider whose items net to zero', () => {
  it('gets no ACH entry or check, but is in the payment register as "None (net zero)"', () => {
    const base = fixtureModel();
    const zero = { ...base.payees[0], id: 99, name: 'Zero Net Home 99', method: 'none' as const, routingNumber: null, accountNumber: null, accountType: null, accountHolder: null, traceNumber: null, netCents: 0,
      items: [{ ...base.payees[0].items[0], paymentId: 991, amountCents: 5000 }, { ...base.payees[0].items[0], paymentId: 992, kind: 'adjustment' as const, amountCents: -5000, lines: [] }] };
    const model = { ...base, payees: [...base.payees, zero] };
    expect(renderNacha(model)).toBe(renderNacha(base));
    expect(renderCheckRegister(model)).toBe(renderCheckRegister(base));
    const rows = parse(renderPaymentRegister(model)).data.filter((r) => r.provider_id === '99');
    expect(rows.map((r) => [r.payment_id, r.method, r.provider_net, r.reference])).toEqual([['991', 'None (net zero)', '0.00', ''], ['992', 'None (net zero)', '0.00', '']]);
    expect(planFiles(model).filter((f) => f.providerId === 99).map((f) => f.name)).toEqual(['remittance/provider-99.pdf']);
  });
});
