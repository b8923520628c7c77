import { describe, expect, it } from 'vitest';
import { escapeCsvCell, toCsv } from '../../src/renderer/src/components/csv';

describe('CSV export of a view', () => {
  it('escapes cells a spreadsheet would run as a formula', () => {
    for (const bad of ['=SUM(A1)', '+1', '-2+3', '-1-cmd|x', '@cmd', '\tx', '\rx']) expect(escapeCsvCell(bad).replace(/^"/, '')).toMatch(/^'/);
    expect(escapeCsvCell('-$25.00')).toBe("'-$25.00");
    // A plain number, negative too, stays a number the spreadsheet can add up.
    expect(escapeCsvCell('-25.00')).toBe('-25.00');
    expect(escapeCsvCell(-7)).toBe('-7');
    expect(escapeCsvCell('-25.00.1')).toBe("'-25.00.1");
    expect(escapeCsvCell('Sunny Learning Center')).toBe('Sunny Learning Center');
  });

  it('quotes commas, quotes and line breaks, and writes empty cells for null', () => {
    expect(escapeCsvCell('Smith, Jo')).toBe('"Smith, Jo"');
    expect(escapeCsvCell('say "hi"')).toBe('"say ""hi"""');
    expect(escapeCsvCell('a\nb')).toBe('"a\nb"');
    expect(escapeCsvCell(null)).toBe('');
    expect(escapeCsvCell(0)).toBe('0');
  });

  it('writes a header and one CRLF line per row', () => {
    const csv = toCsv([{ header: 'ID', value: (r: { id: number; n: string }) => r.id }, { header: 'Name', value: (r) => r.n }], [
      { id: 1, n: '=HYPERLINK("x")' },
      { id: 2, n: 'ok' },
    ]);
    expect(csv).toBe('ID,Name\r\n1,"\'=HYPERLINK(""x"")"\r\n2,ok\r\n');
  });
});
