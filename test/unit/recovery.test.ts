import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { providerLedger, type LedgerEvent } from '../../src/shared/recovery/ledger';
import {
  balanceOwed, decideWaiver, netLaterPayments, percentLimit, planText, recoveryInput, type LaterPayment, type OpenRecovery, type RecoveryPlan,
} from '../../src/shared/recovery/recovery';

// Overpayment recovery as pure functions (DESIGN.md section 4): netting a provider's later
// payments in export order, carrying the rest forward, waiving the rest, and the ledger.

const QUARTER: RecoveryPlan = { kind: 'percent', percent: 25 };
const WHOLE: RecoveryPlan = { kind: 'whole' };

/** Runs one export per period's payments, carrying each recovery's balance forward; returns every netting. */
function exportsOverPeriods(periods: LaterPayment[][], recoveries: OpenRecovery[]) {
  let open = recoveries;
  return periods.map((payments) => {
    const n = netLaterPayments(payments, open);
    open = open.map((r) => ({ ...r, balanceCents: n.recoveries.find((x) => x.recoveryId === r.recoveryId)!.balanceCents }));
    return n;
  });
}

describe('recovery plans: netting later payments in export order', () => {
  it('a 25% plan over several later periods reaches zero exactly: $1,000.01 in five payments, no cent lost or invented', () => {
    const gross = [123_457, 98_765, 150_003, 20_001, 500_000, 80_000];
    const runs = exportsOverPeriods(gross.map((amountCents, k) => [{ paymentId: 100 + k, amountCents }]), [{ recoveryId: 7, plan: QUARTER, balanceCents: 100_001 }]);
    // floor(gross × 25 ÷ 100) each time, until the last take is just what is left.
    expect(runs.map((r) => r.payments[0].recoveredCents)).toEqual([30_864, 24_691, 37_500, 5_000, 1_946, 0]);
    expect(runs.map((r) => r.recoveries[0].balanceCents)).toEqual([69_137, 44_446, 6_946, 1_946, 0, 0]);
    expect(runs.reduce((s, r) => s + r.recoveredCents, 0)).toBe(100_001);
    runs.forEach((r, k) => {
      const p = r.payments[0];
      expect(p.netCents).toBe(gross[k] - p.recoveredCents);
      expect(p.recoveredCents * 4).toBeLessThanOrEqual(gross[k]); // never more than 25%
    });
    // After zero, the sixth payment is paid whole.
    expect(runs[5].payments[0]).toMatchObject({ grossCents: 80_000, deductions: [], netCents: 80_000 });
  });

  it('a whole plan takes all it can from the next payment and the rest from the one after', () => {
    const runs = exportsOverPeriods([[{ paymentId: 1, amountCents: 30_000 }], [{ paymentId: 2, amountCents: 45_000 }]], [{ recoveryId: 3, plan: WHOLE, balanceCents: 50_000 }]);
    expect(runs[0].payments[0]).toMatchObject({ recoveredCents: 30_000, netCents: 0 });
    expect(runs[0].recoveries).toEqual([{ recoveryId: 3, takenCents: 30_000, balanceCents: 20_000 }]);
    expect(runs[1].payments[0]).toMatchObject({ recoveredCents: 20_000, netCents: 25_000 });
    expect(runs[1].recoveries[0].balanceCents).toBe(0);
  });

  it('within one export, payments are netted in export order: 8,000 then 4,000 against 10,000 owed -> 8,000 and 2,000 taken', () => {
    const n = netLaterPayments([{ paymentId: 11, amountCents: 8_000 }, { paymentId: 12, amountCents: 4_000 }], [{ recoveryId: 1, plan: WHOLE, balanceCents: 10_000 }]);
    expect(n.payments.map((p) => [p.paymentId, p.recoveredCents, p.netCents])).toEqual([[11, 8_000, 0], [12, 2_000, 2_000]]);
    expect(n.recoveredCents).toBe(10_000);
  });

  it('two recoveries take oldest first, whatever order they are given in; the percent plan is limited to its share of the gross', () => {
    const recoveries: OpenRecovery[] = [{ recoveryId: 9, plan: QUARTER, balanceCents: 40_000 }, { recoveryId: 4, plan: WHOLE, balanceCents: 10_000 }];
    const n = netLaterPayments([{ paymentId: 1, amountCents: 20_000 }], recoveries);
    // Recovery 4 (whole) takes 10,000; recovery 9 at most 25% of 20,000 = 5,000.
    expect(n.payments[0].deductions).toEqual([{ recoveryId: 4, cents: 10_000 }, { recoveryId: 9, cents: 5_000 }]);
    expect(n.payments[0].netCents).toBe(5_000);
    expect(netLaterPayments([{ paymentId: 1, amountCents: 20_000 }], [...recoveries].reverse())).toEqual(n);
  });

  it('a negative or zero item takes nothing, and a percent of a tiny payment rounds down (never above the percent)', () => {
    const n = netLaterPayments([{ paymentId: 1, amountCents: -500 }, { paymentId: 2, amountCents: 0 }, { paymentId: 3, amountCents: 3 }], [{ recoveryId: 1, plan: QUARTER, balanceCents: 100 }]);
    expect(n.payments.map((p) => p.recoveredCents)).toEqual([0, 0, 0]);
    expect(n.recoveries[0].balanceCents).toBe(100);
    expect(percentLimit(399, 25)).toBe(99);
    expect(percentLimit(400, 25)).toBe(100);
  });

  it('refuses amounts that are not whole cents and plans that are not plans', () => {
    expect(() => netLaterPayments([{ paymentId: 1, amountCents: 10.5 }], [])).toThrow(/payment 1's amount must be whole cents/);
    expect(() => netLaterPayments([], [{ recoveryId: 2, plan: { kind: 'percent', percent: 0 }, balanceCents: 10 }])).toThrow(/recovery 2's plan is not valid: at least 1%/);
  });

  it('property: cents are conserved and no plan takes more than it may', () => {
    const plan = fc.oneof(fc.constant<RecoveryPlan>(WHOLE), fc.integer({ min: 1, max: 100 }).map((percent): RecoveryPlan => ({ kind: 'percent', percent })));
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50_000, max: 2_000_000 }), { maxLength: 8 }),
        fc.uniqueArray(fc.record({ recoveryId: fc.integer({ min: 1, max: 50 }), plan, balanceCents: fc.integer({ min: 0, max: 3_000_000 }) }), { selector: (r) => r.recoveryId, maxLength: 4 }),
        (amounts, recoveries) => {
          const n = netLaterPayments(amounts.map((amountCents, k) => ({ paymentId: k + 1, amountCents })), recoveries);
          let taken = 0;
          n.payments.forEach((p, k) => {
            expect(p.netCents + p.recoveredCents).toBe(amounts[k]);
            expect(p.recoveredCents).toBeLessThanOrEqual(Math.max(0, amounts[k]));
            for (const d of p.deductions) {
              const r = recoveries.find((x) => x.recoveryId === d.recoveryId)!;
              if (r.plan.kind === 'percent') expect(d.cents).toBeLessThanOrEqual(percentLimit(amounts[k], r.plan.percent));
            }
            taken += p.recoveredCents;
          });
          expect(n.recoveredCents).toBe(taken);
          for (const r of recoveries) {
            const after = n.recoveries.find((x) => x.recoveryId === r.recoveryId)!;
            expect(after.takenCents + after.balanceCents).toBe(r.balanceCents);
            expect(after.balanceCents).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: a percent plan against equal payments ends exactly at zero after ceil(balance ÷ its share) payments', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500_000 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 100, max: 300_000 }), (balance, percent, gross) => {
        const share = percentLimit(gross, percent);
        fc.pre(share > 0 && balance / share <= 60);
        const count = Math.ceil(balance / share);
        const runs = exportsOverPeriods(Array.from({ length: count + 1 }, (_, k) => [{ paymentId: k + 1, amountCents: gross }]), [{ recoveryId: 1, plan: { kind: 'percent', percent }, balanceCents: balance }]);
        expect(runs[count - 1].recoveries[0].balanceCents).toBe(0);
        if (count > 1) expect(runs[count - 2].recoveries[0].balanceCents).toBeGreaterThan(0);
        expect(runs[count].recoveredCents).toBe(0);
        expect(runs.reduce((s, r) => s + r.recoveredCents, 0)).toBe(balance);
      }),
      { numRuns: 300 },
    );
  });
});

describe('waiving the rest', () => {
  const standing = { recoveryId: 5, amountCents: -100_001, createdBy: 2, recoveredCents: 60_000, waivedCents: 0 };

  it('a second user with a reason waives the whole balance; the creator, a blank reason or a settled recovery are refused', () => {
    expect(balanceOwed(standing)).toBe(40_001);
    expect(decideWaiver(standing, 3, 'Provider closed; not collectable')).toEqual({ ok: true, waivedCents: 40_001 });
    expect(decideWaiver(standing, 2, 'mine')).toMatchObject({ ok: false, message: expect.stringMatching(/created by you: a second user/) });
    expect(decideWaiver(standing, 3, '   ')).toMatchObject({ ok: false, message: expect.stringMatching(/\$400\.01\) needs a reason/) });
    expect(decideWaiver({ ...standing, recoveredCents: 100_001 }, 3, 'x')).toMatchObject({ ok: false, message: expect.stringMatching(/settled/) });
  });
});

describe('the provider ledger', () => {
  it('shows each step of a 25% recovery: paid, recovered, balance owed, with the events behind each line', () => {
    const gross = [123_457, 98_765, 150_003, 20_001, 500_000];
    const runs = exportsOverPeriods(gross.map((amountCents, k) => [{ paymentId: 100 + k, amountCents }]), [{ recoveryId: 7, plan: QUARTER, balanceCents: 100_001 }]);
    let eventId = 10;
    const events: LedgerEvent[] = [
      { kind: 'recovery', eventId: eventId++, at: '2026-04-02T15:00:00Z', recoveryId: 7, amountCents: -100_001, reasonCode: 'ATTENDANCE_AUDIT', serviceFrom: '2026-02-01', serviceTo: '2026-02-28' },
    ];
    runs.forEach((r, k) => {
      const at = `2026-0${k + 4}-20T15:00:00Z`;
      const p = r.payments[0];
      events.push({ kind: 'paid', eventId: eventId++, at, paymentId: p.paymentId, itemKind: 'payment', periodLabel: `Period ${k + 1}`, batchId: k + 1, amountCents: p.grossCents });
      for (const d of p.deductions) events.push({ kind: 'recovered', eventId: eventId++, at, recoveryId: d.recoveryId, paymentId: p.paymentId, batchId: k + 1, cents: d.cents });
    });
    const ledger = providerLedger([...events].reverse()); // any order in: time order out
    expect(ledger.lines.map((l) => [l.kind, l.paidCents, l.recoveredCents, l.balanceOwedCents])).toEqual([
      ['recovery', 0, 0, 100_001],
      ['paid', 123_457, 30_864, 69_137],
      ['paid', 98_765, 24_691, 44_446],
      ['paid', 150_003, 37_500, 6_946],
      ['paid', 20_001, 5_000, 1_946],
      ['paid', 500_000, 1_946, 0],
    ]);
    expect(ledger.lines[1]).toMatchObject({ eventIds: [11, 12], description: 'Payment 100 (Period 1), batch 1, $308.64 to recovery 7' });
    expect(ledger.totals).toEqual({ paidCents: 892_226, recoveredCents: 100_001, netPaidCents: 792_225, owedCents: 100_001, waivedCents: 0, balanceOwedCents: 0 });
    expect(ledger.recoveries).toEqual([
      { recoveryId: 7, amountCents: -100_001, reasonCode: 'ATTENDANCE_AUDIT', serviceFrom: '2026-02-01', serviceTo: '2026-02-28', recoveredCents: 100_001, waivedCents: 0, balanceCents: 0 },
    ]);
  });

  it('a waiver settles the rest; owed = recovered + waived + balance', () => {
    const ledger = providerLedger([
      { kind: 'recovery', eventId: 1, at: '2026-04-01T00:00:00Z', recoveryId: 1, amountCents: -50_000, reasonCode: 'DUPLICATE', serviceFrom: '2026-03-01', serviceTo: '2026-03-31' },
      { kind: 'paid', eventId: 2, at: '2026-04-20T00:00:00Z', paymentId: 30, itemKind: 'payment', periodLabel: 'April 2026', batchId: 4, amountCents: 20_000 },
      { kind: 'recovered', eventId: 3, at: '2026-04-20T00:00:00Z', recoveryId: 1, paymentId: 30, batchId: 4, cents: 5_000 },
      { kind: 'waived', eventId: 4, at: '2026-05-02T00:00:00Z', recoveryId: 1, cents: 45_000, reason: 'hardship', byUser: 'approver2' },
    ]);
    expect(ledger.lines.map((l) => [l.kind, l.balanceOwedCents, l.eventIds])).toEqual([['recovery', 50_000, [1]], ['paid', 45_000, [2, 3]], ['waived', 0, [4]]]);
    expect(ledger.lines[2].description).toBe('Recovery 1: rest waived by approver2 (hardship)');
    const t = ledger.totals;
    expect(t.owedCents).toBe(t.recoveredCents + t.waivedCents + t.balanceOwedCents);
    expect(t).toMatchObject({ recoveredCents: 5_000, waivedCents: 45_000, balanceOwedCents: 0, netPaidCents: 15_000 });
  });

  it('refuses events that contradict each other', () => {
    const created: LedgerEvent = { kind: 'recovery', eventId: 1, at: '2026-04-01', recoveryId: 1, amountCents: -1_000, reasonCode: 'X', serviceFrom: '2026-03-01', serviceTo: '2026-03-31' };
    expect(() => providerLedger([{ kind: 'recovered', eventId: 2, at: '2026-04-02', recoveryId: 9, paymentId: 1, batchId: 1, cents: 10 }])).toThrow(/recovery 9, which has no creation event/);
    expect(() => providerLedger([created, { kind: 'recovered', eventId: 2, at: '2026-04-02', recoveryId: 1, paymentId: 1, batchId: 1, cents: 1_001 }])).toThrow(/more than recovery 1 still owes \(\$10\.00\)/);
    expect(() => providerLedger([created, { ...created, eventId: 3 }])).toThrow(/created twice/);
  });
});

describe('a recovery as entered', () => {
  it('is negative whole cents with a reason code, ordered service dates and a plan of 1 to 100%', () => {
    const ok = recoveryInput.safeParse({ providerId: 3, amountCents: -100_001, reasonCode: 'ATTENDANCE_AUDIT', serviceFrom: '2026-02-01', serviceTo: '2026-02-28', plan: QUARTER });
    expect(ok.success).toBe(true);
    const bad = recoveryInput.safeParse({ providerId: 3, amountCents: 500, reasonCode: 'late fee', serviceFrom: '2026-02-28', serviceTo: '2026-02-01', plan: { kind: 'percent', percent: 120 } });
    expect(bad.success).toBe(false);
    const issues = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(issues).toMatchObject({
      amountCents: 'a recovery takes money back: the amount is negative',
      reasonCode: 'a reason code (capital letters, digits and _)',
      'plan.percent': 'at most 100%',
    });
    expect(recoveryInput.safeParse({ ...ok.data!, serviceFrom: '2026-03-01' }).error!.issues[0]).toMatchObject({ path: ['serviceTo'], message: 'must not be before the first service date' });
    expect(planText(QUARTER)).toBe('At most 25% of each later payment until repaid');
    expect(planText(WHOLE)).toBe('Taken whole from your next payments until repaid');
  });
});
