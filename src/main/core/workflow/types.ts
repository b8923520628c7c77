import type { CalculationLine } from '../../../shared/calculation/rules';
import type { SessionUser } from '../../../shared/api/contract/session';
import type { ActionName } from '../../../shared/workflow/actions';
import type { PaymentBasis } from '../../../shared/domain/words';
import type { Actor } from '../audit/chain';
import type { ItemState } from './item';

// The engine's input types (re-exported by engine.ts, which is what other features import).

/** One day of one child. hours and absenceCode both null removes that day's row. */
export interface AttendanceInput {
  childId: number;
  date: string;
  hours: number | null;
  absenceCode: 'ABSENT' | 'CLOSED' | null;
}

/** A calculation line as the engine stores it; details are free-form JSON for the audit trail. */
export type CalculationLineInput = Omit<CalculationLine, 'details'> & { details: unknown };

export interface ApplyInput {
  paymentId: number;
  action: ActionName;
  /** Who acts, as which group (audit/chain.ts). */
  actor: Actor;
  /** The signed-in user (Provider scoping); null or absent for the System. */
  user?: SessionUser | null;
  reason?: { code: string; comment?: string };
  /** For store-attendance: replaces the given days; the old values go into the audit event. */
  attendance?: { rows: AttendanceInput[]; source: 'digital' | 'paper' };
  /** For store-calculation: the amount and its lines (Σ subtotals = amount). */
  calculation?: { amountCents: number; lines: CalculationLineInput[]; basis?: PaymentBasis };
  /** For set-export-batch. */
  exportBatchId?: number;
  /** Provider signature time (set-provider-signed) or parent signature time (set-received). */
  signedAt?: string;
  /** Optimistic check from the UI: refused with CONFLICT when the item moved meanwhile. */
  expectedVersion?: number;
  /** Extra audit details (kept under `input` in the event's details). */
  details?: unknown;
}

export interface ApplyResult {
  before: ItemState;
  after: ItemState;
  eventId: number;
}

export interface CreateItemInput {
  kind: 'payment' | 'adjustment';
  providerId: number;
  periodId: number;
  payorId: number;
  /** Adjustments only: the amount of the correction (may be negative). */
  amountCents?: number;
  /** Adjustments only: the earlier payment this corrects. */
  correctsPaymentId?: number;
  adjustmentReason?: string;
  actor: Actor;
}
