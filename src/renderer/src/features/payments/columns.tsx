import type { GridColDef, GridColumnVisibilityModel } from '@mui/x-data-grid';
import { StatusChip } from '../../components/StatusChip';
import { QA_WORDS, QaChip } from '../../components/QaChip';
import type { CsvColumn } from '../../components/csv';
import { centsToDecimal } from '../../../../shared/domain/money';
import { fileDate, fileDateTime, formatDate as fmtDate, formatDateTime, formatMoneyOrBlank } from '../../../../shared/format';
import { PROVIDER_TYPE_LABELS } from '../../../../shared/domain/words';
import type { PaymentRow } from '../../../../shared/api/contract/payments';
import type { Tab } from '../../../../shared/workflow/tabs';

// The payments grid's columns, each defined once for the grid and for the CSV export. The grid
// shows a short header (the full name is its tooltip) and, at 1280 px, only the columns a finance
// user decides with; the columns menu shows the others. The CSV has every column under its full
// name, for the rows the grid shows.

export const KIND_LABELS: Record<PaymentRow['kind'], string> = { payment: 'Payment', adjustment: 'Adjustment' };

// Screens and the CSV format through the one formatter (src/shared/format): "Dec 5, 2026, 3:04 PM"
// in the agency's time zone on screen, "2026-12-05 15:04" in the CSV.
/** An instant in the agency's time zone: "Dec 5, 2026, 3:04 PM". */
export const formatTimestamp = (ts: string | null): string => formatDateTime(ts);
/** An instant's or a calendar day's date: "Dec 5, 2026". */
export const formatDate = (ts: string | null): string => fmtDate(ts);
export const formatAmount = (cents: number | null): string => formatMoneyOrBlank(cents);

interface PaymentColumn {
  /** The full name: the CSV header, and the start of the header's tooltip. */
  name: string;
  grid: GridColDef<PaymentRow>;
  csv: CsvColumn<PaymentRow>['value'];
}

type ChipField = 'submissionStatus' | 'paymentStatus' | 'invoiceStatus' | 'subStatus';

const chip = (field: ChipField, name: string, headerName: string, width: number, words: string): PaymentColumn => ({
  name,
  grid: {
    field,
    headerName,
    description: `${name}: ${words}`,
    width,
    renderCell: (p) => <StatusChip value={p.row[field]} strong={field === 'paymentStatus'} />,
  },
  csv: (r) => r[field],
});

// Widths fit the longest word of each column (e.g. "Corrections Required") in the grid's tighter
// cells (paymentGridSx); Provider takes the rest of the row.
const COLUMNS: PaymentColumn[] = [
  // A number column, but shown as the id it is (no thousands separator, no locale formatting).
  {
    name: 'ID',
    grid: { field: 'id', headerName: 'ID', description: 'Payment ID (the search finds it)', width: 60, type: 'number', valueFormatter: (v: number) => String(v) },
    csv: (r) => r.id,
  },
  {
    // Exported items link to their export batch (shown in the Paid tab).
    name: 'Batch',
    grid: {
      field: 'exportBatchId', headerName: 'Batch', description: 'Export batch: set when the item is exported', width: 60, sortable: false,
      renderCell: (p) => (p.value ? <a href={`#/exports/${p.value}`} onClick={(e) => e.stopPropagation()}>{p.value}</a> : ''),
    },
    csv: (r) => r.exportBatchId ?? '',
  },
  {
    // A payment in the QA sample says so beside its provider (the QA column of the columns menu has it alone).
    name: 'Provider',
    grid: {
      field: 'providerName', headerName: 'Provider', flex: 1, minWidth: 150,
      renderCell: (p) =>
        p.row.qaSample === 'sampled' || p.row.qaSample === 'checked' ? (
          <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center', maxWidth: '100%', minWidth: 0 }}>
            <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{p.row.providerName}</span>
            <QaChip value={p.row.qaSample} />
          </span>
        ) : (
          p.row.providerName
        ),
    },
    csv: (r) => r.providerName,
  },
  { name: 'License', grid: { field: 'licenseNumber', headerName: 'License', description: 'License number of the provider', width: 90 }, csv: (r) => r.licenseNumber },
  {
    name: 'Provider type',
    grid: {
      field: 'providerType', headerName: 'Provider type', description: 'Provider type: Center, Family home or Group home', width: 112,
      valueFormatter: (v: PaymentRow['providerType']) => PROVIDER_TYPE_LABELS[v],
    },
    csv: (r) => PROVIDER_TYPE_LABELS[r.providerType],
  },
  {
    name: 'Kind',
    grid: { field: 'kind', headerName: 'Kind', description: 'Payment or Adjustment', width: 88, valueFormatter: (v: PaymentRow['kind']) => KIND_LABELS[v] },
    csv: (r) => KIND_LABELS[r.kind],
  },
  chip('submissionStatus', 'Submission status', 'Submission', 126, 'New, Ready for Parent (the provider signed), Submitted (the parent signed)'),
  chip('paymentStatus', 'Payment status', 'Payment', 94, 'New, Received, Authorized, Hold, Paid or Denied'),
  chip('invoiceStatus', 'Invoice status', 'Invoice status', 150, 'Pending Approval, Pending Payment, Corrections Required or Invoice History'),
  chip('subStatus', 'Sub-status', 'Sub-status', 144, 'the step within the invoice status, e.g. Awaiting Action, In Review, Administrative Hold'),
  {
    name: 'Amount',
    grid: {
      field: 'amountCents', headerName: 'Amount', description: 'Amount calculated (empty until calculated)', width: 96, type: 'number',
      align: 'right', headerAlign: 'right', valueFormatter: (v: number | null) => formatAmount(v),
    },
    // A plain number a spreadsheet can add up (dollars and cents, no $ or separators).
    csv: (r) => (r.amountCents === null ? '' : centsToDecimal(r.amountCents)),
  },
  {
    name: 'Received',
    grid: { field: 'receivedAt', headerName: 'Received', description: 'Received: the day the agency received the attendance', width: 112, valueFormatter: (v: string | null) => formatDate(v) },
    csv: (r) => fileDate(r.receivedAt),
  },
  {
    name: 'QA sample',
    grid: {
      field: 'qaSample', headerName: 'QA', description: 'QA sample: drawn for a second Approver\u2019s check before Authorize (QA sample), or checked (QA checked)', width: 100, sortable: false,
      renderCell: (p) => <QaChip value={p.row.qaSample} />,
    },
    csv: (r) => (r.qaSample ? QA_WORDS[r.qaSample] : ''),
  },
  { name: 'Payor', grid: { field: 'payorName', headerName: 'Payor', description: 'Who pays the provider (an export is per payor)', width: 146 }, csv: (r) => r.payorName },
  {
    name: 'Last change',
    grid: { field: 'updatedAt', headerName: 'Last change', description: 'Last change: the day the item last changed (the time is in Invoice Details and in the CSV)', width: 112, valueFormatter: (v: string) => formatDate(v) },
    csv: (r) => fileDateTime(r.updatedAt),
  },
];

export const paymentGridColumns: GridColDef<PaymentRow>[] = COLUMNS.map((c) => c.grid);
/** For a user who cannot open export batches (a Provider user): the batch number as text, not a link. */
export const paymentGridColumnsNoBatchLink: GridColDef<PaymentRow>[] = paymentGridColumns.map((c) =>
  c.field === 'exportBatchId' ? { ...c, renderCell: (p) => (p.value ? String(p.value) : '') } : c,
);
export const paymentCsvColumns: CsvColumn<PaymentRow>[] = COLUMNS.map((c) => ({ header: c.name, value: c.csv }));

/** A window this wide (px) has room for the reference columns too. */
export const WIDE_WINDOW = 1600;

/**
 * The columns shown until the user chooses otherwise in the columns menu: the deciding ones, and
 * the license and payor (two providers of one name are told apart; an export is per payor)
 * always; batch in the Paid tab; provider type and last change in a wide window. At 1280 px the
 * license and payor take the room of Submission (the tabs say it) and of Received (shown in the
 * Submitted tab, the queue of received items, where Kind gives way).
 */
export function defaultColumnVisibility(tab: Tab, wide: boolean): GridColumnVisibilityModel {
  return {
    exportBatchId: tab === 'Paid',
    providerType: wide,
    updatedAt: wide,
    receivedAt: wide || tab === 'Submitted',
    kind: wide || tab !== 'Submitted',
    submissionStatus: wide,
    // Shown beside the provider's name; the column alone is in the columns menu (and the CSV).
    qaSample: false,
  };
}

/** Tighter cells than the grid's default (6 px instead of 10 px each side), smaller chips. */
export const paymentGridSx = {
  '& .MuiDataGrid-columnHeader, & .MuiDataGrid-cell': { px: '6px' },
  '& .MuiDataGrid-cell .pd-chip': { px: '6px', fontSize: '0.71875rem' },
} as const;
