import { formatCents } from '../domain/money';

// A provider's ledger (DESIGN.md section 4): what was paid, what was recovered and waived, and
// the balance owed, each line with the audit events behind it. Built from the events alone (the
// core reads them from the audit trail), so it always agrees with the history.

export type LedgerEvent =
  /** An item exported to the provider: its amount before any recovery (an ordinary negative adjustment is negative). */
  | { kind: 'paid'; eventId: number; at: string; paymentId: number; itemKind: 'payment' | 'adjustment'; periodLabel: string; batchId: number; amountCents: number }
  /** A recovery created: what the provider owes back (negative). */
  | { kind: 'recovery'; eventId: number; at: string; recoveryId: number; amountCents: number; reasonCode: string; serviceFrom: string; serviceTo: string }
  /** Part of a recovery taken from an exported item (cents > 0). */
  | { kind: 'recovered'; eventId: number; at: string; recoveryId: number; paymentId: number; batchId: number; cents: number }
  /** The rest of a recovery waived by a second user. */
  | { kind: 'waived'; eventId: number; at: string; recoveryId: number; cents: number; reason: string; byUser: string };

export interface LedgerLine {
  at: string;
  kind: 'paid' | 'recovery' | 'recovered' | 'waived';
  description: string;
  paymentId: number | null;
  recoveryId: number | null;
  batchId: number | null;
  /** The item's amount before recovery. */
  paidCents: number;
  /** Taken from it toward recoveries. */
  recoveredCents: number;
  waivedCents: number;
  /** A new recovery: what the provider now owes (positive). */
  owedCents: number;
  /** What the provider owes after this line. */
  balanceOwedCents: number;
  eventIds: number[];
}

export interface LedgerRecovery {
  recoveryId: number;
  amountCents: number;
  reasonCode: string;
  serviceFrom: string;
  serviceTo: string;
  recoveredCents: number;
  waivedCents: number;
  balanceCents: number;
}

export interface ProviderLedger {
  lines: LedgerLine[];
  totals: {
    paidCents: number;
    recoveredCents: number;
    /** paid − recovered: what reached the provider. */
    netPaidCents: number;
    /** Σ of the recoveries (positive). */
    owedCents: number;
    waivedCents: number;
    balanceOwedCents: number;
  };
  recoveries: LedgerRecovery[];
}

const byTime = (a: LedgerEvent, b: LedgerEvent) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.eventId - b.eventId);

/**
 * The ledger, in time order. An item's export and what recoveries took from it make one line
 * (with all their event ids). Throws when the events contradict each other (a take or waiver of
 * an unknown recovery, or more than it owes): the audit trail is then not what PayDesk wrote.
 */
export function providerLedger(events: readonly LedgerEvent[]): ProviderLedger {
  const sorted = [...events].sort(byTime);
  const recoveries = new Map<number, LedgerRecovery>();
  const lines: LedgerLine[] = [];
  const paidLine = new Map<string, LedgerLine>();
  let balance = 0;
  const line = (l: Omit<LedgerLine, 'balanceOwedCents' | 'paidCents' | 'recoveredCents' | 'waivedCents' | 'owedCents'> & Partial<LedgerLine>): LedgerLine => {
    const full: LedgerLine = { paidCents: 0, recoveredCents: 0, waivedCents: 0, owedCents: 0, balanceOwedCents: balance, ...l };
    lines.push(full);
    return full;
  };
  const owing = (id: number, what: string, cents: number): LedgerRecovery => {
    const r = recoveries.get(id);
    if (!r) throw new Error(`ledger: ${what} refers to recovery ${id}, which has no creation event before it`);
    if (!Number.isSafeInteger(cents) || cents <= 0) throw new Error(`ledger: ${what} of recovery ${id} is not a positive whole number of cents (${cents})`);
    if (cents > r.balanceCents) throw new Error(`ledger: ${what} of ${formatCents(cents)} is more than recovery ${id} still owes (${formatCents(r.balanceCents)})`);
    return r;
  };

  for (const e of sorted) {
    if (e.kind === 'recovery') {
      if (!Number.isSafeInteger(e.amountCents) || e.amountCents >= 0) throw new Error(`ledger: recovery ${e.recoveryId} has amount ${e.amountCents}; a recovery is negative`);
      if (recoveries.has(e.recoveryId)) throw new Error(`ledger: recovery ${e.recoveryId} is created twice`);
      const owed = -e.amountCents;
      recoveries.set(e.recoveryId, { recoveryId: e.recoveryId, amountCents: e.amountCents, reasonCode: e.reasonCode, serviceFrom: e.serviceFrom, serviceTo: e.serviceTo, recoveredCents: 0, waivedCents: 0, balanceCents: owed });
      balance += owed;
      line({ at: e.at, kind: 'recovery', description: `Recovery ${e.recoveryId}: ${e.reasonCode}, service ${e.serviceFrom} – ${e.serviceTo}`, paymentId: null, recoveryId: e.recoveryId, batchId: null, owedCents: owed, eventIds: [e.eventId] });
    } else if (e.kind === 'paid') {
      const what = e.itemKind === 'payment' ? 'Payment' : 'Adjustment';
      const l = line({ at: e.at, kind: 'paid', description: `${what} ${e.paymentId} (${e.periodLabel}), batch ${e.batchId}`, paymentId: e.paymentId, recoveryId: null, batchId: e.batchId, paidCents: e.amountCents, eventIds: [e.eventId] });
      paidLine.set(`${e.paymentId}/${e.batchId}`, l);
    } else if (e.kind === 'recovered') {
      const r = owing(e.recoveryId, `the amount taken from item ${e.paymentId}`, e.cents);
      r.recoveredCents += e.cents;
      r.balanceCents -= e.cents;
      balance -= e.cents;
      const l = paidLine.get(`${e.paymentId}/${e.batchId}`);
      if (l) {
        l.recoveredCents += e.cents;
        l.balanceOwedCents = balance;
        l.eventIds.push(e.eventId);
        l.recoveryId = l.recoveryId ?? e.recoveryId;
        l.description += `, ${formatCents(e.cents)} to recovery ${e.recoveryId}`;
      } else {
        line({ at: e.at, kind: 'recovered', description: `Recovery ${e.recoveryId}: ${formatCents(e.cents)} taken from item ${e.paymentId}, batch ${e.batchId}`, paymentId: e.paymentId, recoveryId: e.recoveryId, batchId: e.batchId, recoveredCents: e.cents, eventIds: [e.eventId] });
      }
    } else {
      const r = owing(e.recoveryId, 'the waiver', e.cents);
      r.waivedCents += e.cents;
      r.balanceCents -= e.cents;
      balance -= e.cents;
      line({ at: e.at, kind: 'waived', description: `Recovery ${e.recoveryId}: rest waived by ${e.byUser} (${e.reason})`, paymentId: null, recoveryId: e.recoveryId, batchId: null, waivedCents: e.cents, eventIds: [e.eventId] });
    }
  }

  const sum = (f: (l: LedgerLine) => number) => lines.reduce((s, l) => s + f(l), 0);
  const paidCents = sum((l) => l.paidCents);
  const recoveredCents = sum((l) => l.recoveredCents);
  return {
    lines,
    totals: { paidCents, recoveredCents, netPaidCents: paidCents - recoveredCents, owedCents: sum((l) => l.owedCents), waivedCents: sum((l) => l.waivedCents), balanceOwedCents: balance },
    recoveries: [...recoveries.values()],
  };
}
