import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../../../shared/api/errors';
import { ACTION_LABELS, type ActionName, type ActionRow } from '../../../shared/workflow/actions';
import { prepared } from '../db/prepared';

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

export function activeReasons(sql: BetterSqlite3.Database, kind: ReasonKind): Array<{ code: string; label: string }> {
  return prepared(sql, `SELECT code, label FROM reason WHERE kind = ? AND active = 1 ORDER BY id`).all(kind) as Array<{
    code: string;
    label: string;
  }>;
}

export function reasonLabel(sql: BetterSqlite3.Database, action: string, code: string | null): string | null {
  const kind = REASON_KIND[action as ActionName];
  if (!code || !kind) return null;
  const row = prepared(sql, `SELECT label FROM reason WHERE kind = ? AND code = ?`).get(kind, code) as { label: string } | undefined;
  return row?.label ?? null;
}

/**
 * Checks the reason against the row: required reasons must be an active code of the action's
 * list; actions without a list take a comment only. Returns the code to record (or null).
 */
export function checkReason(sql: BetterSqlite3.Database, row: ActionRow, reason: ReasonInput | undefined): string | null {
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
  const choices = () =>
    activeReasons(sql, kind)
      .map((r) => `${r.code} (${r.label})`)
      .join(', ');
  if (!code) {
    if (!row.reasonRequired) return null;
    throw new AppError({ code: 'REFUSED', rule: `${action}.reason`, field: 'reason.code', message: `${label} needs a reason: choose one of ${choices()}.` });
  }
  if (action === 'bank-detail-hold' && code !== BANK_DETAILS_REASON) {
    throw new AppError({ code: 'REFUSED', rule: `${action}.reason`, field: 'reason.code', message: `${label} always gives the reason ${BANK_DETAILS_REASON}.` });
  }
  const found = prepared(sql, `SELECT 1 FROM reason WHERE kind = ? AND code = ? AND active = 1`).get(kind, code);
  if (!found) {
    throw new AppError({
      code: 'REFUSED',
      rule: `${action}.reason`,
      field: 'reason.code',
      message: `"${code.slice(0, 60)}" is not a ${kind} reason; choose one of ${choices()}.`,
    });
  }
  return code;
}
