import type { GridColDef } from '@mui/x-data-grid';
import { StatusChip } from '../../components/StatusChip';
import type { CsvColumn } from '../../components/csv';
import { formatCents } from '../../../../shared/domain/money';
import { PROVIDER_TYPE_LABELS } from '../../../../shared/domain/words';
import type { PaymentRow } from '../../../../shared/api/contract/payments';

// The payments grid's columns, each defined once for the grid and for the CSV export, so the
// export has exactly the columns (and the words) the user sees.

export const KIND_LABELS: Record<PaymentRow['kind'], string> = { payment: 'Payment', adjustment: 'Adjustment' };

/** "2026-11-25T09:00:00.000Z" -> "2026-11-25 09:00" in the user's time zone. */
export function formatTimestamp(ts: string | null): string {
  if (!ts) return '';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function formatDate(ts: string | null): string {
  return formatTimestamp(ts).slice(0, 10);
}

// formatCents builds its text with toLocaleString, which is slow when a grid page formats a few
// hundred cells on every render: remember each amount's text.
const AMOUNT_TEXT = new Map<number, string>();

export function formatAmount(cents: number | null): string {
  if (cents === null) return '';
  let text = AMOUNT_TEXT.get(cents);
  if (text === undefined) {
    if (AMOUNT_TEXT.size > 20_000) AMOUNT_TEXT.clear();
    text = formatCents(cents);
    AMOUNT_TEXT.set(cents, text);
  }
  return text;
}

interface PaymentColumn {
  grid: GridColDef<PaymentRow>;
  csv: CsvColumn<PaymentRow>['value'];
}

const chip = (field: 'submissionStatus' | 'paymentStatus' | 'invoiceStatus' | 'subStatus', headerName: string, width: number): PaymentColumn => ({
  grid: {
    field,
    headerName,
    width,
    renderCell: (p) => <StatusChip value={p.row[field]} strong={field === 'paymentStatus'} />,
  },
  csv: (r) => r[field],
});

const COLUMNS: PaymentColumn[] = [
  // A number column, but shown as the id it is (no thousands separator, no locale formatting).
  { grid: { field: 'id', headerName: 'ID', width: 64, type: 'number', valueFormatter: (v: number) => String(v) }, csv: (r) => r.id },
  {
    // Exported items link to their export batch (Paid tab).
    grid: {
      field: 'exportBatchId', headerName: 'Batch', width: 62, sortable: false,
      renderCell: (p) => (p.value ? <a href={`#/exports/${p.value}`} onClick={(e) => e.stopPropagation()}>{p.value}</a> : ''),
    },
    csv: (r) => r.exportBatchId ?? '',
  },
  {
    grid: { field: 'providerName', headerName: 'Provider', flex: 1, minWidth: 190 },
    csv: (r) => r.providerName,
  },
  { grid: { field: 'licenseNumber', headerName: 'License', width: 95 }, csv: (r) => r.licenseNumber },
  {
    grid: { field: 'providerType', headerName: 'Provider type', width: 100, valueFormatter: (v: PaymentRow['providerType']) => PROVIDER_TYPE_LABELS[v] },
    csv: (r) => PROVIDER_TYPE_LABELS[r.providerType],
  },
  { grid: { field: 'kind', headerName: 'Kind', width: 88, valueFormatter: (v: PaymentRow['kind']) => KIND_LABELS[v] }, csv: (r) => KIND_LABELS[r.kind] },
  chip('submissionStatus', 'Submission status', 135),
  chip('paymentStatus', 'Payment status', 118),
  chip('invoiceStatus', 'Invoice status', 160),
  chip('subStatus', 'Sub-status', 150),
  {
    grid: { field: 'amountCents', headerName: 'Amount', width: 100, type: 'number', valueFormatter: (v: number | null) => formatAmount(v) },
    csv: (r) => formatAmount(r.amountCents),
  },
  { grid: { field: 'receivedAt', headerName: 'Received', width: 92, valueFormatter: (v: string | null) => formatDate(v) }, csv: (r) => formatDate(r.receivedAt) },
  { grid: { field: 'payorName', headerName: 'Payor', width: 140 }, csv: (r) => r.payorName },
  { grid: { field: 'updatedAt', headerName: 'Last change', width: 132, valueFormatter: (v: string) => formatTimestamp(v) }, csv: (r) => formatTimestamp(r.updatedAt) },
];

export const paymentGridColumns: GridColDef<PaymentRow>[] = COLUMNS.map((c) => c.grid);
export const paymentCsvColumns: CsvColumn<PaymentRow>[] = COLUMNS.map((c) => ({ header: c.grid.headerName ?? c.grid.field, value: c.csv }));
