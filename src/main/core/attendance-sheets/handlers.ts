import { AUDIT_CHAIN_LOCK } from '../audit/chain';
import { actorAs, nowIso, signedIn } from '../reference/db';
import type { HandlerImpls } from '../registry';
import { renderAttendanceSheets } from './pdf';
import { markPrinted, printResult, readPrint } from './sheets';

// Printed attendance sheets (docs/attendance-sheets.md): the sheets are read (a read
// transaction), the PDF rendered with no lock held, then one write transaction marks every
// payment's sheet printed, each with its audit event. A PDF that cannot be made marks nothing.

export const sheetsHandlers: HandlerImpls<'attendance-sheets-print'> = {
  'attendance-sheets-print': async (args, ctx) => {
    const actor = actorAs(signedIn(ctx), ['Approver']);
    const now = nowIso(ctx);
    const read = await ctx.store.read(({ db }) => readPrint(db, args));
    const pdf = await renderAttendanceSheets(
      read.sheets.map((s) => s.model),
      { agencyName: read.agencyName, createdAt: now },
    );
    const printed = await ctx.store.run(({ db }) => markPrinted(db, read, args.providerId === undefined, actor, now), { locks: [AUDIT_CHAIN_LOCK] });
    return printResult(read, pdf, printed, args.providerId !== undefined, now);
  },
};
