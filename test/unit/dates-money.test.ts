import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, ageInMonths, eachDay, fromDate, isIsoDate, isWeekday, overlap, toDate } from '../../src/shared/domain/dates';
import { centsToDecimal, formatCents, parseCents } from '../../src/shared/domain/money';
import { isValidRouting, maskAccount, routingCheckDigit, routingProblem } from '../../src/shared/domain/routing';

describe('dates', () => {
  it('adds days across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(eachDay('2026-01-30', '2026-02-02')).toEqual(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02']);
  });

  it('round-trips every date the same way toISOString does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 80_000 }), (n) => {
        const d = new Date(Date.UTC(1900, 0, 1) + n * 86_400_000);
        const iso = d.toISOString().slice(0, 10);
        expect(fromDate(d)).toBe(iso);
        expect(toDate(iso).getTime()).toBe(d.getTime());
        expect(isIsoDate(iso)).toBe(true);
      }),
    );
  });

  it('refuses impossible dates', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', '']) expect(isIsoDate(bad)).toBe(false);
  });

  it('counts whole months of age and weekdays', () => {
    expect(ageInMonths('2024-01-15', '2026-01-01')).toBe(23);
    expect(ageInMonths('2024-01-01', '2026-01-01')).toBe(24);
    expect(isWeekday('2026-11-23')).toBe(true); // Monday
    expect(isWeekday('2026-11-22')).toBe(false); // Sunday
    expect(overlap({ start: '2026-01-10', end: '2026-03-01' }, { start: '2026-02-01', end: '2026-02-28' })).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(overlap({ start: '2026-01-01', end: '2026-01-31' }, { start: '2026-02-01', end: '2026-02-28' })).toBeNull();
  });
});

describe('money in cents', () => {
  it('formats and parses amounts exactly', () => {
    expect(formatCents(123456)).toBe('$1,234.56');
    expect(formatCents(-500)).toBe('-$5.00');
    expect(centsToDecimal(-5)).toBe('-0.05');
    expect(parseCents('1,234.56')).toBe(123456);
    expect(parseCents('$12')).toBe(1200);
    expect(parseCents('-5.5')).toBe(-550);
    expect(parseCents('12.345')).toBeNull();
    expect(parseCents('abc')).toBeNull();
    expect(() => formatCents(1.5)).toThrow(/whole number of cents/);
  });

  it('parses what it formats', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (c) => {
      expect(parseCents(formatCents(c))).toBe(c);
    }));
  });
});

describe('routing numbers', () => {
  it('checks the ABA check digit', () => {
    expect(isValidRouting('011000015')).toBe(true); // Federal Reserve Bank of Boston
    expect(isValidRouting('011000016')).toBe(false);
    expect(routingProblem('12345')).toMatch(/9 digits/);
    expect(routingProblem('011000016')).toMatch(/check digit/);
    expect(routingCheckDigit('01100001')).toBe(5);
    expect(maskAccount('123456789')).toBe('•••• 6789');
    expect(maskAccount(null)).toBeNull();
  });
});
