import type { CalculationSettings, CalculationSettingsSave } from '../../shared/api/contract/basis';
import type { QaSettings, QaSettingsSave } from '../../shared/api/contract/qa';
import { PAYMENT_BASES, PAYMENT_BASIS_LABELS, type PaymentBasis } from '../../shared/domain/words';
import { formatCents } from '../../shared/domain/money';
import type { Connection } from '../../main/core/core';
import { type Command, dollarsOption, intOption, stringOption, table, usageError } from '../command';

// The payment basis from the command line (DESIGN.md section 4, issue #16): `paydesk settings`
// shows or sets the basis (from a date), the recovery threshold and the holidays, as an
// Administrator; `paydesk reconcile` reconciles a period paid in advance, as an Approver.

export async function periodId(connection: Connection, value: string): Promise<number> {
  const periods = await connection.call('periods-list', {});
  const found = periods.find((p) => p.code === value || String(p.id) === value);
  if (!found) throw usageError(`--period: no service period "${value}" (codes: ${periods.map((p) => p.code).join(', ')})`);
  return found.id;
}

function qaText(q: QaSettings): string {
  const p = q.samplePercent;
  const f = q.alwaysSampleFirstPayment;
  return [
    `QA sample         ${p.value === 0 ? 'off (0%)' : `${p.value}% of calculated payments`} (since ${p.effectiveFrom})`,
    ...p.history.map((x) => `      from ${x.effectiveFrom}: ${x.value}%`),
    `First payment     ${f.value ? "a new provider's first payment is always sampled" : 'sampled like the others'} (since ${f.effectiveFrom})`,
  ].join('\n');
}

/** --qa-first-payment on|off. */
function onOff(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'on' || value === 'off') return value === 'on';
  throw usageError(`--qa-first-payment must be on or off; not "${value.slice(0, 40)}"`);
}

function settingsText(s: CalculationSettings): string {
  const history = <T>(h: Array<{ effectiveFrom: string; value: T }>, show: (v: T) => string) =>
    h.map((x) => `      from ${x.effectiveFrom}: ${show(x.value)}`).join('\n');
  return [
    `Payment basis     ${PAYMENT_BASIS_LABELS[s.paymentBasis.value]} (since ${s.paymentBasis.effectiveFrom})`,
    history(s.paymentBasis.history, (v: PaymentBasis) => PAYMENT_BASIS_LABELS[v]),
    `Recovery threshold ${formatCents(s.recoveryThresholdCents.value)} (overpayments below it are not recovered; since ${s.recoveryThresholdCents.effectiveFrom})`,
    `Holidays          ${s.holidays.value.length ? s.holidays.value.join(', ') : '(none)'} (since ${s.holidays.effectiveFrom})`,
    `Recovery plans    at most ${s.recoveryMaxPercent.value}% of each later payment (since ${s.recoveryMaxPercent.effectiveFrom})`,
    `Contest a notice  within ${s.recoveryContestDays.value} days (since ${s.recoveryContestDays.effectiveFrom})`,
  ].join('\n');
}

export const settingsCommand: Command = {
  name: 'settings',
  summary: 'show or set the payment basis (attendance, enrollment, prospective) from a date, the recovery threshold, the holidays and the QA sample',
  usage:
    'paydesk settings --as USER [--basis attendance|enrollment|prospective] [--threshold DOLLARS] [--holidays DATE,DATE…|none] [--recovery-percent 1-100] [--contest-days 10-365] [--qa-percent 0-100] [--qa-first-payment on|off] [--from YYYY-MM-DD] [--db FILE] [--json]\n' +
    '  Each value is set from --from on (default: today); a period is calculated (and its QA sample drawn) under the values in effect on its first day.\n' +
    '  --recovery-percent: the largest share of each later payment a recovery plan may take; --contest-days: the days a provider has to contest a notice of overpayment.\n' +
    '  --qa-percent: the share of calculated payments drawn for a second Approver\'s check (0 = off); --qa-first-payment on: a new provider\'s first payment is always drawn.',
  options: {
    as: { type: 'string' }, basis: { type: 'string' }, threshold: { type: 'string' }, holidays: { type: 'string' }, from: { type: 'string' },
    'qa-percent': { type: 'string' }, 'qa-first-payment': { type: 'string' },
    'recovery-percent': { type: 'string' }, 'contest-days': { type: 'string' },
  },
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
    if (v['recovery-percent'] !== undefined) saves.push({ key: 'recovery.maxPercent', value: intOption(v, 'recovery-percent')!, ...at });
    if (v['contest-days'] !== undefined) saves.push({ key: 'recovery.contestDays', value: intOption(v, 'contest-days')!, ...at });
    const qaSaves: QaSettingsSave[] = [];
    if (v['qa-percent'] !== undefined) qaSaves.push({ key: 'qa.samplePercent', value: intOption(v, 'qa-percent')!, ...at });
    const firstPayment = onOff(stringOption(v, 'qa-first-payment', false));
    if (firstPayment !== undefined) qaSaves.push({ key: 'qa.alwaysSampleFirstPayment', value: firstPayment, ...at });
    if (from !== undefined && saves.length + qaSaves.length === 0) throw usageError('--from goes with --basis, --threshold, --holidays, --recovery-percent, --contest-days, --qa-percent or --qa-first-payment');
    const writes = saves.length + qaSaves.length > 0;
    const { core, connection } = await ctx.open({ as: stringOption(v, 'as')!, reading: !writes });
    try {
      let s = saves.length === 0 ? await connection.call('calculation-settings-get', {}) : null;
      for (const save of saves) s = await connection.call('calculation-settings-save', save);
      let q = qaSaves.length === 0 ? await connection.call('qa-settings-get', {}) : null;
      for (const save of qaSaves) q = await connection.call('qa-settings-save', save);
      ctx.out({ ...s!, qa: q! }, (writes ? 'Saved.\n' : '') + settingsText(s!) + '\n' + qaText(q!));
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
