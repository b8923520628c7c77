import fs from 'node:fs';
import path from 'node:path';
import type { ProviderLedgerView, RecoveryView } from '../../shared/api/contract/recovery';
import { formatCents } from '../../shared/domain/money';
import { type Command, dollarsOption, intOption, stringOption, table, usageError } from '../command';

// Overpayment recovery and the provider's ledger from the command line (docs/recovery.md):
// `paydesk ledger --provider N` (paid, recovered, waived, balance owed, each line with its audit
// events) and `paydesk recovery` (create one as an Approver, waive the rest as a second user,
// write its notice PDF).

export function ledgerText(l: ProviderLedgerView): string {
  const t = l.totals;
  const money = (c: number) => (c ? formatCents(c) : '');
  const lines = l.lines.map((x) => ({
    date: x.at.slice(0, 10),
    line: x.description,
    paid: money(x.paidCents),
    recovered: money(x.recoveredCents),
    waived: money(x.waivedCents),
    owed: money(x.owedCents),
    balance: formatCents(x.balanceOwedCents),
    events: x.eventIds.join(' '),
  }));
  const recoveries = l.recoveries.map((r) => ({
    recovery: r.recoveryId,
    reason: r.reasonCode,
    service: `${r.serviceFrom} – ${r.serviceTo}`,
    plan: r.plan.kind === 'whole' ? 'whole' : `${r.plan.percent}%`,
    amount: formatCents(-r.amountCents),
    recovered: formatCents(r.recoveredCents),
    waived: formatCents(r.waivedCents),
    balance: formatCents(r.balanceCents),
    state: r.state,
  }));
  return [
    `Ledger of provider ${l.provider.id}, ${l.provider.name} (license ${l.provider.licenseNumber})`,
    `Paid ${formatCents(t.paidCents)} · recovered ${formatCents(t.recoveredCents)} · net paid ${formatCents(t.netPaidCents)} · owed ${formatCents(t.owedCents)} · waived ${formatCents(t.waivedCents)} · balance owed ${formatCents(t.balanceOwedCents)}`,
    '',
    table(lines, ['date', 'line', 'paid', 'recovered', 'waived', 'owed', 'balance', 'events']),
    '',
    'Recoveries',
    table(recoveries, ['recovery', 'reason', 'service', 'plan', 'amount', 'recovered', 'waived', 'balance', 'state']),
  ].join('\n');
}

function recoveryText(r: RecoveryView): string {
  return [
    `Recovery ${r.recoveryId} (provider ${r.providerId}): ${formatCents(-r.amountCents)} for ${r.reasonCode}, service ${r.serviceFrom} – ${r.serviceTo}`,
    `Plan: ${r.planText}. State: ${r.state}. Recovered ${formatCents(r.recoveredCents)}, waived ${formatCents(r.waivedCents)}, balance ${formatCents(r.balanceCents)}.`,
    ...(r.state === 'waiting for authorization' ? [`An Approver authorizes it as item ${r.recoveryId} (paydesk act --as APPROVER --payment ${r.recoveryId} --action authorize).`] : []),
  ].join('\n');
}

export const ledgerCommand: Command = {
  name: 'ledger',
  summary: "a provider's ledger: paid, recovered, waived and balance owed, each line with its audit events",
  usage: 'paydesk ledger --as USER --provider ID [--db FILE] [--json]',
  options: { as: { type: 'string' }, provider: { type: 'string' } },
  async run(ctx) {
    const providerId = intOption(ctx.values, 'provider')!;
    const { core, connection } = await ctx.open({ as: stringOption(ctx.values, 'as')!, reading: true });
    try {
      const l = await connection.call('provider-ledger', { providerId });
      ctx.out(l, ledgerText(l));
    } finally {
      await core.close();
    }
  },
};

export const recoveryCommand: Command = {
  name: 'recovery',
  summary: 'create an overpayment recovery (as an Approver), waive its rest (a second user), or write its notice PDF',
  usage:
    'paydesk recovery --as USER --provider ID --owed DOLLARS --reason CODE --from YYYY-MM-DD --to YYYY-MM-DD --plan whole|PERCENT [--comment TEXT] [--db FILE] [--json]\n' +
    'paydesk recovery --as USER --waive RECOVERY --why TEXT\n' +
    'paydesk recovery --as USER --notice RECOVERY --out FILE.pdf\n' +
    '  --plan whole takes it whole from the next payments; --plan 25 (or 25%) at most 25% of each later payment (at most the setting recovery.maxPercent).',
  options: {
    as: { type: 'string' }, provider: { type: 'string' }, owed: { type: 'string' }, reason: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
    plan: { type: 'string' }, comment: { type: 'string' }, waive: { type: 'string' }, why: { type: 'string' }, notice: { type: 'string' }, out: { type: 'string' },
  },
  async run(ctx) {
    const v = ctx.values;
    const as = stringOption(v, 'as')!;
    if (v.notice !== undefined) {
      const recoveryId = intOption(v, 'notice')!;
      const out = path.resolve(stringOption(v, 'out')!);
      const { core, connection } = await ctx.open({ as, reading: true });
      try {
        const n = await connection.call('recovery-notice', { recoveryId });
        fs.writeFileSync(out, Buffer.from(n.pdfBase64, 'base64'));
        ctx.out({ file: out }, `Wrote the notice of recovery ${recoveryId} to ${out}`);
      } finally {
        await core.close();
      }
      return;
    }
    if (v.waive !== undefined) {
      const recoveryId = intOption(v, 'waive')!;
      const reason = stringOption(v, 'why')!;
      const { core, connection } = await ctx.open({ as });
      try {
        const r = await connection.call('recovery-waive', { recoveryId, reason });
        ctx.out(r, `Waived ${formatCents(r.waivedCents)}.\n${recoveryText(r)}`);
      } finally {
        await core.close();
      }
      return;
    }
    const owed = dollarsOption(v, 'owed');
    if (owed <= 0) throw usageError('--owed is what the provider owes back, in dollars above zero');
    const planText = stringOption(v, 'plan')!;
    const m = /^(\d{1,3})%?$/.exec(planText.trim());
    if (planText !== 'whole' && !m) throw usageError(`--plan must be whole or a percent such as 25; not "${planText.slice(0, 40)}"`);
    const { core, connection } = await ctx.open({ as });
    try {
      const r = await connection.call('recovery-create', {
        providerId: intOption(v, 'provider')!,
        amountCents: -owed,
        reasonCode: stringOption(v, 'reason')!,
        serviceFrom: stringOption(v, 'from')!,
        serviceTo: stringOption(v, 'to')!,
        plan: m ? { kind: 'percent', percent: Number(m[1]) } : { kind: 'whole' },
        ...(v.comment !== undefined ? { comment: stringOption(v, 'comment')! } : {}),
      });
      ctx.out(r, `Created.\n${recoveryText(r)}`);
    } finally {
      await core.close();
    }
  },
};

export const RECOVERY_COMMANDS: Command[] = [ledgerCommand, recoveryCommand];
