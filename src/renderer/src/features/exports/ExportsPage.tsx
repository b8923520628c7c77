import { useCallback, useState } from 'react';
import type { GridColDef } from '@mui/x-data-grid';
import { Button, Chip, FormControlLabel, Stack, Switch } from '@mui/material';
import OutboxIcon from '@mui/icons-material/Outbox';
import type { PageProps } from '../../pages';
import type { BatchRow } from '../../../../shared/api/contract/export';
import { formatCents } from '../../../../shared/domain/money';
import { ServerDataGrid } from '../../components/ServerDataGrid';
import { EmptyState } from '../../components/EmptyState';
import { navigate } from '../../router';
import { NotYours, PageTitle } from '../shell/AppShell';
import { usePeriod } from '../shell/PeriodContext';
import { exportKeys, fetchBatchesPage } from './queries';
import { formatWhen } from './format';
import { ExportDialog } from './ExportDialog';
import { ConfirmationImport } from './ConfirmationImport';
import { BatchDetailPage } from './BatchDetailPage';
import { AttentionBanners } from './AttentionBanners';

const columns: GridColDef<BatchRow>[] = [
  { field: 'id', headerName: 'Batch', width: 70 },
  { field: 'period', headerName: 'Period', width: 125, valueGetter: (_v, row) => row.period.label },
  { field: 'payor', headerName: 'Payor', flex: 1, minWidth: 150, valueGetter: (_v, row) => row.payor.name },
  { field: 'createdAt', headerName: 'Created', width: 160, valueFormatter: (v: string) => formatWhen(v) },
  { field: 'createdBy', headerName: 'By', width: 85, sortable: false },
  { field: 'itemCount', headerName: 'Items', width: 65, type: 'number' },
  { field: 'totalCents', headerName: 'Total', width: 115, type: 'number', valueFormatter: (v: number) => formatCents(v) },
  {
    field: 'filesWrittenAt',
    headerName: 'Files',
    width: 100,
    sortable: false,
    renderCell: (p) => (
      <Chip
        size="small"
        variant="outlined"
        color={p.row.filesError ? 'error' : p.row.filesWrittenAt ? 'success' : 'warning'}
        label={p.row.filesError ? 'Failed' : p.row.filesWrittenAt ? 'Written' : 'Incomplete'}
        title={p.row.filesError ?? undefined}
      />
    ),
  },
  {
    field: 'itemStates',
    headerName: 'Items now',
    width: 150,
    sortable: false,
    // A third-party payor processes and pays later (confirmation file); a direct export is paid at once.
    valueGetter: (_v, row) => {
      const s = row.itemStates;
      if (row.payor.kind !== 'third_party') return `${s.paid} paid`;
      return [`${s.paid} paid`, s.processed && `${s.processed} processed`, s.inProcess && `${s.inProcess} in process`].filter(Boolean).join(', ');
    },
  },
];

/** #/exports: the batches; #/exports/<id>: one batch with its files. */
export function ExportsPage(props: PageProps) {
  const id = Number(props.route[0]);
  if (props.route[0] && Number.isSafeInteger(id) && id > 0) return <BatchDetailPage id={id} user={props.user} />;
  return <BatchList {...props} />;
}

function BatchList({ user }: PageProps) {
  const { period } = usePeriod();
  const [onlyPeriod, setOnlyPeriod] = useState(false);
  const [exporting, setExporting] = useState(false);
  const payor = user.groups.includes('Payor');
  const periodId = onlyPeriod && period ? period.id : null;
  const fetchPage = useCallback((q: Parameters<typeof fetchBatchesPage>[0]) => fetchBatchesPage({ ...q, ...(periodId ? { periodId } : {}) }), [periodId]);
  if (!user.groups.some((g) => g === 'Payor' || g === 'Approver' || g === 'Administrator')) return <NotYours what="Exports" />;
  return (
    <>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <PageTitle title="Exports" subtitle="Each run of the export: what it paid or handed over, and its files" />
        <Stack direction="row" spacing={1} sx={{ flex: 1, justifyContent: 'flex-end', pt: 0.5 }}>
          {payor && <ConfirmationImport />}
          {payor && (
            <Button variant="contained" startIcon={<OutboxIcon />} onClick={() => setExporting(true)} disabled={!period}>
              Export payments
            </Button>
          )}
        </Stack>
      </Stack>
      <AttentionBanners user={user} />
      <ServerDataGrid<BatchRow>
        label="Export batches"
        queryKey={exportKeys.list(periodId)}
        fetchPage={fetchPage}
        columns={columns}
        searchPlaceholder="Batch number or period code"
        searchWidth={280}
        onOpen={(row) => navigate('exports', row.id)}
        toolbar={
          period && (
            <FormControlLabel
              control={<Switch checked={onlyPeriod} onChange={(e) => setOnlyPeriod(e.target.checked)} />}
              label={`Only ${period.label}`}
            />
          )
        }
        empty={
          <EmptyState
            title={onlyPeriod && period ? `No exports for ${period.label} yet` : 'No exports yet'}
            hint="An export pays (or hands over) the authorized items of one period and payor; a Payor runs it."
            action={
              payor && (
                <Button variant="contained" startIcon={<OutboxIcon />} onClick={() => setExporting(true)}>
                  Export payments
                </Button>
              )
            }
          />
        }
      />
      {payor && <ExportDialog open={exporting} onClose={() => setExporting(false)} />}
    </>
  );
}
