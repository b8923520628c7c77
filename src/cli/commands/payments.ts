import type { PaymentDetail, PaymentRow } from '../../shared/api/contract/payments';
import { formatCents } from '../../shared/domain/money';
import { INVOICE_STATUSES, ITEM_KINDS, PAYMENT_STATUSES, PROVIDER_TYPE_LABELS, SUB_STATUSES, type ItemKind } from '../../shared/domain/words';
import { REASON_KINDS } from '../../shared/reference/settings';
import { TABS, tabMatches, type Tab } from '../../shared/workflow/tabs';
import type { Connection } from '../../main/core/core';
import { type CliContext, type Command, intOption, stringOption, table, usageError } from '../command';
import { HOLD_KIND_LABELS, ITEM_KIND_LABELS, PAYOR_KIND_LABELS } from '../labels';
import { historyTable } from './workflow';

// Reading the work queue from the command line: the tabs' list, one payment's state, tabs, lines
// and history, and the reason codes. The same handlers as the app's screens, as the database's
// operator or as --as USER (whose groups and provider scope the core applies).

const count = (n: number) => n.toLocaleString('en-US');
const money = (cents: number | null) => (cents === null ? '—' : formatCents(cents));

async function periodOf(ctx: CliContext, connection: Connection): Promise<{ id: number; code: string; label: string }> {
  const periods = await connection.call('periods-list', {});
  const value = stringOption(ctx.values, 'period', false);
  if (value === undefined) {
    const { periodId } = await connection.call('periods-default', {});
    const found = periods.find((p) => p.id === periodId);
    if (!found) throw usageError('there is no service period yet; give --period CODE|ID');
    return found;
  }
  const found = periods.find((p) => p.code === value || String(p.id) === value);
  if (!found) throw usageError(`--period: no service period "${value.slice(0, 40)}" (codes: ${periods.map((p) => p.code).join(', ')})`);
  return found;
}

/** --tab: a tab's name as the app shows it, in any case, with - or _ for spaces ("pending-parent"). */
function tabOption(ctx: CliContext): Tab {
  const raw = stringOption(ctx.values, 'tab', false);
  if (raw === undefined) return 'All';
  const norm = (s: string) => s.toLowerCase().replace(/[-_\s]+/g, ' ').trim();
  const found = TABS.find((t) => norm(t) === norm(raw));
  if (!found) throw usageError(`--tab must be one of ${TABS.map((t) => `"${t}"`).join(', ')}; not "${raw.slice(0, 40)}"`);
  return found;
}

function kindOption(ctx: CliContext): ItemKind | undefined {
  const raw = stringOption(ctx.values, 'kind', false);
  if (raw === undefined) return undefined;
  if (!(ITEM_KINDS as readonly string[]).includes(raw)) throw usageError(`--kind must be ${ITEM_KINDS.join(' or ')}; not "${raw.slice(0, 40)}"`);
  return raw as ItemKind;
}

/** --payment-status Received,Hold (and the other status filters): the app's words, comma-separated. */
function listOption<T extends string>(ctx: CliContext, name: string, allowed: readonly T[]): T[] {
  const raw = stringOption(ctx.values, name, false);
  if (raw === undefined) return [];
  const values = raw.split(',').map((v) => v.trim()).filter(Boolean);
  const bad = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (bad.length || values.length === 0) {
    throw usageError(`--${name} takes a comma-separated list of ${allowed.map((a) => `"${a}"`).join(', ')}; not "${(bad[0] ?? raw).slice(0, 40)}"`);
  }
  return values as T[];
}

/** The columns the list sorts by (the grid's), for --sort FIELD[:desc]. */
const SORT_FIELDS = ['id', 'kind', 'providerName', 'providerType', 'licenseNumber', 'payorName', 'submissionStatus', 'paymentStatus', 'invoiceStatus', 'subStatus', 'amountCents', 'receivedAt', 'exportBatchId', 'updatedAt'] as const;

function sortOption(ctx: CliContext): Array<{ field: string; sort: 'asc' | 'desc' }> {
  const raw = stringOption(ctx.values, 'sort', false);
  if (raw === undefined) return [];
  const m = /^([A-Za-z]+)(?::(asc|desc))?$/.exec(raw);
  if (!m || !(SORT_FIELDS as readonly string[]).includes(m[1])) {
    throw usageError(`--sort takes FIELD or FIELD:desc, FIELD one of ${SORT_FIELDS.join(', ')}; not "${raw.slice(0, 40)}"`);
  }
  return [{ field: m[1], sort: m[2] === 'desc' ? 'desc' : 'asc' }];
}

function rowsTable(rows: PaymentRow[]): string {
  return table(
    rows.map((r) => ({
      ...r,
      kind: ITEM_KIND_LABELS[r.kind],
      providerType: PROVIDER_TYPE_LABELS[r.providerType],
      status: `${r.invoiceStatus} / ${r.subStatus}`,
      amount: money(r.amountCents),
      receivedAt: r.receivedAt ?? '',
    })),
    [
      'id',
      'kind',
      { key: 'providerName', label: 'Provider' },
      { key: 'licenseNumber', label: 'License' },
      { key: 'providerType', label: 'Type' },
      { key: 'payorName', label: 'Payor' },
      { key: 'submissionStatus', label: 'Submission' },
      { key: 'paymentStatus', label: 'Payment status' },
      { key: 'status', label: 'Invoice status / sub-status' },
      'amount',
      { key: 'receivedAt', label: 'Received' },
    ],
  );
}

export const paymentsCommand: Command = {
  name: 'payments',
  summary: 'list the payments of a period: a tab, a search, a page (--json for all fields)',
  usage:
    'paydesk payments [--period CODE|ID] [--tab NAME] [--search TEXT] [--kind payment|adjustment] [--provider ID]\n' +
    '                 [--payment-status S,…] [--invoice-status S,…] [--sub-status S,…] [--sort FIELD[:desc]]\n' +
    '                 [--page N] [--page-size N | --all] [--as USER] [--db FILE] [--json]\n' +
    `  --period: default, the period the app opens on; --tab: ${TABS.join(', ')} (default All);\n` +
    '  --search: provider name, license or payment id, as the search box; --all: every row of the view, no paging;\n' +
    `  statuses as the app writes them (--payment-status "Received,Hold"); --sort: ${SORT_FIELDS.join(', ')}`,
  options: {
    as: { type: 'string' },
    period: { type: 'string' },
    tab: { type: 'string' },
    search: { type: 'string' },
    kind: { type: 'string' },
    provider: { type: 'string' },
    page: { type: 'string' },
    'page-size': { type: 'string' },
    all: { type: 'boolean' },
    'payment-status': { type: 'string' },
    'invoice-status': { type: 'string' },
    'sub-status': { type: 'string' },
    sort: { type: 'string' },
  },
  async run(ctx) {
    const tab = tabOption(ctx);
    const kind = kindOption(ctx);
    const providerId = intOption(ctx.values, 'provider', false);
    const search = stringOption(ctx.values, 'search', false) ?? '';
    const page = intOption(ctx.values, 'page', false) ?? 0;
    const pageSize = intOption(ctx.values, 'page-size', false) ?? 50;
    if (pageSize < 1 || pageSize > 1000) throw usageError(`--page-size must be from 1 to 1000, not ${pageSize}`);
    const statuses = {
      paymentStatus: listOption(ctx, 'payment-status', PAYMENT_STATUSES),
      invoiceStatus: listOption(ctx, 'invoice-status', INVOICE_STATUSES),
      subStatus: listOption(ctx, 'sub-status', SUB_STATUSES),
    };
    const sort = sortOption(ctx);
    if (ctx.values.all && (ctx.values.page !== undefined || ctx.values['page-size'] !== undefined)) throw usageError('--all lists every row: leave out --page and --page-size');
    const { core, connection } = await ctx.open({ reading: true });
    try {
      const period = await periodOf(ctx, connection);
      const filters = { periodId: period.id, kind, providerId, ...statuses };
      if (ctx.values.all) {
        const { rows } = await connection.call('payments-view-rows', { ...filters, tab, search, sort });
        const total = rows.reduce((n, r) => n + (r.amountCents ?? 0), 0);
        ctx.out(
          { period, tab, total: rows.length, amountCents: total, rows },
          `${period.label}, ${tab}${search ? `, search "${search}"` : ''}: ${count(rows.length)} items, ${formatCents(total)}\n${rowsTable(rows)}`,
        );
        return;
      }
      const result = await connection.call('payments-list', { ...filters, tab, search, sort, page, pageSize });
      const counts = await connection.call('payments-tab-counts', filters);
      const first = page * pageSize;
      const shown = result.rows.length ? `${count(first + 1)}–${count(first + result.rows.length)} of ${count(result.total)}` : `none of ${count(result.total)}`;
      const more = first + result.rows.length < result.total ? ` (next: --page ${page + 1})` : '';
      ctx.out(
        { period, tab, page, pageSize, total: result.total, tabCounts: counts, rows: result.rows },
        `${period.label}, ${tab}${search ? `, search "${search}"` : ''}: ${shown}${more}\n` +
          `Tabs: ${TABS.map((t) => `${t} ${count(counts[t] ?? 0)}`).join(' · ')}\n` +
          rowsTable(result.rows),
      );
    } finally {
      await core.close();
    }
  },
};

function showText(p: PaymentDetail, tabs: Tab[], historyText: string, as: string | undefined): string {
  const s = p.state;
  const lines = [
    `${ITEM_KIND_LABELS[p.kind]} ${p.id}: ${p.provider.name} (${p.provider.licenseNumber}, ${PROVIDER_TYPE_LABELS[p.provider.type]}), ${p.period.label}, ${p.payor.name} (${PAYOR_KIND_LABELS[p.payor.kind]})`,
    `  Invoice status:    ${s.invoiceStatus} / ${s.subStatus}`,
    `  Submission status: ${s.submissionStatus}`,
    `  Payment status:    ${s.paymentStatus}${s.holdKind ? ` (${HOLD_KIND_LABELS[s.holdKind]})` : ''}`,
    `  Amount:            ${money(s.amountCents)}${p.calculatedAt ? ` (calculated ${p.calculatedAt})` : ''}`,
    `  Received:          ${s.receivedAt ?? '—'}`,
    `  Tabs:              ${tabs.join(', ')}`,
  ];
  if (p.adjustmentReason) lines.push(`  Reason:            ${p.adjustmentReason}`);
  if (p.correctsPaymentId) lines.push(`  Corrects:          payment ${p.correctsPaymentId}`);
  if (s.exportBatchId) lines.push(`  Export batch:      ${s.exportBatchId}`);
  if (p.authorizedBy) lines.push(`  Authorized by:     ${p.authorizedBy.username}`);
  if (p.hold?.active) lines.push(`  On hold since ${p.hold.placedAt} by ${p.hold.placedBy.username}${p.hold.reasonLabel ? `: ${p.hold.reasonLabel}` : ''}`);
  lines.push(`  Actions allowed:   ${p.allowedActions.length ? p.allowedActions.join(', ') : as ? `(none for ${as})` : '(give --as USER for the actions a user may take)'}`);
  lines.push('', `Calculation lines (${p.calculation.length}):`);
  lines.push(
    p.calculation.length
      ? table(
          p.calculation.map((l) => ({
            ...l,
            fullRate: formatCents(l.fullRateCents),
            partRate: formatCents(l.partRateCents),
            copay: formatCents(l.copayCents),
            subtotal: formatCents(l.subtotalCents),
          })),
          [
            { key: 'lineNo', label: '#' },
            { key: 'label', label: 'Line' },
            { key: 'fullDays', label: 'Full days' },
            { key: 'partDays', label: 'Part days' },
            { key: 'paidAbsences', label: 'Paid absences' },
            { key: 'daysCut', label: 'Days cut' },
            { key: 'fullRate', label: 'Full rate' },
            { key: 'partRate', label: 'Part rate' },
            { key: 'copay', label: 'Co-pay' },
            { key: 'subtotal', label: 'Subtotal' },
          ],
        )
      : '(not calculated)',
  );
  if (p.adjustments.length) {
    lines.push('', 'Adjustments that correct it:');
    lines.push(table(p.adjustments.map((a) => ({ ...a, amount: money(a.amountCents), status: `${a.invoiceStatus} / ${a.subStatus}` })), ['id', 'amount', 'status', { key: 'adjustmentReason', label: 'Reason' }]));
  }
  lines.push('', 'History:', historyText);
  return lines.join('\n');
}

export const paymentCommand: Command = {
  name: 'payment',
  summary: 'show one payment: its state, the tabs it is in, its calculation lines and its history',
  usage: 'paydesk payment show ID [--as USER] [--db FILE] [--json]',
  options: { as: { type: 'string' } },
  async run(ctx) {
    const [sub, raw, ...extra] = ctx.positionals;
    if (sub !== 'show') throw usageError(sub === undefined ? 'give "payment show ID"' : `unknown "payment ${sub.slice(0, 40)}"; use: paydesk payment show ID`);
    if (raw === undefined || extra.length) throw usageError('give one payment id: paydesk payment show ID');
    if (!/^\d+$/.test(raw)) throw usageError(`the payment id must be a whole number, not "${raw.slice(0, 40)}"`);
    const paymentId = Number(raw);
    const { core, connection } = await ctx.open({ reading: true });
    try {
      const payment = await connection.call('payments-get', { paymentId });
      const history = await connection.call('payments-history', { paymentId });
      const tabs = TABS.filter((t) => tabMatches(t, payment.state));
      ctx.out({ payment, tabs, history }, showText(payment, tabs, historyTable(history), stringOption(ctx.values, 'as', false)));
    } finally {
      await core.close();
    }
  },
};

export const reasonsCommand: Command = {
  name: 'reasons',
  summary: 'list the reason codes (for act --reason), by kind',
  usage: `paydesk reasons [--kind ${REASON_KINDS.join('|')}] [--inactive] [--db FILE] [--json]`,
  options: { kind: { type: 'string' }, inactive: { type: 'boolean' } },
  async run(ctx) {
    const kind = stringOption(ctx.values, 'kind', false);
    if (kind !== undefined && !(REASON_KINDS as readonly string[]).includes(kind)) {
      throw usageError(`--kind must be one of ${REASON_KINDS.join(', ')}; not "${kind.slice(0, 40)}"`);
    }
    const { core, connection } = await ctx.open({ reading: true });
    try {
      const reasons = await connection.call('reasons-list', { kind: kind as (typeof REASON_KINDS)[number] | undefined, includeInactive: !!ctx.values.inactive });
      const lines: string[] = [];
      for (const k of REASON_KINDS) {
        const of = reasons.filter((r) => r.kind === k);
        if (!of.length) continue;
        if (lines.length) lines.push('');
        lines.push(`${k} reasons:`);
        lines.push(
          table(
            of.map((r) => ({ ...r, notes: [r.system ? 'used by PayDesk itself' : '', r.active ? '' : 'inactive'].filter(Boolean).join(', ') })),
            ['code', { key: 'label', label: 'Reason' }, 'notes'],
          ),
        );
      }
      ctx.out(reasons, lines.length ? lines.join('\n') : '(none)');
    } finally {
      await core.close();
    }
  },
};

export const PAYMENTS_COMMANDS: Command[] = [paymentsCommand, paymentCommand, reasonsCommand];
