import { z } from 'zod';
import { id, timestamp } from '../common';

// Printed attendance sheets (issue #16, CareControl 4's "Printed"; docs/attendance-sheets.md):
// a PDF per provider and period pre-filled with the authorized children, one combined PDF for a
// period's providers on paper, and per sheet a CSV template in the paper attendance CSV's layout.
// Printing marks each payment's sheet as printed (not a status) with an audit event.

const count = z.number().int().min(0);

/** When a payment's sheet was printed (shown on Invoice Details as "Sheet printed on …"). */
export const sheetPrinted = z.object({
  firstPrintedAt: timestamp,
  printedAt: timestamp,
  printedBy: z.string(),
  printCount: z.number().int().min(1),
});
export type SheetPrinted = z.infer<typeof sheetPrinted>;

export const sheetsPrintArgs = z
  .object({
    periodId: id,
    /** One provider's sheet (any provider with a payment in the period); absent: every provider on paper. */
    providerId: id.optional(),
  })
  .strict();

const csvFile = z.object({ fileName: z.string(), content: z.string() });

export const printedSheet = z.object({
  paymentId: id,
  providerId: id,
  providerName: z.string(),
  licenseNumber: z.string(),
  children: count,
  pages: z.number().int().min(1),
  printed: sheetPrinted,
  /** The sheet's CSV template: its children and days in the paper attendance CSV, hours and absence left empty. */
  template: csvFile,
});

export const sheetsPrintResult = z.object({
  period: z.object({ id, code: z.string(), label: z.string() }),
  /** The PDF (one provider's sheet, or the period's sheets combined), base64. */
  fileName: z.string(),
  pdfBase64: z.string(),
  pages: z.number().int().min(1),
  printedAt: timestamp,
  sheets: z.array(printedSheet),
  /** The templates of every sheet in one file (one header), to key the whole print in one go. */
  template: csvFile,
  message: z.string(),
});
export type SheetsPrintResult = z.infer<typeof sheetsPrintResult>;

export const sheetsContract = {
  /** Renders the sheets and marks each payment's sheet printed (an audit event each). Approver. */
  'attendance-sheets-print': { access: ['Approver'], writes: 'data', args: sheetsPrintArgs, result: sheetsPrintResult },
} as const;
