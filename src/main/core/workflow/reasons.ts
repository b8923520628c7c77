import { AppError } from '../../../shared/api/errors';
import { ACTION_LABELS, type ActionName, type ActionRow } from '../../../shared/workflow/actions';
import type { Queryable } from '../db/engine/port';

export type ReasonKind = 'hold' | 'corrections' | 'deny' | 'return';

/** Which list of the reason table an action's reason comes from. */
export const REASON_KIND: Partial<Record<ActionName, ReasonKind>> = {
  'place-hold': 'hold',
  'bank-detail-hold': 'hold',
  'request-corrections': 'corrections',
  deny: 'deny',
  'auto-deny': 'deny',
  'return-to-approval': 'return',
};

/** The reason the application gives when it holds items after a bank-detail change. */
export const BANK_DETAILS_REASON = 'BANK_DETAILS_CHANGED';
export const CORRECTIONS_OVERDUE_REASON = 'CORRECTIONS_OVERDUE';

export interface ReasonInput {
  code: string;
  comment?: string;
}

export function activeReasons(db: Queryable, kind: ReasonKind): Promise<Array<{ code: string; label: string }>> {
  return db.rows<{ code: string; label: string }>(`SELECT code, label FROM reason WHERE kind = ? AND active = 1 ORDER BY id`, [kind]);
}

export async function reasonLabel(db: Queryable, action: string, code: string | null): Promise<string | null> {
  const kind = REASON_KIND[action as ActionName];
  if (!code || !kind) return null;
  const row = await db.one<{ label: string }>(`SELECT label FROM reason WHERE kind = ? AND code = ?`, [kind, code]);
  return row?.label ?? null;
}

/**
 * Checks the reason against the row: required reasons must be an active code of the action's
 * list; actions without a list take a comment only. Returns the code to record (or null).
 */
export async function checkReason(db: Queryable, row: ActionRow, reason: ReasonInput | undefined): Promise<string | null> {
  const action = row.action;
  const label = ACTION_LABELS[action];
  const kind = REASON_KIND[action];
  const code = reason?.code?.trim() || (action === 'bank-detail-hold' ? BANK_DETAILS_REASON : '');
  if (!kind) {
    if (code) {
      throw new AppError({ code: 'REFUSED', rule: `${action}.no-reason`, field: 'reason.code', message: `${label} takes no reason code; write a comment instead.` });
    }
    return null;
  }
  const choices = async () =>
    (await activeReasons(db, kind))
      .map((r) => `${r.code} (${r.label})`)
      .join(', ');
  if (!code) {
    if (!row.reasonRequired) return null;
    throw new AppError({ code: 'REFUSED', rule: `${action}.reason`, field: 'reason.code', message: `${label} needs a reason: choose one of ${await choices()}.` });
  }
  if (action === 'bank-detail-hold' && code !== BANK_DETAILS_REASON) {
    throw new AppError({ code: 'REFUSED', rule: `${action}.reason`, field: 'reason.code', message: `${label} always gives the reason ${BANK_DETAILS_REASON}.` });
  }
  const found = await db.cached('reason', `active:${kind}:${code}`, () => db.one(`SELECT 1 AS found FROM reason WHERE kind = ? AND code = ? AND active = 1`, [kind, code]));
  if (!found) {
    throw new AppError({
      code: 'REFUSED',
      rule: `${action}.reason`,
      field: 'reason.code',
      message: `"${code.slice(0, 60)}" is not a ${kind} reason; choose one of ${await choices()}.`,
    });
  }
  return code;
}
