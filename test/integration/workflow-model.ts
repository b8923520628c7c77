import { ACTIONS_TABLE, type ActionName, type ActionRow } from '../../src/shared/workflow/actions';
import type { ActorGroup, HoldKind, InvoiceStatus, ItemKind, PayorKind, SubmissionStatus, SubStatus } from '../../src/shared/domain/words';

// The test's own reading of the actions table: an abstract item state and a reference evaluator
// of the table's rows, written independently of the engine, to compare the engine against.

export interface Model {
  kind: ItemKind;
  payorKind: PayorKind;
  invoiceStatus: InvoiceStatus;
  subStatus: SubStatus;
  submissionStatus: SubmissionStatus;
  received: boolean;
  calculated: boolean;
  holdKind: HoldKind | null;
  exported: boolean;
  /** In Corrections Required for longer than the auto-deny days (the test moves the clock). */
  overdue: boolean;
  /** Calculated in advance (Calculate on enrollment, on the prospective basis): authorized without attendance. */
  advance: boolean;
  /**
   * The QA sample, in a world that samples every payment calculated (100%): null before its first
   * calculation (and always for an adjustment), 'sampled' until an Approver who did not calculate
   * it marks it checked. (The test's calculations are by approver2 or by PayDesk itself, its QA
   * checks by approver: the separation-of-duties condition always holds here; qa-sample.test.ts
   * tests it.)
   */
  qa: 'sampled' | 'checked' | null;
}

export const ALL_GROUPS: ActorGroup[] = ['Provider', 'Approver', 'Payor', 'Administrator', 'System'];

export function created(kind: ItemKind, payorKind: PayorKind): Model {
  const to = ACTIONS_TABLE.find((r) => r.action === 'create')!.to!;
  return {
    kind,
    payorKind,
    invoiceStatus: to.status === 'same' ? 'Pending Approval' : to.status,
    subStatus: to.subStatus,
    submissionStatus: 'New',
    // Adjustments are born received and calculated (createItem).
    received: kind === 'adjustment',
    calculated: kind === 'adjustment',
    holdKind: null,
    exported: false,
    overdue: false,
    advance: false,
    qa: null,
  };
}

export function rowAllows(row: ActionRow, m: Model): boolean {
  if (!row.from?.some((f) => f.status === m.invoiceStatus && f.subStatuses.includes(m.subStatus))) return false;
  const w = row.when ?? {};
  if (w.received !== undefined && w.received !== m.received) return false;
  if (w.calculated !== undefined && w.calculated !== m.calculated) return false;
  if (w.submissionStatus !== undefined && w.submissionStatus !== m.submissionStatus) return false;
  if (w.payorKind !== undefined && w.payorKind !== m.payorKind) return false;
  if (w.holdKind !== undefined && w.holdKind !== m.holdKind) return false;
  if (w.itemKind !== undefined && w.itemKind !== m.kind) return false;
  if (w.correctionsOverdue && !m.overdue) return false;
  if (w.exported === false && m.exported) return false;
  if ((w.onEnrollment || w.paidInAdvance) && !m.advance) return false;
  if (w.qaSample !== undefined && m.qa !== w.qaSample) return false;
  if (w.qaCleared && m.qa === 'sampled') return false;
  return true;
}

/** The rows of the action that let this group act on this model. */
export function allowingRows(action: ActionName, group: ActorGroup, m: Model): ActionRow[] {
  return ACTIONS_TABLE.filter((r) => r.action === action && r.groups.includes(group) && rowAllows(r, m));
}

export function next(row: ActionRow, m: Model): Model {
  const n: Model = { ...m };
  if (row.to) {
    n.invoiceStatus = row.to.status === 'same' ? m.invoiceStatus : row.to.status;
    n.subStatus = row.to.subStatus;
  }
  if (row.submissionTo) n.submissionStatus = row.submissionTo;
  for (const e of row.effects) {
    if (e === 'set-received') n.received = true;
    // An adjustment's amount does not come from attendance: corrections keep it (engine rule).
    if (e === 'clear-amount' && m.kind === 'payment') {
      n.calculated = false;
      n.advance = false;
      if (m.qa === 'checked') n.qa = 'sampled';
    }
    // Drawn at the first calculation (100%: sampled); calculated again, checked again.
    if (e === 'draw-qa-sample' && m.kind === 'payment') n.qa = 'sampled';
    if (e === 'set-qa-checked') n.qa = 'checked';
    if (e === 'store-calculation') {
      n.calculated = true;
      n.advance = row.action === 'calculate-on-enrollment';
    }
    if (e === 'set-export-batch') n.exported = true;
    if (e === 'set-hold-kind') {
      n.holdKind = row.action === 'place-hold' ? 'administrative' : row.action === 'bank-detail-hold' ? 'bank_details' : null;
    }
  }
  if (n.invoiceStatus !== m.invoiceStatus || n.subStatus !== m.subStatus) n.overdue = false;
  return n;
}

export type Step = { action: ActionName; group: ActorGroup } | { wait: true };

export interface Reachable {
  model: Model;
  path: Step[];
}

/** Every state reachable from Create by the table's rows (and by waiting in Corrections Required). */
export function reachableStates(): Reachable[] {
  const key = (m: Model) => JSON.stringify(m);
  const seen = new Map<string, Reachable>();
  const queue: Reachable[] = [];
  for (const kind of ['payment', 'adjustment'] as const) {
    for (const payorKind of ['direct', 'third_party'] as const) {
      const start = { model: created(kind, payorKind), path: [] };
      seen.set(key(start.model), start);
      queue.push(start);
    }
  }
  while (queue.length) {
    const cur = queue.shift()!;
    const moves: Array<[Step, Model]> = [];
    for (const row of ACTIONS_TABLE) {
      if (row.action === 'create' || !rowAllows(row, cur.model)) continue;
      moves.push([{ action: row.action, group: row.groups[0] }, next(row, cur.model)]);
    }
    if (cur.model.invoiceStatus === 'Corrections Required' && !cur.model.overdue) {
      moves.push([{ wait: true }, { ...cur.model, overdue: true }]);
    }
    for (const [step, m] of moves) {
      if (seen.has(key(m))) continue;
      const r = { model: m, path: [...cur.path, step] };
      seen.set(key(m), r);
      queue.push(r);
    }
  }
  return [...seen.values()];
}
