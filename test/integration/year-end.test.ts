import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { YearEndReview } from '../../src/shared/api/contract/year-end';
import { controlProblems, parse1220 } from '../unit/irs-1220-reader';
import { paydeskOn } from '../helpers/cli';
import { snapshot } from '../helpers/core';
import { FILING, openYearWorld, type YearWorld } from './year-end-fixture';

// The year-end on a real database (the project's engine) with the real migrations, through the handlers and the CLI:
// sums worked by hand across periods, adjustments, a third-party payor and a change from check to
// direct deposit; the threshold and the exemptions; generate → file → a change → "needs a
// correction" → a corrected-returns file holding only that payee, parsed back.

let world: YearWorld | null = null;
afterEach(async () => {
  await world?.t.close();
  world = null;
});

const SSN_ALICE = '123-45-6780';
const SSN_FAY = '234-56-7891';

/**
 * The agency's year, by hand (threshold $2,000 for 2026, 1099-NEC box 1):
 * 1 Alice: 300.00 by ACH on 2025-12-31 (settles 2026-01-01) + 1,000.00 check (Jan) + 800.00 and a
 *   +50.00 adjustment by ACH after her bank change (Jun) + 500.00 less a 120.00 recovery (Sep);
 *   400.00 by ACH on 2026-12-31 settles on 2027-01-01: next year. 2026: 2,530.00, a return.
 * 2 Bob: 1,500.00 from the agency, 5,000.00 from the third-party payor: 1,500.00, below the threshold.
 * 3 Corner Corp: 9,000.00, a corporation: exempt.
 * 4 Dee: 3,000.00 from the third-party payor only.
 * 5 Eve: 2,100.00 by check, no W-9: a return without a TIN.
 * 6 Fay: 2,050.00 (Jan) + 10.00 by check on 2026-12-31 (dated that day): 2,060.00, a return; in
 *   January 2027 a 100.00 recovery is taken from her 700.00: 2027's, not 2026's.
 */
async function agencyYear(): Promise<YearWorld> {
  const w = await openYearWorld();
  await w.provider(1, 'Alice Ames Home', { method: 'ach' });
  await w.provider(2, 'Bob Bell Care', { payor: 2 });
  await w.provider(3, 'Corner Corp Center');
  await w.provider(4, "Dee's Daycare", { payor: 2 });
  await w.provider(5, 'Eve Evans');
  await w.provider(6, 'Fay Ford');
  await w.batch('2025-12-31', 1, { 1: 'ach' }, [{ provider: 1, cents: 30_000 }]);
  await w.batch('2026-01-15', 1, { 1: 'check' }, [{ provider: 1, cents: 100_000 }, { provider: 2, cents: 150_000 }, { provider: 3, cents: 900_000 }, { provider: 6, cents: 205_000 }]);
  await w.batch('2026-03-10', 2, {}, [{ provider: 2, cents: 500_000 }, { provider: 4, cents: 300_000 }]);
  await w.batch('2026-06-15', 1, { 1: 'ach' }, [{ provider: 1, cents: 80_000 }, { provider: 1, cents: 5_000, kind: 'adjustment' }, { provider: 5, cents: 210_000 }]);
  await w.batch('2026-09-15', 1, { 1: 'ach' }, [{ provider: 1, cents: 50_000 }, { provider: 1, cents: -12_000 }]);
  await w.batch('2026-12-31', 1, { 1: 'ach', 6: 'check' }, [{ provider: 1, cents: 40_000 }, { provider: 6, cents: 1_000 }]);
  await w.batch('2027-01-12', 1, { 6: 'check' }, [{ provider: 6, cents: 70_000 }, { provider: 6, cents: -10_000 }]);
  const admin = await w.t.as('admin');
  await admin.call('provider-tax-save', { providerId: 1, tax: { tinType: 'SSN', tin: SSN_ALICE, legalName: 'Alice Ames', w9ReceivedOn: '2026-01-05' } });
  await admin.call('provider-tax-save', { providerId: 2, tax: { tinType: 'EIN', tin: '12-3456789', legalName: 'Bob Bell Care LLC', w9ReceivedOn: '2026-01-05' } });
  await admin.call('provider-tax-save', { providerId: 3, tax: { tinType: 'EIN', tin: '36-1234567', legalName: 'Corner Corp', w9ReceivedOn: '2026-01-05', exemptReason: 'corporation' } });
  await admin.call('provider-tax-save', { providerId: 6, tax: { tinType: 'SSN', tin: SSN_FAY, legalName: 'Fay Ford', w9ReceivedOn: '2026-02-01' } });
  return w;
}

const rowOf = (r: YearEndReview, providerId: number) => r.rows.find((x) => x.providerId === providerId)!;
const auditActions = (w: YearWorld) => w.sql.values(`SELECT action FROM audit_event WHERE entity = 'year_end' ORDER BY id`);

describe('year-end on a real database', () => {
  it('sums each provider by the day the money left: periods, adjustments, recoveries, a third-party payor, a bank change', async () => {
    world = await agencyYear();
    const payor = await world.t.as('payor');
    const r = await payor.call('year-end-review', { taxYear: 2026 });
    expect(r.settings).toMatchObject({ formBox: '1099-NEC box 1', thresholdCents: 200_000, thresholdSet: false });
    const amounts = Object.fromEntries(r.rows.map((x) => [x.providerId, [x.amountCents, x.paidCents, x.recoveredCents, x.thirdPartyCents, x.formBox, x.noFormReason]]));
    expect(amounts).toEqual({
      1: [253_000, 265_000, 12_000, 0, '1099-NEC box 1', null],
      2: [150_000, 150_000, 0, 500_000, null, 'below_threshold'],
      3: [900_000, 900_000, 0, 0, null, 'exempt'],
      4: [0, 0, 0, 300_000, null, 'third_party_only'],
      5: [210_000, 210_000, 0, 0, '1099-NEC box 1', null],
      6: [206_000, 206_000, 0, 0, '1099-NEC box 1', null],
    });
    expect(r.totals).toMatchObject({ providers: 6, returns: 3, reportedCents: 669_000, exempt: 1, belowThreshold: 1, thirdPartyOnly: 1, blocked: 0, w9Missing: 1 });
    expect(rowOf(r, 5).warnings.map((x) => x.code)).toEqual(['w9_missing', 'tin_missing', 'legal_name_missing']);
    // The TIN is masked to a Payor, whole to an Administrator.
    expect(rowOf(r, 1).tin).toBe('***-**-6780');
    const asAdmin = await (await world.t.as('admin')).call('year-end-review', { taxYear: 2026 });
    expect(rowOf(asAdmin, 1).tin).toBe(SSN_ALICE);
    // January 2027's recovery reduces 2027, and the 2026-12-31 direct deposit lands in 2027.
    const next = await payor.call('year-end-review', { taxYear: 2027 });
    expect(Object.fromEntries(next.rows.map((x) => [x.providerId, [x.amountCents, x.recoveredCents]]))).toEqual({ 1: [40_000, 0], 6: [60_000, 10_000] });
    expect(next.settings.thresholdIndexed).toBe(true);
    expect(next.missingSettings.some((m) => m.includes('the 2027 threshold'))).toBe(true);
    // An Approver has no business here.
    await expect((await world.t.as('approver')).call('year-end-review', { taxYear: 2026 })).rejects.toThrow(/year-end's review list is for Payor or Administrator users/);
  });

  it("applies the year's threshold and box: a lower threshold brings Bob in; box 6 does not exempt a corporation", async () => {
    world = await agencyYear();
    const admin = await world.t.as('admin');
    await expect((await world.t.as('payor')).call('year-end-settings-save', { taxYear: 2026, thresholdCents: 100_000 })).rejects.toThrow(/for Administrator users/);
    await admin.call('year-end-settings-save', { taxYear: 2026, thresholdCents: 100_000, formBox: '1099-MISC box 6' });
    const r = await admin.call('year-end-review', { taxYear: 2026 });
    expect(r.settings).toMatchObject({ thresholdCents: 100_000, thresholdSet: true, formBox: '1099-MISC box 6', formBoxSet: true });
    expect(rowOf(r, 2)).toMatchObject({ formBox: '1099-MISC box 6', amountCents: 150_000 });
    expect(rowOf(r, 3)).toMatchObject({ formBox: '1099-MISC box 6', noFormReason: null });
    expect(rowOf(r, 3).reason).toMatch(/corporation is not exempt from box 6/);
    // The threshold is the year's own; the box holds for later years until changed.
    const later = await admin.call('year-end-review', { taxYear: 2027 });
    expect(later.settings).toMatchObject({ thresholdCents: 200_000, thresholdSet: false, formBox: '1099-MISC box 6' });
    // A tax-exempt organization is exempt from every box.
    await admin.call('provider-tax-save', { providerId: 3, tax: { tinType: 'EIN', tin: '36-1234567', legalName: 'Corner Corp', w9ReceivedOn: '2026-01-05', exemptReason: 'tax_exempt_organization' } });
    expect(rowOf(await admin.call('year-end-review', { taxYear: 2026 }), 3).noFormReason).toBe('exempt');
  });

  it('validates tax data and keeps whole TINs out of the audit trail; a bad TIN changes nothing', async () => {
    world = await agencyYear();
    const payor = await world.t.as('payor');
    const before = await snapshot(world.t.core);
    await expect(payor.call('provider-tax-save', { providerId: 5, tax: { tinType: 'SSN', tin: '666-12-3456', legalName: 'Eve Evans' } })).rejects.toThrow(/no SSN begins with 666/);
    await expect(payor.call('provider-tax-save', { providerId: 5, tax: { tinType: 'EIN', tin: '900-70-1234', legalName: 'Eve Evans' } })).rejects.toThrow(/ITIN/);
    await expect(payor.call('provider-tax-save', { providerId: 5, tax: { tinType: 'SSN', tin: '345-67-8912' } })).rejects.toThrow(/legalName.*required with a TIN/);
    await expect(payor.call('provider-tax-save', { providerId: 99, tax: {} })).rejects.toThrow(/no provider 99/);
    expect(await snapshot(world.t.core)).toEqual(before);
    // A Payor sees the TIN masked and changes the W-9 date without retyping it.
    const shown = await payor.call('provider-tax-get', { providerId: 1 });
    expect(shown).toMatchObject({ tin: '***-**-6780', tinMasked: true, legalName: 'Alice Ames' });
    const saved = await payor.call('provider-tax-save', { providerId: 1, keepTin: true, tax: { legalName: 'Alice Ames', w9ReceivedOn: '2026-02-02' } });
    expect(saved).toMatchObject({ tin: '***-**-6780', w9ReceivedOn: '2026-02-02' });
    expect(await (await world.t.as('admin')).call('provider-tax-get', { providerId: 1 })).toMatchObject({ tin: SSN_ALICE, tinMasked: false });
    const events = await world.sql.rows<{ b: string; a: string }>(`SELECT state_before AS b, state_after AS a FROM audit_event WHERE action = 'save-tax-data' AND entity_id = 1 ORDER BY id`);
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events)).not.toMatch(/123456780|123-45-6780/);
    expect(JSON.parse(events[1].a)).toMatchObject({ tin: '***-**-6780', w9ReceivedOn: '2026-02-02' });
  });

  it('generates, files, then after a late recovery and a corrected TIN makes a correction file of only those payees', async () => {
    world = await agencyYear();
    const w = world;
    const payor = await w.t.as('payor');
    const admin = await w.t.as('admin');
    await expect(payor.call('year-end-generate', { taxYear: 2026 })).rejects.toThrow(/filing details first[\s\S]*TCC/);
    await expect(payor.call('year-end-mark-filed', { taxYear: 2026 })).rejects.toThrow(/filing details first/);
    await admin.call('year-end-settings-save', { taxYear: 2026, filing: FILING });
    await expect(payor.call('year-end-mark-filed', { taxYear: 2026 })).rejects.toThrow(/no filing file for 2026/);

    const first = await payor.call('year-end-generate', { taxYear: 2026 });
    // A copy of an earlier run no longer due, and a staging folder a crashed run left: the next run removes both.
    fs.writeFileSync(path.join(first.folder, 'recipients', '1099-2026-P99.pdf'), 'old');
    fs.mkdirSync(path.join(first.folder, '.recipients.tmp-1-1'));
    fs.writeFileSync(path.join(first.folder, '.recipients.tmp-1-1', '1099-2026-P1.pdf'), 'half');
    const out = await payor.call('year-end-generate', { taxYear: 2026 });
    expect(fs.readdirSync(out.folder).filter((n) => n.startsWith('.'))).toEqual([]);
    expect(out).toMatchObject({ kind: 'original', returnCount: 3, totalCents: 669_000, recipientCopies: 3 });
    expect(out.folder).toBe(path.join(w.t.core.exportsDir, 'year-end-2026')); // "exports" in the core's data folder (PostgreSQL: postgres/HOST-PORT-DATABASE-exports)
    const irs = fs.readFileSync(path.join(out.folder, '1099-2026-irs-1220.txt'), 'utf8');
    const parsed = parse1220(irs);
    expect(controlProblems(parsed)).toEqual([]);
    expect(parsed.t).toMatchObject({ paymentYear: '2026', tcc: '12AB3', priorYear: ' ', test: ' ' });
    expect(parsed.payers).toHaveLength(1);
    const bs = parsed.payers[0].b;
    expect(bs.map((b) => [b.account.trim(), b.tin, Number(b.amount1), b.corrected])).toEqual([
      ['P1', '123456780', 253_000, ' '],
      ['P5', '         ', 210_000, ' '],
      ['P6', '234567891', 206_000, ' '],
    ]);
    expect(Number(parsed.payers[0].c.total1)).toBe(669_000);
    const csv = fs.readFileSync(path.join(out.folder, '1099-2026-returns.csv'), 'utf8').trim().split(/\r?\n/);
    expect(csv).toHaveLength(4);
    expect(csv[1]).toContain('Alice Ames');
    expect(csv[1]).toContain('2530.00');
    expect(fs.readdirSync(path.join(out.folder, 'recipients')).sort()).toEqual(['1099-2026-P1.pdf', '1099-2026-P5.pdf', '1099-2026-P6.pdf']);
    expect(fs.readFileSync(path.join(out.folder, '1099-2026-recipient-copies.pdf')).subarray(0, 5).toString()).toBe('%PDF-');

    const filed = await payor.call('year-end-mark-filed', { taxYear: 2026 });
    expect(filed).toMatchObject({ kind: 'original', filedBy: 'payor', filedAt: '2027-01-20T15:00:00.000Z', returnCount: 3, totalCents: 669_000 });
    await expect(payor.call('year-end-mark-filed', { taxYear: 2026 })).rejects.toThrow(/already marked as filed by payor/);
    await expect(payor.call('year-end-generate', { taxYear: 2026 })).rejects.toThrow(/already filed.*corrected-returns file/);
    await expect(payor.call('year-end-corrections', { taxYear: 2026 })).rejects.toThrow(/Nothing changed in 2026/);
    expect((await payor.call('year-end-review', { taxYear: 2026 })).rows.every((r) => r.needsCorrection === null)).toBe(true);

    // After filing: a late recovery dated 2026 takes Fay below the threshold; Alice's W-9 had the wrong SSN.
    await w.batch('2026-12-20', 1, { 6: 'check' }, [{ provider: 6, cents: -10_000 }]);
    await admin.call('provider-tax-save', { providerId: 1, tax: { tinType: 'SSN', tin: '123-45-6781', legalName: 'Alice Ames', w9ReceivedOn: '2027-01-18' } });
    const r = await payor.call('year-end-review', { taxYear: 2026 });
    expect(rowOf(r, 1).needsCorrection).toBe('TIN');
    expect(rowOf(r, 6).needsCorrection).toMatch(/no return due any more: filed \$2,060\.00/);
    expect(rowOf(r, 5).needsCorrection).toBeNull();
    expect(r.changes.map((c) => c.providerId)).toEqual([1, 6]);

    const fix = await payor.call('year-end-corrections', { taxYear: 2026 });
    expect(fix).toMatchObject({ kind: 'correction', recipientCopies: 2, returnCount: 3 });
    expect(fix.folder).toBe(path.join(out.folder, 'correction-1'));
    const corrected = parse1220(fs.readFileSync(path.join(fix.folder, '1099-2026-correction-1-irs-1220.txt'), 'utf8'));
    expect(controlProblems(corrected)).toEqual([]);
    // G returns (Alice as filed, zeroed; Fay zeroed) under one A record, Alice's C return under another; Eve nowhere.
    expect(corrected.payers.map((p) => p.b.map((b) => [b.corrected, b.account.trim(), b.tin, Number(b.amount1)]))).toEqual([
      [['G', 'P1', '123456780', 0], ['G', 'P6', '234567891', 0]],
      [['C', 'P1', '123456781', 253_000]],
    ]);
    expect(fs.readdirSync(path.join(fix.folder, 'recipients')).sort()).toEqual(['1099-2026-P1.pdf', '1099-2026-P6.pdf']);

    const after = await payor.call('year-end-review', { taxYear: 2026 });
    expect(after.changes).toEqual([]);
    expect(after.filings.map((f) => [f.kind, f.filedBy, f.returnCount])).toEqual([['original', 'payor', 3], ['correction', 'payor', 3]]);
    await expect(payor.call('year-end-corrections', { taxYear: 2026 })).rejects.toThrow(/Nothing changed/);
    expect(await auditActions(w)).toEqual(['save-year-end-settings', 'generate-1099', 'generate-1099', 'mark-1099-filed', 'correct-1099']);
  });

  it('the CLI: review, generate with --out, --file, provider-tax and year-end-settings, with clear errors', async () => {
    world = await agencyYear();
    const db = world.t.file;
    const filing = path.join(world.t.dir, 'filing.json');
    fs.writeFileSync(filing, JSON.stringify(FILING));
    const bad = await paydeskOn(db, 'year-end', '--year', '2026', '--as', 'payor');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/filing details first/);
    expect((await paydeskOn(db, 'year-end-settings', '--year', '2026', '--as', 'payor', '--filing', filing)).stderr).toMatch(/for Administrator users/);
    const set = await paydeskOn(db, 'year-end-settings', '--year', '2026', '--as', 'admin', '--filing', filing, '--threshold', '2,000');
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/TCC\s+12AB3/);
    expect(set.stdout).toMatch(/threshold\s+\$2,000\.00\n/);

    const review = await paydeskOn(db, 'year-end', '--year', '2026', '--as', 'payor', '--review');
    expect(review.code).toBe(0);
    expect(review.stdout).toMatch(/3 returns \(\$6,690\.00\)/);
    expect(review.stdout).toMatch(/Alice Ames\s+\*\*\*-\*\*-6780\s+\$2,530\.00/);
    expect(review.stdout).toContain('no W-9 on file');

    const outDir = path.join(world.t.dir, 'copy');
    const gen = await paydeskOn(db, 'year-end', '--year', '2026', '--as', 'payor', '--out', outDir);
    expect(gen.code).toBe(0);
    expect(gen.stdout).toMatch(/Returns of 2026: 3 returns, \$6,690\.00; 3 recipient copies/);
    expect(controlProblems(parse1220(fs.readFileSync(path.join(outDir, 'year-end-2026', '1099-2026-irs-1220.txt'), 'utf8')))).toEqual([]);
    const marked = await paydeskOn(db, 'year-end', '--year', '2026', '--as', 'payor', '--file');
    expect(marked.stdout).toMatch(/2026 marked as filed by payor/);

    const tax = await paydeskOn(db, 'provider-tax', '--provider', '5', '--as', 'payor', '--tin-type', 'SSN', '--tin', '345-67-8912', '--legal-name', 'Eve Evans', '--w9', '2027-01-19');
    expect(tax.code).toBe(0);
    expect(tax.stdout).toMatch(/TIN\s+SSN \*\*\*-\*\*-8912 \(masked/);
    const wrong = await paydeskOn(db, 'provider-tax', '--provider', '5', '--as', 'payor', '--tin', '345-67-8912');
    expect(wrong.stderr).toMatch(/--tin and --tin-type together/);
    const needs = await paydeskOn(db, 'year-end', '--year', '2026', '--as', 'payor', '--review');
    expect(needs.stdout).toMatch(/NEEDS A CORRECTION \(1\): provider 5: TIN/);
    const fix = await paydeskOn(db, 'year-end', '--year', '2026', '--as', 'payor', '--corrections', '--json');
    expect(fix.code).toBe(0);
    expect(JSON.parse(fix.stdout)).toMatchObject({ kind: 'correction', returnCount: 2, recipientCopies: 1 });
    expect((await paydeskOn(db, 'year-end', '--year', '1999', '--as', 'payor')).stderr).toMatch(/--year: 1999 is not a tax year/);
  });
});

describe('the providers CSV tax columns', () => {
  it('sets the W-9 data of each row (masked in the audit trail), refuses a bad TIN naming row and column, and leaves tax data alone in a file without them', async () => {
    world = await openYearWorld();
    const admin = await world.t.as('admin');
    const file = (rows: string[]) => ({ fileName: 'providers.csv', content: rows.join('\n') });
    const header = 'license_number,name,type,payor_code,payment_method,address_line1,city,state,postal_code';
    await admin.call('reference-import-providers', file([
      `${header},tin_type,tin,legal_name,w9_received,exempt`,
      'LIC-1,Alice Ames Home,family_home,AGENCY,check,1 Elm Street,Springfield,IL,62704,SSN,123-45-6780,Alice Ames,01/05/2026,',
      'LIC-2,Corner Corp Center,center,AGENCY,check,2 Elm Street,Springfield,IL,62704,EIN,36-1234567,Corner Corp,2026-01-05,corporation',
    ]));
    const id = (license: string) => world!.sql.value<number>(`SELECT id FROM provider WHERE license_number = ?`, [license]);
    expect(await admin.call('provider-tax-get', { providerId: await id('LIC-1') })).toMatchObject({ tinType: 'SSN', tin: SSN_ALICE, legalName: 'Alice Ames', w9ReceivedOn: '2026-01-05', exemptReason: null });
    expect(await admin.call('provider-tax-get', { providerId: await id('LIC-2') })).toMatchObject({ tinType: 'EIN', tin: '36-1234567', exemptReason: 'corporation' });
    const events = await world.sql.values<string>(`SELECT state_after FROM audit_event WHERE action = 'save-tax-data' ORDER BY id`);
    expect(events).toHaveLength(2);
    expect(events.join()).not.toContain('123456780');

    const before = await snapshot(world.t.core);
    await expect(
      admin.call('reference-import-providers', file([`${header},tin_type,tin,legal_name`, 'LIC-1,Alice Ames Home,family_home,AGENCY,check,1 Elm Street,Springfield,IL,62704,SSN,666-12-3456,Alice Ames'])),
    ).rejects.toMatchObject({ issues: [expect.objectContaining({ path: 'row 2, tin' })] });
    expect(await snapshot(world.t.core)).toEqual(before);
    // A file without the tax columns changes the provider and keeps its W-9 data.
    await admin.call('reference-import-providers', file([header, 'LIC-1,Alice Ames Family Home,family_home,AGENCY,check,1 Elm Street,Springfield,IL,62704']));
    expect(await admin.call('provider-tax-get', { providerId: await id('LIC-1') })).toMatchObject({ providerName: 'Alice Ames Family Home', tin: SSN_ALICE, legalName: 'Alice Ames' });
  });
});
