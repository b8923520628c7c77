import type { QaSampleView } from '../../shared/api/contract/qa';
import { type Command, stringOption, table } from '../command';
import { periodId } from './basis';

// The QA sample from the command line (issue #16; docs/qa-sample.md): a period's draws, one per
// payor, with their recorded seeds and the payments drawn; --redraw-check draws each again from its
// seed with the pure function (src/shared/qa/sample.ts) and says whether it picks the same payments.

function text(v: QaSampleView, redrawCheck: boolean): { text: string; ok: boolean } {
  if (v.draws.length === 0) return { text: `Period ${v.periodCode}: no QA draw (no payment was calculated while the QA sample was on).`, ok: true };
  let ok = true;
  const parts: string[] = [];
  for (const d of v.draws) {
    parts.push(
      `Period ${v.periodCode}, ${d.payorName}: seed ${d.seed}, ${d.percent}%${d.firstPaymentRule ? ", a new provider's first payment always" : ''}; drawn ${d.drawnAt} by ${d.drawnBy}.`,
      `${d.sampled.length} of ${d.items} calculated payments drawn (${d.sampled.filter((s) => s.state === 'checked').length} checked).`,
    );
    if (d.sampled.length) {
      parts.push(table(d.sampled.map((s) => ({ payment: s.paymentId, provider: s.providerName, reason: s.reason, state: s.state === 'checked' ? 'QA checked' : 'QA sample, to check' })), ['payment', 'provider', 'reason', 'state']));
    }
    if (redrawCheck && d.redraw) {
      const r = d.redraw;
      ok &&= r.matches;
      parts.push(
        r.matches
          ? `Re-drawn from seed ${d.seed}: the same ${r.sampledAgain.length} payments (${r.sampledAgain.join(', ') || 'none'}). The draw checks.`
          : `Re-drawn from seed ${d.seed}: DIFFERENT: ${r.differences.map((x) => `payment ${x.paymentId} ${x.recorded ? 'recorded as drawn, not drawn again' : 'drawn again, not recorded'}`).join('; ')}.`,
      );
      if (r.firstPaymentChanged.length) parts.push(`First-payment flag no longer what it was at the draw (a payment of an earlier period added since): ${r.firstPaymentChanged.join(', ')}.`);
      if (r.notInDraw.length) parts.push(`Calculated but in no draw (calculated before the QA sample was on): ${r.notInDraw.join(', ')}.`);
    }
    parts.push('');
  }
  return { text: parts.join('\n').trimEnd(), ok };
}

export const qaSampleCommand: Command = {
  name: 'qa-sample',
  summary: "show a period's QA sample (its seeds and the payments drawn); --redraw-check draws it again from the recorded seeds",
  usage:
    'paydesk qa-sample --as USER --period CODE|ID [--redraw-check] [--db FILE] [--json]\n' +
    '  As an Approver, Payor or Administrator. --redraw-check exits 1 when a re-draw does not pick the recorded payments.',
  options: { as: { type: 'string' }, period: { type: 'string' }, 'redraw-check': { type: 'boolean' } },
  async run(ctx) {
    const redrawCheck = ctx.values['redraw-check'] === true;
    const { core, connection } = await ctx.open({ as: stringOption(ctx.values, 'as')!, reading: true });
    try {
      const view = await connection.call('qa-sample', { periodId: await periodId(connection, stringOption(ctx.values, 'period')!), redrawCheck });
      const shown = text(view, redrawCheck);
      ctx.out(view, shown.text);
      return shown.ok ? 0 : 1;
    } finally {
      await core.close();
    }
  },
};

export const QA_COMMANDS: Command[] = [qaSampleCommand];
