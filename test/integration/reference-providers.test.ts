import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../helpers/core';
import { testSql } from '../helpers/sql';
import { auditCount, auditOf, badRouting, firstAchProvider, formOf, newProvider, openRefWorld, routing, type RefWorld } from './reference-fixture';

let t: RefWorld;
beforeAll(async () => {
  t = await openRefWorld();
});
afterAll(() => t.close());

describe('providers', () => {
  it('shows the full account number only to Administrators; everyone else sees the last four digits', async () => {
    const id = (await firstAchProvider(t));
    const stored = await testSql(t).get<{ a: string }>(`SELECT account_number AS a FROM provider WHERE id = ?`, [id]);

    const asAdmin = await t.admin.call('providers-get', { providerId: id });
    const asApprover = await t.approver.call('providers-get', { providerId: id });
    expect(asAdmin.accountNumber).toBe(stored.a);
    expect(asApprover.accountNumber).toBeNull();
    expect(asApprover.accountMasked).toBe(`•••• ${stored.a.slice(-4)}`);
    expect(JSON.stringify(asApprover)).not.toContain(stored.a);
    const list = await t.approver.call('providers-list', { search: asAdmin.licenseNumber });
    expect(list.rows[0]).toMatchObject({ id, accountMasked: `•••• ${stored.a.slice(-4)}`, bankChangePending: false });
  });

  it('lets a Provider-group user read only their own provider', async () => {
    const provider = await t.as('provider');
    expect((await provider.call('providers-get', { providerId: 1 })).id).toBe(1);
    await expect(provider.call('providers-get', { providerId: 2 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('creates a provider with an audit event whose account number is masked', async () => {
    const result = await t.admin.call('providers-save', newProvider());
    expect(result.provider).toMatchObject({ licenseNumber: 'LIC-900001', accountNumber: '123456789012', version: 1, bankChangePending: false });
    expect(result.bankDetailsChanged).toBe(false);
    const [event] = (await auditOf(t, 'provider', result.provider.id));
    expect(event).toMatchObject({ action: 'create-provider', username: 'admin', group_name: 'Administrator' });
    expect(event.state_after).toContain('•••• 9012');
    expect(event.state_after).not.toContain('123456789012');
  });

  it('refuses a bad routing number on the field, missing ACH bank fields, and changes nothing', async () => {
    const before = await snapshot(t.core);
    await expect(t.admin.call('providers-save', newProvider({ licenseNumber: 'LIC-900002', routingNumber: badRouting('07100001') }))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      field: 'routingNumber',
      message: expect.stringContaining('check digit'),
    });
    const missing = await t.admin
      .call('providers-save', newProvider({ licenseNumber: 'LIC-900002', routingNumber: '', accountNumber: null, accountType: null }))
      .catch((e) => e);
    expect(missing.code).toBe('BAD_REQUEST');
    expect(missing.issues.map((i: { field: string }) => i.field).sort()).toEqual(['accountNumber', 'accountType', 'routingNumber']);
    expect(await snapshot(t.core)).toEqual(before);
  });

  it('allows a check provider without bank details', async () => {
    const r = await t.admin.call('providers-save', newProvider({ licenseNumber: 'LIC-900003', paymentMethod: 'check', routingNumber: null, accountNumber: null, accountType: null, accountHolder: null }));
    expect(r.provider).toMatchObject({ paymentMethod: 'check', routingNumber: null, accountMasked: null });
  });

  it('refuses a license number another provider has, naming that provider', async () => {
    const before = await snapshot(t.core);
    const other = await t.admin.call('providers-get', { providerId: 2 });
    await expect(t.admin.call('providers-save', newProvider({ licenseNumber: other.licenseNumber }))).rejects.toMatchObject({
      code: 'REFUSED',
      field: 'licenseNumber',
      message: expect.stringContaining(`already used by ${other.name}`),
    });
    expect(await snapshot(t.core)).toEqual(before);
  });

  it('updates in place with a version check, records only what changed, and writes nothing for an unchanged save', async () => {
    const p = await t.admin.call('providers-get', { providerId: 3 });
    const saved = await t.admin.call('providers-save', { ...formOf(p), contactPhone: '217-555-0000', active: false });
    expect(saved.provider).toMatchObject({ version: p.version + 1, contactPhone: '217-555-0000', active: false });
    const event = (await auditOf(t, 'provider', 3)).at(-1)!;
    expect(event.action).toBe('update-provider');
    expect(JSON.parse(event.state_before!)).toEqual({ contactPhone: p.contactPhone, active: true });
    expect(JSON.parse(event.state_after!)).toEqual({ contactPhone: '217-555-0000', active: false });

    const events = (await auditCount(t));
    const again = await t.admin.call('providers-save', formOf(saved.provider));
    expect(again.provider.version).toBe(saved.provider.version);
    expect((await auditCount(t))).toBe(events);

    await expect(t.admin.call('providers-save', { ...formOf(p), name: 'Stale edit' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('is for Administrators only', async () => {
    const p = await t.admin.call('providers-get', { providerId: 4 });
    await expect(t.approver.call('providers-save', { ...formOf(p), name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(t.payor.call('providers-rates-save', { providerId: 4, effectiveFrom: '2026-09-01', rates: [{ ageGroup: 'infant', dayKind: 'full', cents: 1 }] })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it("saves the provider's own rates from a date; earlier rates stay for earlier dates", async () => {
    const providerId = 5;
    const r = await t.admin.call('providers-rates-save', {
      providerId,
      effectiveFrom: '2026-09-01',
      rates: [
        { ageGroup: 'infant', dayKind: 'full', cents: 7000 },
        { ageGroup: 'infant', dayKind: 'part', cents: 4000 },
      ],
    });
    expect(r.rates.filter((x) => x.effectiveFrom === '2026-09-01')).toEqual([
      { ageGroup: 'infant', dayKind: 'full', effectiveFrom: '2026-09-01', cents: 7000 },
      { ageGroup: 'infant', dayKind: 'part', effectiveFrom: '2026-09-01', cents: 4000 },
    ]);
    expect((await auditOf(t, 'provider', providerId)).at(-1)).toMatchObject({ action: 'save-provider-rates' });
    const events = (await auditCount(t));
    await t.admin.call('providers-rates-save', { providerId, effectiveFrom: '2026-09-01', rates: [{ ageGroup: 'infant', dayKind: 'full', cents: 7000 }] });
    expect((await auditCount(t))).toBe(events);
    await expect(
      t.admin.call('providers-rates-save', { providerId, effectiveFrom: '2026-09-01', rates: [{ ageGroup: 'infant', dayKind: 'full', cents: 1 }, { ageGroup: 'infant', dayKind: 'full', cents: 2 }] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('given twice') });
  });

  it('accepts a good routing number from any bank prefix', async () => {
    const r = await t.admin.call('providers-save', newProvider({ licenseNumber: 'LIC-900004', routingNumber: routing('12345678') }));
    expect(r.provider.routingNumber).toBe(routing('12345678'));
  });
});
