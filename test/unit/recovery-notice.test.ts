import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPageContent, createPdf, Pen } from '../../src/main/core/export/pdf/doc';
import { drawRecoveryNotice, renderRecoveryNotice } from '../../src/main/core/recovery/notice-pdf';
import { recoveryNotice, type RecoveryNoticeInput } from '../../src/shared/recovery/notice';
import { tempDir } from '../helpers/core';
import { pdfPagesText, sha256 } from './export-pdf-text';

// The notice of overpayment: total, service dates, reason, how it is recovered, and how and by
// when to contest (30 days by default), read back from the PDF and rendered to PNG.

const input: RecoveryNoticeInput = {
  agency: { name: 'Lakeside County Child Care Assistance', addressLines: ['100 Main Street', 'Lakeside, MN 55001'], phone: '(555) 010-2000' },
  provider: { id: 12, name: 'Sunny Days Family Child Care', licenseNumber: 'LIC-100012', addressLines: ['12 Elm Road', 'Lakeside, MN 55002'] },
  recovery: {
    id: 17, amountCents: -100_001, reasonCode: 'ATTENDANCE_AUDIT', reasonLabel: 'Attendance audit: days billed without sign-in records',
    serviceFrom: '2026-02-01', serviceTo: '2026-02-28', plan: { kind: 'percent', percent: 25 }, correctsPaymentIds: [4211],
  },
  noticeDate: '2026-04-02',
};

describe('recovery notice model', () => {
  it('gives 30 days to contest by default, counted from the notice date', () => {
    const m = recoveryNotice(input);
    expect(m).toMatchObject({ contestDays: 30, contestBy: '2026-05-02', owedCents: 100_001, planText: 'At most 25% of each later payment until repaid' });
    expect(recoveryNotice({ ...input, contestDays: 45, noticeDate: '2026-12-20' }).contestBy).toBe('2027-02-03');
    expect(m.contestText[0]).toBe('If you believe this overpayment is wrong, you may contest it within 30 days of this notice, that is by 2026-05-02.');
    expect(m.contestText[1]).toContain('Write to Lakeside County Child Care Assistance, 100 Main Street, Lakeside, MN 55001, or call (555) 010-2000, quoting recovery 17 and your license number LIC-100012.');
  });

  it('refuses a positive amount, a bad date or a contest period out of range', () => {
    expect(() => recoveryNotice({ ...input, recovery: { ...input.recovery, amountCents: 500 } })).toThrow(/a recovery is negative/);
    expect(() => recoveryNotice({ ...input, noticeDate: '2026-02-30' })).toThrow(/not a date/);
    expect(() => recoveryNotice({ ...input, contestDays: 0 })).toThrow(/give 1 to 365/);
  });
});

describe('recovery notice PDF', () => {
  let dir: string;
  let cleanup: () => void;
  let file: string;
  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('paydesk-notice-'));
    file = path.join(dir, 'notice-17.pdf');
    fs.writeFileSync(file, await renderRecoveryNotice(recoveryNotice(input)));
  });
  afterAll(() => cleanup());

  it('shows the total, the service dates, the reason, the plan and how and by when to contest', async () => {
    const pages = await pdfPagesText(file);
    expect(pages).toHaveLength(1);
    const text = pages[0];
    for (const s of [
      'NOTICE OF OVERPAYMENT', 'Sunny Days Family Child Care', 'Provider 12 · License LIC-100012', 'Notice date 2026-04-02', 'Recovery 17',
      'Amount to be recovered', '$1,000.01', '2026-02-01 – 2026-02-28', 'Attendance audit: days billed without sign-in records (ATTENDANCE_AUDIT)',
      'At most 25% of each later payment until repaid', 'Corrects payment', '4211', '2026-05-02 (30 days from the notice date)', 'HOW TO CONTEST THIS NOTICE',
    ]) expect(text, s).toContain(s);
    // The wrapped paragraphs read back whole once their lines are joined.
    expect(text.replace(/\n/g, ' ')).toContain('you may contest it within 30 days of this notice, that is by 2026-05-02.');
  });

  it('a whole-plan notice says so; the same notice renders to the same bytes', async () => {
    const whole = recoveryNotice({ ...input, recovery: { ...input.recovery, plan: { kind: 'whole' }, correctsPaymentIds: [] } });
    const text = (await pdfPagesText(await write('whole.pdf', await renderRecoveryNotice(whole)))).join('\n');
    expect(text).toContain('Taken whole from your next payments until repaid');
    expect(text).not.toContain('Corrects payment');
    expect(sha256(await write('again.pdf', await renderRecoveryNotice(recoveryNotice(input))))).toBe(sha256(file));
  });

  it('its page goes into another document as it is (the combined remittance PDF, in phase B)', async () => {
    const doc = createPdf({ title: 'combined', subject: 's', author: 'a', createdAt: '2026-04-02T00:00:00Z' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const ended = once(doc, 'end');
    const pen = new Pen();
    addPageContent(doc, drawRecoveryNotice(pen, recoveryNotice(input)));
    addPageContent(doc, drawRecoveryNotice(pen, recoveryNotice({ ...input, recovery: { ...input.recovery, id: 18 } })));
    doc.end();
    await ended;
    const pages = await pdfPagesText(await write('combined.pdf', Buffer.concat(chunks)));
    expect(pages.map((p) => /Recovery (\d+)/.exec(p)![1])).toEqual(['17', '18']);
  });

  it('renders to PNG with poppler', () => {
    const out = path.join(dir, 'png');
    fs.mkdirSync(out);
    execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(out, 'notice')]);
    const pngs = fs.readdirSync(out);
    expect(pngs).toHaveLength(1);
    expect(fs.statSync(path.join(out, pngs[0])).size).toBeGreaterThan(10_000);
    if (process.env.PAYDESK_KEEP_PNG) fs.copyFileSync(path.join(out, pngs[0]), path.join(process.env.PAYDESK_KEEP_PNG, pngs[0]));
  });

  async function write(name: string, bytes: Buffer): Promise<string> {
    const f = path.join(dir, name);
    fs.writeFileSync(f, bytes);
    return f;
  }
});
