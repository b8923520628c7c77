import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCents } from '../../src/shared/domain/money';
import { money } from '../../src/main/core/export/pdf/format';
import { hex, winAnsi } from '../../src/main/core/export/pdf/fonts';

describe('PDF text helpers', () => {
  it('money() prints exactly what formatCents prints', () => {
    for (const c of [0, 1, 9, 10, 99, 100, 101, 99999, 100000, 123456789, -1, -500, -123456789]) expect(money(c)).toBe(formatCents(c));
    fc.assert(fc.property(fc.integer({ min: -1e13, max: 1e13 }), (c) => money(c) === formatCents(c)), { numRuns: 2000 });
    expect(() => money(1.5)).toThrow(TypeError);
  });

  it('winAnsi maps Latin-1 to itself, the WinAnsi extras to their codes, anything else to "?"', () => {
    expect(winAnsi('Aé•–—…€ ')).toEqual([0x41, 0xe9, 0x95, 0x96, 0x97, 0x85, 0x80, 0x20]);
    expect(winAnsi('e\u0301')).toEqual([0xe9]); // decomposed é is composed first
    expect(winAnsi('日\t')).toEqual([0x3f, 0x20]);
    expect(hex(winAnsi('A•'))).toBe('4195');
  });
});
