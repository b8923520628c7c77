import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { achText, remittanceText, renderNacha } from '../../src/main/core/export/files/nacha';
import type { BatchModel, PayeeModel } from '../../src/main/core/export/model';
import { payeeOrder } from '../../src/main/core/export/model';
import { fixtureModel, line, routing } from './export-fixture';
import { readNacha } from './export-nacha-reader';

describe('NACHA file', () => {
  it('reads back with the independent reader: CCD then PPD, amounts, codes, trace numbers, addenda', () => {
    const model = fixtureModel();
    const text = renderNacha(model)!;
    const file = readNacha(text);
    expect(file.batches.map((b) => b.sec)).toEqual(['CCD', 'PPD']);
    const ach = model.payees.filter((p) => p.method === 'ach');
    expect(file.entries).toHaveLength(ach.length);
    for (const p of ach) {
      const e = file.entries.find((x) => x.trace === p.traceNumber)!;
      expect(e.sec).toBe(p.accountHolder === 'personal' ? 'PPD' : 'CCD');
      expect(e.transactionCode).toBe(p.accountType === 'savings' ? '32' : '22');
      expect(e.routing).toBe(p.routingNumber);
      expect(e.account).toBe(p.accountNumber);
      expect(e.amountCents).toBe(p.netCents);
      expect(e.individualId).toBe(p.licenseNumber);
      for (const item of p.items) expect(e.addenda).toContain(`${item.kind === 'payment' ? 'P' : 'A'}${item.paymentId}`);
    }
    expect(file.totalCreditCents).toBe(ach.reduce((s, p) => s + p.netCents, 0));
    // The personal-account provider's accented name is plain upper-case ASCII in the file.
    expect(file.entries.find((e) => e.sec === 'PPD')!.name).toBe("EMILIE O'BRIEN FAMILY");
    expect(text.split('\n')[0].slice(23, 29)).toBe('260206'); // file creation date = the batch's date
    const second = renderNacha({ ...model, batch: { ...model.batch, achFileIdModifier: 'B' } })!;
    expect(second.split('\n')[0][33]).toBe('B'); // the day's second file
    expect(readNacha(second).entries).toHaveLength(file.entries.length);
  });

  it('has no ACH file when nobody is paid by ACH', () => {
    const model = fixtureModel();
    expect(renderNacha({ ...model, payees: model.payees.filter((p) => p.method !== 'ach') })).toBeNull();
  });

  it('refuses a routing number that fails its check digit', () => {
    const model = fixtureModel();
    const bad = model.payees.map((p) => (p.method === 'ach' ? { ...p, routingNumber: `${p.routingNumber!.slice(0, 8)}${(Number(p.routingNumber![8]) + 1) % 10}` } : p));
    expect(() => renderNacha({ ...model, payees: bad })).toThrow(/check digit/);
  });

  it('keeps the remittance addendum to 80 characters with whole ids and "+N MORE"', () => {
    const model = fixtureModel();
    const many: PayeeModel = {
      ...model.payees[0],
      items: Array.from({ length: 30 }, (_, k) => ({ ...model.payees[0].items[0], paymentId: 100000 + k })),
    };
    const text = remittanceText(model, many);
    expect(text).toHaveLength(80);
    expect(text).toMatch(/P100000 .*\+\d+ MORE\s*$/);
    const shown = text.match(/P\d+/g)!.length;
    expect(Number(/\+(\d+) MORE/.exec(text)![1])).toBe(30 - shown);
  });

  it('achText keeps to the ACH character set and width', () => {
    expect(achText('Café "Niño" <b>', 12)).toBe('CAFE NINO B ');
    expect(achText('x'.repeat(40), 5)).toBe('XXXXX');
  });

  it('takes the entry hash modulo 10^10 when the routing sum overflows 10 digits', () => {
    const model = fixtureModel();
    const template = model.payees[0];
    const payees = Array.from({ length: 150 }, (_, k) => ({
      ...template, id: 1000 + k, name: `Provider ${k}`, routingNumber: routing('99999999'),
      traceNumber: `07100001${String(k + 1).padStart(7, '0')}`,
    }));
    const file = readNacha(renderNacha({ ...model, payees })!);
    expect(file.entries).toHaveLength(150);
    expect(file.blocks).toBe(Math.ceil((150 * 2 + 4) / 10));
  });

  it('any set of ACH payees gives a file the independent reader accepts, with every payee once', () => {
    const payeeArb = fc.record({
      first8: fc.stringMatching(/^[0-1][0-9]{7}$/),
      account: fc.stringMatching(/^[0-9]{4,17}$/),
      savings: fc.boolean(),
      personal: fc.boolean(),
      cents: fc.integer({ min: 1, max: 99_999_999 }),
      name: fc.string({ maxLength: 40 }),
    });
    fc.assert(
      fc.property(fc.array(payeeArb, { minLength: 1, maxLength: 40 }), (rows) => {
        const base = fixtureModel();
        const payees: PayeeModel[] = rows.map((r, k) => ({
          ...base.payees[0], id: k + 1, name: r.name, licenseNumber: `LIC-${k + 1}`, routingNumber: routing(r.first8),
          accountNumber: r.account, accountType: r.savings ? 'savings' : 'checking', accountHolder: r.personal ? 'personal' : 'business',
          netCents: r.cents, items: [{ ...base.payees[0].items[0], paymentId: k + 1, amountCents: r.cents, lines: [line(1, 'x', r.cents)] }],
        }));
        payees.sort(payeeOrder);
        payees.forEach((p, k) => (p.traceNumber = `07100001${String(k + 1).padStart(7, '0')}`));
        const model: BatchModel = { ...base, payees };
        const file = readNacha(renderNacha(model)!);
        expect(file.entries.map((e) => e.trace).sort()).toEqual(payees.map((p) => p.traceNumber).sort());
        expect(file.totalCreditCents).toBe(rows.reduce((s, r) => s + r.cents, 0));
      }),
      { numRuns: 200 },
    );
  });
});
