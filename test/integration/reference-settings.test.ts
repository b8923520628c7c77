import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSetting } from '../../src/main/core/settings/settings';
import { snapshot } from '../helpers/core';
import { auditCount, auditOf, badRouting, openRefWorld, routing, type RefWorld } from './reference-fixture';

let t: RefWorld;
beforeAll(async () => {
  t = await openRefWorld();
});
afterAll(() => t.close());

/** Takes the call as a function: it starts after the snapshot, and no rejection goes unhandled meanwhile. */
async function unchangedAfter(call: () => Promise<unknown>, expected: Record<string, unknown>): Promise<void> {
  const before = await snapshot(t.core);
  await expect(call()).rejects.toMatchObject(expected);
  expect(await snapshot(t.core)).toEqual(before);
}

describe('settings', () => {
  it('shows every editable setting with its value in force and since when', async () => {
    const { settings } = await t.approver.call('settings-get', {});
    expect(settings.map((s) => [s.key, s.value, s.effectiveFrom])).toEqual([
      ['calculation.fullDayThresholdHours', 5, '1900-01-01'],
      ['calculation.paidAbsenceAllowance', 5, '1900-01-01'],
      ['workflow.autoDenyDays', 30, '1900-01-01'],
      ['workflow.separationOfDuties', true, '1900-01-01'],
      ['session.idleLockMinutes', 15, '1900-01-01'],
      ['export.entryLimitCents', 0, '1900-01-01'],
      ['export.batchLimitCents', 0, '1900-01-01'],
      ['export.checkLimitCents', 99_999_999, '1900-01-01'],
      ['session.lockoutAfterFailures', 5, '1900-01-01'],
      ['session.lockoutMinutes', 15, '1900-01-01'],
      ['backup.generations', 14, '1900-01-01'],
    ]);
  });

  it('starts a new calculation value on its date; the old one stays for earlier dates', async () => {
    const saved = await t.admin.call('settings-save', { key: 'calculation.paidAbsenceAllowance', value: 3, effectiveFrom: '2027-01-01' });
    expect(saved).toMatchObject({ value: 5, effectiveFrom: '1900-01-01' }); // today (2026-11-25) the old value is in force
    expect(saved.history).toEqual([
      { effectiveFrom: '1900-01-01', value: 5 },
      { effectiveFrom: '2027-01-01', value: 3 },
    ]);
    expect(await getSetting(t.core.store.db, 'calculation.paidAbsenceAllowance', '2026-12-31')).toBe(5);
    expect(await getSetting(t.core.store.db, 'calculation.paidAbsenceAllowance', '2027-01-01')).toBe(3);
    expect((await auditOf(t, 'setting')).at(-1)).toMatchObject({ action: 'save-setting', username: 'admin' });
    // Without a date a calculation value starts today.
    expect(await t.admin.call('settings-save', { key: 'calculation.fullDayThresholdHours', value: 6 })).toMatchObject({ value: 6, effectiveFrom: '2026-11-25' });
  });

  it('applies other settings at once, writes nothing when the value is already in force, and validates per key', async () => {
    expect(await t.admin.call('settings-save', { key: 'workflow.autoDenyDays', value: 0 })).toMatchObject({ value: 0, effectiveFrom: '1900-01-01' });
    expect(await getSetting(t.core.store.db, 'workflow.autoDenyDays')).toBe(0);
    const events = (await auditCount(t));
    await t.admin.call('settings-save', { key: 'workflow.autoDenyDays', value: 0 });
    expect((await auditCount(t))).toBe(events);
    await unchangedAfter(() => t.admin.call('settings-save', { key: 'workflow.autoDenyDays', value: -1 }), { code: 'BAD_REQUEST', field: 'value' });
    await unchangedAfter(() => t.admin.call('settings-save', { key: 'workflow.separationOfDuties', value: 1 }), { code: 'BAD_REQUEST', field: 'value' });
    await unchangedAfter(() => t.admin.call('settings-save', { key: 'session.idleLockMinutes', value: 10, effectiveFrom: '2027-01-01' }), {
      code: 'BAD_REQUEST',
      field: 'effectiveFrom',
    });
    await unchangedAfter(() => t.approver.call('settings-save', { key: 'workflow.separationOfDuties', value: false }), { code: 'FORBIDDEN' });
  });
});

describe('reasons', () => {
  it('lists a kind, adds a reason, renames and deactivates it; codes and system reasons stay', async () => {
    const holds = await t.approver.call('reasons-list', { kind: 'hold' });
    expect(holds.map((r) => r.code)).toContain('BANK_DETAILS_CHANGED');
    expect(holds.find((r) => r.code === 'BANK_DETAILS_CHANGED')!.system).toBe(true);
    const added = await t.admin.call('reasons-save', { kind: 'hold', code: 'FRAUD_REVIEW', label: 'Fraud review' });
    expect(added).toMatchObject({ kind: 'hold', code: 'FRAUD_REVIEW', active: true, system: false });
    await unchangedAfter(() => t.admin.call('reasons-save', { kind: 'hold', code: 'FRAUD_REVIEW', label: 'Again' }), { code: 'REFUSED', field: 'code' });
    const off = await t.admin.call('reasons-save', { id: added.id, kind: 'hold', code: 'FRAUD_REVIEW', label: 'Fraud review (state)', active: false });
    expect(off).toMatchObject({ label: 'Fraud review (state)', active: false });
    expect((await t.approver.call('reasons-list', { kind: 'hold' })).map((r) => r.code)).not.toContain('FRAUD_REVIEW');
    expect((await t.approver.call('reasons-list', { kind: 'hold', includeInactive: true })).map((r) => r.code)).toContain('FRAUD_REVIEW');
    await unchangedAfter(() => t.admin.call('reasons-save', { id: added.id, kind: 'deny', code: 'FRAUD_REVIEW', label: 'x' }), { code: 'REFUSED', field: 'code' });
    const bank = holds.find((r) => r.code === 'BANK_DETAILS_CHANGED')!;
    await unchangedAfter(() => t.admin.call('reasons-save', { ...bank, active: false }), { code: 'REFUSED', field: 'active' });
    await unchangedAfter(() => t.admin.call('reasons-save', { kind: 'hold', code: 'lower case', label: 'x' }), { code: 'BAD_REQUEST', field: 'code' });
  });
});

describe('service periods', () => {
  it('creates a year of monthly periods, skipping months that exist', async () => {
    const r = await t.admin.call('periods-create-year', { year: 2027 });
    expect(r.created).toHaveLength(12);
    expect(r.created[1]).toMatchObject({ code: '2027-02', label: 'February 2027', startDate: '2027-02-01', endDate: '2027-02-28' });
    const again = await t.admin.call('periods-create-year', { year: 2027 });
    expect(again).toMatchObject({ created: [], skipped: expect.arrayContaining([{ code: '2027-01', reason: 'a period with this code exists' }]) });
  });

  it('saves a custom span and refuses overlaps, and dates of a period that has payments', async () => {
    const custom = await t.admin.call('periods-save', { code: '2028-H1', label: 'First half 2028', startDate: '2028-01-01', endDate: '2028-06-30' });
    expect(custom.id).toBeGreaterThan(0);
    await unchangedAfter(() => t.admin.call('periods-save', { code: '2028-Q2', label: 'Q2 2028', startDate: '2028-04-01', endDate: '2028-06-30' }), {
      code: 'REFUSED',
      message: expect.stringContaining('overlaps 2028-H1'),
    });
    expect((await t.admin.call('periods-create-year', { year: 2028 })).skipped).toHaveLength(6);
    const march = (await t.approver.call('periods-list', {})).find((p) => p.code === '2026-03')!;
    await t.approver.call('payments-generate', { periodId: march.id });
    await unchangedAfter(() => t.admin.call('periods-save', { ...march, endDate: '2026-03-30' }), { code: 'REFUSED', field: 'startDate' });
    expect(await t.admin.call('periods-save', { ...march, label: 'March 2026 (paid in April)' })).toMatchObject({ label: 'March 2026 (paid in April)' });
  });
});

describe('agency identity and bank details', () => {
  it('reads the values migration 0005 seeds and saves validated changes with a masked audit event', async () => {
    const agency = await t.payor.call('agency-get', {});
    expect(agency).toMatchObject({ odfiRouting: '071000013', companyId: '1376000001', startingCheckNumber: 100001 });
    await unchangedAfter(() => t.admin.call('agency-save', { ...agency, odfiRouting: badRouting('07100001') }), { code: 'BAD_REQUEST', field: 'odfiRouting' });
    await unchangedAfter(() => t.admin.call('agency-save', { ...agency, companyId: '123456789' }), { code: 'BAD_REQUEST', field: 'companyId' });
    await unchangedAfter(() => t.admin.call('agency-save', { ...agency, companyName: 'A NAME LONGER THAN SIXTEEN' }), { code: 'BAD_REQUEST', field: 'companyName' });
    const saved = await t.admin.call('agency-save', { ...agency, odfiRouting: routing('05300001'), checkAccountNumber: '777788889999', startingCheckNumber: 5001 });
    expect(saved).toMatchObject({ odfiRouting: routing('05300001'), checkAccountNumber: '777788889999', startingCheckNumber: 5001, name: agency.name });
    expect(await getSetting(t.core.store.db, 'agency.odfiRouting' as never)).toBe(routing('05300001'));
    const event = (await auditOf(t, 'agency')).at(-1)!;
    expect(event.state_after).toContain('•••• 9999');
    expect(event.state_after).not.toContain('777788889999');
    await unchangedAfter(() => t.approver.call('agency-get', {}), { code: 'FORBIDDEN' });
  });
});
