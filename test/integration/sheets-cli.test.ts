import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoForCli } from '../helpers/cli';
import { pdfPagesText } from '../unit/export-pdf-text';

// `paydesk sheets` in-process on a real demo database of the project's engine (a SQLite file, or
// PostgreSQL by URL): the same handler as the app's Print button.

const demo = demoForCli('paydesk-sheets-cli-');
const cli = demo.cli;

describe('paydesk sheets', () => {
  it('writes the period\u2019s combined PDF and a CSV template per sheet, and marks the sheets printed', async () => {
    const out = path.join(demo.dir, 'out');
    const r = await cli('sheets', '--as', 'approver', '--period', '2026-11', '--out', out, '--json');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const json = JSON.parse(r.stdout) as { fileName: string; pages: number; sheets: Array<{ providerId: number; licenseNumber: string; children: number; pages: number; printed: { printCount: number } }>; files: string[] };
    expect(json.fileName).toBe('attendance-sheets-2026-11.pdf');
    expect(json.sheets.length).toBeGreaterThan(0);
    // The files: the PDF, each sheet's template, and all the templates in one file.
    expect(json.files.map((f) => path.basename(f))).toEqual([
      'attendance-sheets-2026-11.pdf',
      ...json.sheets.map((s) => `attendance-sheet-2026-11-${s.licenseNumber}.csv`),
      ...(json.sheets.length > 1 ? ['attendance-sheets-2026-11.csv'] : []),
    ]);
    const pages = await pdfPagesText(json.files[0]);
    expect(pages).toHaveLength(json.pages);
    expect(json.pages).toBe(json.sheets.reduce((n, s) => n + s.pages, 0));
    for (const s of json.sheets) {
      expect(pages.filter((p) => p.includes(`License number ${s.licenseNumber}`))).toHaveLength(s.pages);
      const csv = fs.readFileSync(path.join(out, `attendance-sheet-2026-11-${s.licenseNumber}.csv`), 'utf8').trim().split('\r\n');
      expect(csv[0]).toBe('license_number,period,case_number,date,hours,absence_code');
      expect(csv.slice(1).every((l) => l.startsWith(`${s.licenseNumber},2026-11,`) && l.endsWith(',,'))).toBe(true);
      expect(s.printed.printCount).toBe(1);
    }

    // One provider's sheet again, as text: its count goes up.
    const first = json.sheets[0];
    const again = await cli('sheets', '--as', 'approver', '--period', '2026-11', '--provider', String(first.providerId), '--out', out);
    expect(again).toMatchObject({ code: 0, stderr: '' });
    expect(again.stdout).toContain(`November 2026: the sheet of`);
    expect(again.stdout).toContain('2×');
    expect(fs.existsSync(path.join(out, `attendance-sheet-2026-11-${first.licenseNumber}.pdf`))).toBe(true);
  });

  it('refuses a bad provider, an unknown period, a Payor, naming what is wrong', async () => {
    const bad = await cli('sheets', '--as', 'approver', '--period', '2026-11', '--provider', 'twelve');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("--provider must be a provider's id");
    const unknown = await cli('sheets', '--as', 'approver', '--period', '2031-01');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('--period: no service period "2031-01"');
    const payor = await cli('sheets', '--as', 'payor', '--period', '2026-11');
    expect(payor.code).not.toBe(0);
    expect(payor.stderr).toMatch(/Printing attendance sheets is for Approver/);
  });
});
