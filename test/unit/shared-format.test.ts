import { describe, expect, it } from 'vitest';
import {
  fileDate,
  fileDateTime,
  fileMoney,
  formatAgeGroup,
  formatBytes,
  formatCount,
  formatCountOf,
  formatDate,
  formatDateTime,
  formatMoney,
  formatMonth,
  importProblemsMessage,
} from '../../src/shared/format';
import { formatCents } from '../../src/shared/domain/money';

const chicago = { locale: 'en-US', timeZone: 'America/Chicago' };
const honolulu = { locale: 'en-US', timeZone: 'Pacific/Honolulu' };

describe('the one formatter', () => {
  it('writes money from integer cents, with separators and a leading minus', () => {
    expect(formatMoney(0)).toBe('$0.00');
    expect(formatMoney(5)).toBe('$0.05');
    expect(formatMoney(123456)).toBe('$1,234.56');
    expect(formatMoney(-500)).toBe('-$5.00');
    expect(formatMoney(100_000_000_00)).toBe('$100,000,000.00');
    expect(fileMoney(-123456)).toBe('-1234.56');
    expect(() => formatMoney(1.5)).toThrow(/whole number of cents/);
    for (const c of [0, 7, 99, 100, 99_999, 1_000_000, -1_234_567, 987_654_321_01]) expect(formatMoney(c)).toBe(formatCents(c));
  });

  it('writes counts with separators and plurals', () => {
    expect(formatCount(5000)).toBe('5,000');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(-1234567)).toBe('-1,234,567');
    expect(formatCountOf(1, 'problem')).toBe('1 problem');
    expect(formatCountOf(5000, 'row')).toBe('5,000 rows');
    expect(formatCountOf(2, 'child', 'children')).toBe('2 children');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
  });

  it('writes a calendar date as it is, and an instant in the agency time zone', () => {
    expect(formatDate('2026-12-05', chicago)).toBe('Dec 5, 2026');
    expect(formatDate('2026-12-05', honolulu)).toBe('Dec 5, 2026'); // a calendar date has no zone
    // 02:00 UTC on the 5th is still the 4th in Chicago (20:00) and in Honolulu.
    expect(formatDate('2026-12-05T02:00:00Z', chicago)).toBe('Dec 4, 2026');
    expect(formatDateTime('2026-12-05T02:00:00Z', chicago)).toBe('Dec 4, 2026, 8:00 PM');
    expect(formatDateTime('2026-07-05T15:04:00Z', chicago)).toBe('Jul 5, 2026, 10:04 AM'); // daylight time
    expect(formatDateTime('2026-12-05T02:00:00Z', honolulu)).toBe('Dec 4, 2026, 4:00 PM');
    expect(formatDate(null)).toBe('');
    expect(formatMonth('2026-11', chicago)).toBe('November 2026');
  });

  it('keeps each locale its own wording of a date it has written before', () => {
    const london = { locale: 'en-GB', timeZone: 'Europe/London' };
    for (let i = 0; i < 3; i++) {
      expect(formatDate('2026-12-05', chicago)).toBe('Dec 5, 2026');
      expect(formatDate('2026-12-05', london)).toBe('5 Dec 2026');
    }
  });

  it('writes sortable dates in files, agency time', () => {
    expect(fileDate('2026-12-05', chicago)).toBe('2026-12-05');
    expect(fileDate('2026-12-05T02:00:00Z', chicago)).toBe('2026-12-04');
    expect(fileDateTime('2026-12-05T02:00:00Z', chicago)).toBe('2026-12-04 20:00');
    expect(fileDateTime('2026-12-05T06:00:00Z', chicago)).toBe('2026-12-05 00:00');
  });

  it('names age groups one way: "School age"', () => {
    expect(formatAgeGroup('school_age')).toBe('School age');
    expect(formatAgeGroup('school_age', true)).toBe('School age (72+ months)');
    expect(formatAgeGroup('infant', true)).toBe('Infant (0–17 months)');
    expect(formatAgeGroup(null)).toBe('');
  });

  it('words import problems one way', () => {
    expect(importProblemsMessage('kids.csv', [{ row: 3, column: 'birth_date', message: 'not a date (YYYY-MM-DD)' }, { row: 4, column: null, message: 'x' }])).toBe(
      'kids.csv: 2 problems; nothing was changed. First: row 3, birth_date: not a date (YYYY-MM-DD)',
    );
    expect(importProblemsMessage('a.csv', [{ row: null, column: null, message: 'the columns are wrong' }])).toBe(
      'a.csv: 1 problem; nothing was changed. First: the columns are wrong',
    );
  });
});
