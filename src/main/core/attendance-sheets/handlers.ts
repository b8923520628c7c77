import { AUDIT_CHAIN_LOCK } from '../audit/chain';
import { actorAs, nowIso, signedIn } from '../reference/db';
import type { HandlerImpls } from '../registry';
import { printSheets } from './sheets';

// Printed attendance sheets (docs/attendance-sheets.md): one write transaction renders the PDF
// and marks every payment's sheet printed, each with its audit event.

export const sheetsHandlers: HandlerImpls<'attendance-sheets-print'> = {
  'attendance-sheets-print': (args, ctx) =>
    ctx.store.run(({ db }) => printSheets(db, args, actorAs(signedIn(ctx), ['Approver']), nowIso(ctx)), { locks: [AUDIT_CHAIN_LOCK] }),
};
