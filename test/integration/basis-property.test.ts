import fc from 'fast-check';
import { ENGINE } from '../helpers/engine';
import { describe, expect, it } from 'vitest';
import { calculate, type CalcAuthorization } from '../../src/shared/calculation/rules';
import { inputs } from '../unit/basis-fixture';
import { openBasisWorld, type Day } from './basis-fixture';

// A property at the database level: for any attendance, the payment made in advance (Generate on
// the prospective basis, authorized, exported) plus its reconciliation adjustment equals the
// attendance-basis amount of the same days; or the advance was higher by less than the recovery
// threshold and nothing was created. The attendance amount is the pure rules' (the oracle), on
// the same children and days; everything else goes through the core's handlers on a real file.

const childArb = fc.record({
  startDay: fc.integer({ min: 1, max: 20 }),
  fullTime: fc.boolean(),
  dpw: fc.integer({ min: 1, max: 5 }),
  copay: fc.integer({ min: 0, max: 40_000 }),
  birthDate: fc.constantFrom('2025-06-10', '2024-01-20', '2022-01-15', '2018-03-03'),
  days: fc.uniqueArray(
    fc.record({
      day: fc.integer({ min: 1, max: 31 }),
      v: fc.oneof({ arbitrary: fc.integer({ min: 500, max: 1000 }).map((h) => h / 100), weight: 3 }, fc.integer({ min: 1, max: 499 }).map((h) => h / 100), fc.constantFrom<'A' | 'C'>('A', 'C')),
    }),
    { selector: (d) => d.day, minLength: 8, maxLength: 31 },
  ),
});

describe('prospective payment + reconciliation = the attendance amount (property, real database)', () => {
  it('holds for random children, attendance and thresholds', async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(childArb, { minLength: 1, maxLength: 3 }), fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5_000 }), fc.integer({ min: 50_000, max: 500_000 })), async (children, threshold) => {
        const w = await openBasisWorld();
        try {
          await w.setBasis('prospective', '2026-01-01');
          await w.setThreshold(threshold);
          const auths: CalcAuthorization[] = [];
          const rows: Day[] = [];
          for (const c of children) {
            const startDate = `2026-03-${String(c.startDay).padStart(2, '0')}`;
            const a = { startDate, endDate: '2026-12-31', careLevel: c.fullTime ? ('full_time' as const) : ('part_time' as const), daysPerWeek: c.dpw, copayCents: c.copay, birthDate: c.birthDate };
            const { childId, authIds } = await w.child(1, [a]);
            auths.push({ ...a, id: authIds[0], childId, childLabel: `Doe, Kid${childId} (CASE-${childId})` });
            for (const d of c.days) {
              if (d.day < c.startDay) continue;
              const date = `2026-03-${String(d.day).padStart(2, '0')}`;
              rows.push({ childId, date, hours: typeof d.v === 'number' ? d.v : null, absenceCode: d.v === 'A' ? 'ABSENT' : d.v === 'C' ? 'CLOSED' : null });
            }
          }
          fc.pre(rows.length > 0);
          await w.generate(3);
          const p = await w.payment(1, 3);
          await w.authorize(p.id);
          await w.exportItem(p.id);
          await w.record(p.id, rows, 'record-attendance-paid-in-advance');
          const attendanceCents = calculate({ ...inputs(3, auths, rows), basis: 'attendance' }).amountCents;
          const advanceCents = calculate({ ...inputs(3, auths, []), basis: 'prospective' }).amountCents;
          expect(p.amountCents).toBe(advanceCents);
          const adjustments = await w.adjustments(p.id);
          const r = (await w.reconciliation(p.id))!;
          expect(r).toMatchObject({ advanceCents, attendanceCents });
          outcomes.set(r.outcome, (outcomes.get(r.outcome) ?? 0) + 1);
          if (adjustments.length === 0) {
            // Nothing created: exactly equal, or an overpayment below the threshold.
            expect(attendanceCents === advanceCents || (attendanceCents < advanceCents && advanceCents - attendanceCents < threshold)).toBe(true);
            expect(r.notRecoveredCents).toBe(Math.max(0, advanceCents - attendanceCents));
          } else {
            expect(adjustments).toHaveLength(1);
            expect(advanceCents + adjustments[0].amountCents).toBe(attendanceCents);
            expect(r.adjustmentId).toBe(adjustments[0].id);
          }
        } finally {
          await w.close();
        }
      }),
      // Fewer runs on PostgreSQL (a database per run: ~1.5 s each there, 0.4 s on SQLite), never none.
      { numRuns: ENGINE === 'postgres' ? 12 : 25, seed: 16 },
    );
    // The runs reached every kind of reconciliation but "none" (rare by chance; P6 works it by hand).
    console.info(Object.fromEntries(outcomes));
    expect([...outcomes.keys()].sort()).toEqual(expect.arrayContaining(['overpayment', 'overpayment below the threshold', 'underpayment']));
  }, 120_000);
});
