import type { CalculationSettings, CalculationSettingsSave } from '../../shared/api/contract/basis';
import { PAYMENT_BASES, PAYMENT_BASIS_LABELS, type PaymentBasis } from '../../shared/domain/words';
import { formatCents } from '../../shared/domain/money';
import type { Connection } from '../../main/core/core';
import { type Command, dollarsOption, stringOption, table, usageError } from '../command';

// The payment basis from the command line (DESIGN.md section 4, issue #16): `paydesk settings`
// shows or sets the basis (from a date), the recovery threshold and the holidays, as an
// Administrator; `paydesk reconcile` reconciles a period paid in advance, as an Approver.

async function periodId(connection: Connection, value: string): Promise<number> {
  const periods = await connection.call('periods-list', {});
  const found = periods.find((p) => p.code === value || String(p.id) === value);
  if (!found) throw usageError(`--period: no service period "${value}" (codes: ${periods.map((p) => p.code).join(', ')})`);
  return found.id;
}

function settingsText(s: CalculationSettings): string {
  const history = <T>(h: Array<{ effectiveFrom: string; value: T }>, show: (v: T) => string) =>
    h.map((x) => `      from ${x.effectiveFrom}: ${show(x.value)}`).join('\n');
  return [
    `Payment basis     ${PAYMENT_BASIS_LABELS[s.paymentBasis.value]} (since ${s.paymentBasis.effectiveFrom})`,
    history(s.paymentBasis.history, (v: PaymentBasis) => PAYMENT_BASIS_LABELS[v]),
    `Recovery threshold ${formatCents(s.recoveryThresholdCents.value)} (overpayments below it are not recovered; since ${s.recoveryThresholdCents.effectiveFrom})`,
    `Holidays          ${s.holidays.value.length ? s.holidays.value.join(', ') : '(none)'} (since ${s.holidays.effectiveFrom})`,
  ].join('\n');
}

export const settingsCommand: Command = {
  name: 'settings',
  summary: 'show or set the payment basis (attendance, enrollment, prospective) from a date, the recovery threshold and the holidays',
  usage:
    'paydesk settings --as USER [--basis attendance|enrollment|prospective] [--threshold DOLLARS] [--holidays DATE,DATE…|none] [--from YYYY-MM-DD] [--db FILE] [--json]\n' +
    '  Each value is set from --from on (default: today); a period is calculated under the values in effect on its first day.',
  options: { as: { type: 'string' }, basis: { type: 'string' }, threshold: { type: 'string' }, holidays: { type: 'string' }, from: { type: 'string' } },
  async run(ctx) {
    const v = ctx.values;
    const basis = stringOption(v, 'basis', false);
    if (basis !== undefined && !(PAYMENT_BASES as readonly string[]).includes(basis)) throw usageError(`--basis must be one of ${PAYMENT_BASES.join(', ')}; not "${basis.slice(0, 40)}"`);
    const threshold = v.threshold !== undefined ? dollarsOption(v, 'threshold') : undefined;
    const holidaysText = stringOption(v, 'holidays', false);
    const holidays = holidaysText === undefined ? undefined : holidaysText === 'none' ? [] : holidaysText.split(',').map((d) => d.trim());
    const from = stringOption(v, 'from', false);
    const saves: CalculationSettingsSave[] = [];
    const at = from ? { effectiveFrom: from } : {};
    if (basis !== undefined) saves.push({ key: 'calculation.paymentBasis', value: basis as PaymentBasis, ...at });
    if (threshold !== undefined) saves.push({ key: 'calculation.recoveryThresholdCents', value: threshold, ...at });
    if (holidays !== undefined) saves.push({ key: 'calculation.holidays', value: holidays, ...at });
    if (from !== undefined && saves.length === 0) throw usageError('--from goes with --basis, --threshold or --holidays');
    const { core, connection } = await ctx.open({ as: stringOption(v, 'as')!, reading: saves.length === 0 });
    try {
      let s = saves.length === 0 ? await connection.call('calculation-settings-get', {}) : null;
      for (const save of saves) s = await connection.call('calculation-settings-save', save);
      ctx.out(s, (saves.length ? 'Saved.\n' : '') + settingsText(s!));
    } finally {
      await core.close();
    }
  },
};

export const reconcileCommand: Command = {
  name: 'reconcile',
  summary: 'reconcile a period paid in advance: attendance amount against the advance, a ± adjustment per payment (as an Approver)',
  usage: 'paydesk reconcile --as USER --period CODE|ID [--db FILE] [--json]',
  options: { as: { type: 'string' }, period: { type: 'string' } },
  async run(ctx) {
    const { core, connection } = await ctx.open({ as: stringOption(ctx.values, 'as')! });
    try {
      const r = await connection.call('reconcile-period', { periodId: await periodId(connection, stringOption(ctx.values, 'period')!) });
      const rows = r.reconciled.map((x) => ({
        payment: x.paymentId,
        provider: x.providerId,
        advance: formatCents(x.advanceCents),
        attendance: formatCents(x.attendanceCents),
        adjustment: x.adjustmentId === null ? '—' : `${formatCents(x.adjustmentCents)} (item ${x.adjustmentId})`,
        outcome: x.outcome,
      }));
      ctx.out(
        r,
        [
          `Reconciled ${r.reconciled.length} payments made in advance (recovery threshold ${formatCents(r.thresholdCents)}); ${r.alreadyReconciled} reconciled before; ${r.waiting.length} waiting.`,
          rows.length ? table(rows, ['payment', 'provider', 'advance', 'attendance', 'adjustment', 'outcome']) : '',
          ...r.waiting.map((x) => `waiting: payment ${x.paymentId} (provider ${x.providerId}): ${x.reason}`),
        ]
          .filter(Boolean)
          .join('\n'),
      );
    } finally {
      await core.close();
    }
  },
};

export const BASIS_COMMANDS: Command[] = [settingsCommand, reconcileCommand];
