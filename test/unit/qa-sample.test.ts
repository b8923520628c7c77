import { describe, expect, it } from 'vitest';
import { drawQaSample, qaTicket, type QaCandidate } from '../../src/shared/qa/sample';

// The QA sample draw: reproducible from the period and the recorded seed, near the percent,
// and a new provider's first payment always sampled when the setting says so.

const TWENTY = { percent: 20, firstPaymentAlwaysSampled: true };
const candidates = (n: number, from = 1): QaCandidate[] => Array.from({ length: n }, (_, k) => ({ paymentId: from + k, firstPaymentOfNewProvider: false }));
const ids = (d: { sampled: Array<{ paymentId: number }> }) => d.sampled.map((s) => s.paymentId);

/** The ticket as its comment documents it, written again with BigInt, as an auditor would. */
function auditorsTicket(seed: string, period: string, paymentId: number): number {
  const mask = (1n << 32n) - 1n;
  let h = 0x811c9dc5n;
  for (const unit of `${seed}|${period}|${paymentId}`.split('').map((c) => BigInt(c.charCodeAt(0)))) h = ((h ^ unit) * 0x01000193n) & mask;
  h ^= h >> 16n;
  h = (h * 0x85ebca6bn) & mask;
  h ^= h >> 13n;
  h = (h * 0xc2b2ae35n) & mask;
  h ^= h >> 16n;
  return Number(h);
}

describe('QA sample draw', () => {
  it('the same seed and period draw the same items again, whatever the order and whatever else is in the list', () => {
    const list = candidates(500);
    const first = drawQaSample('2026-03', '9f3a61c04be2d877', TWENTY, list);
    expect(first.sampled.length).toBeGreaterThan(0);
    expect(drawQaSample('2026-03', '9f3a61c04be2d877', TWENTY, [...list].reverse())).toEqual(first);
    // Payments added to the period later do not change who was drawn among the first 500.
    const more = drawQaSample('2026-03', '9f3a61c04be2d877', TWENTY, [...list, ...candidates(300, 501)]);
    expect(ids(more).filter((id) => id <= 500)).toEqual(ids(first));
    expect(first.sampled.every((s) => s.reason === 'random draw')).toBe(true);
  });

  it('another seed or another period draws other items', () => {
    const a = ids(drawQaSample('2026-03', 'aaaa', TWENTY, candidates(2000)));
    const b = ids(drawQaSample('2026-03', 'aaab', TWENTY, candidates(2000)));
    const c = ids(drawQaSample('2026-04', 'aaaa', TWENTY, candidates(2000)));
    const overlap = (x: number[], y: number[]) => x.filter((id) => y.includes(id)).length / x.length;
    // Independent 20% draws share about 20% of their items, not all of them.
    expect(overlap(a, b)).toBeLessThan(0.3);
    expect(overlap(a, c)).toBeLessThan(0.3);
  });

  it('the proportion drawn is near the percent over many items (within 1 point for 20,000)', () => {
    for (const [seed, percent] of [['1', 20], ['c0ffee', 5], ['deadbeef00112233', 50], ['x-7', 12.5]] as const) {
      const d = drawQaSample('2026-07', seed, { percent, firstPaymentAlwaysSampled: false }, candidates(20_000, 4_000_000));
      expect(Math.abs((d.sampled.length / 20_000) * 100 - percent)).toBeLessThan(1);
    }
  });

  it('tickets spread evenly: each tenth of the range holds about a tenth of 50,000 payments', () => {
    const tenths = new Array(10).fill(0);
    for (let id = 1; id <= 50_000; id++) tenths[Math.floor((qaTicket('s', '2026-01', id) / 2 ** 32) * 10)] += 1;
    for (const n of tenths) expect(Math.abs(n - 5000)).toBeLessThan(300);
  });

  it('the ticket is the documented one (an auditor can re-draw without PayDesk)', () => {
    for (const [seed, period, id] of [['9f3a61c04be2d877', '2026-03', 1], ['x', 'Q1.2026', 123_456_789], ['abc-DEF', '2026-12', 42]] as const) {
      expect(qaTicket(seed, period, id)).toBe(auditorsTicket(seed, period, id));
    }
  });

  it('a new provider\u2019s first payment is always sampled when the setting says so, and drawn like any other when not', () => {
    const list: QaCandidate[] = [...candidates(100), { paymentId: 7_001, firstPaymentOfNewProvider: true }, { paymentId: 7_002, firstPaymentOfNewProvider: true }];
    const on = drawQaSample('2026-03', 'seed1', { percent: 0, firstPaymentAlwaysSampled: true }, list);
    expect(on.sampled).toEqual([
      { paymentId: 7_001, reason: 'first payment of a new provider' },
      { paymentId: 7_002, reason: 'first payment of a new provider' },
    ]);
    expect(drawQaSample('2026-03', 'seed1', { percent: 0, firstPaymentAlwaysSampled: false }, list).sampled).toEqual([]);
    expect(drawQaSample('2026-03', 'seed1', { percent: 100, firstPaymentAlwaysSampled: false }, list).sampled).toHaveLength(102);
  });

  it('refuses a bad seed, a percent outside 0–100 and a payment listed twice', () => {
    expect(() => drawQaSample('2026-03', '', TWENTY, [])).toThrow(/a seed is 1 to 64 letters/);
    expect(() => drawQaSample('2026-03', 'ok', { percent: 101, firstPaymentAlwaysSampled: false }, [])).toThrow(/at most 100%/);
    expect(() => drawQaSample('2026-03', 'ok', TWENTY, [...candidates(2), ...candidates(1)])).toThrow(/payment 1 is a candidate twice/);
  });
});
