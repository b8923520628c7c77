import { useEffect, useState } from 'react';
import {
  Alert, Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogTitle, LinearProgress, MenuItem, Stack, Table, TableBody, TableCell,
  TableRow, TextField, Typography,
} from '@mui/material';
import FolderOpenIcon from '@mui/icons-material/FolderOpen';
import PrintIcon from '@mui/icons-material/Print';
import type { BatchDetail } from '../../../../shared/api/contract/export';
import { formatDateTime } from '../../../../shared/format';
import type { ProgressEvent } from '../../../../shared/api/common';
import { formatCents } from '../../../../shared/domain/money';
import { errorMessage, onCoreEvent } from '../../api/client';
import { useBatchFiles } from './useFiles';
import { navigate } from '../../router';
import { usePeriod } from '../shell/PeriodContext';
import { useExportPreview, usePayorList } from './queries';
import { useRelease, useRequestRelease, useRunExport } from './mutations';
import { useAppStatus } from '../session/queries';
import { PreviewView } from './PreviewView';
import { FILE_KIND_LABELS, combinedRemittance, formatBytes } from './format';

/**
 * The export of one service period for one payor: preview (who is paid, who is left out and why),
 * run with the core's progress, and the result with "Open folder" and "Print". Reusable: the
 * Exports page and the Authorized tab of Provider Payments mount it. The period is the one the
 * app's period selector shows unless given.
 */
export function ExportDialog(props: { open: boolean; onClose: () => void; periodId?: number; payorId?: number }) {
  const { periods, period: selected } = usePeriod();
  const period = props.periodId ? (periods.find((p) => p.id === props.periodId) ?? null) : selected;
  const payors = usePayorList();
  const [payorId, setPayorId] = useState<number | null>(props.payorId ?? null);
  const [result, setResult] = useState<BatchDetail | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const runExport = useRunExport();
  const release = useRelease();
  const requestRelease = useRequestRelease();
  // One of the two runs a batch: the export itself, or a second Payor's release of a batch above the limit.
  const run = release.isPending || release.isError || release.isSuccess ? release : runExport;
  const me = useAppStatus().data?.signedIn?.username ?? null;
  const preview = useExportPreview(period?.id ?? null, payorId, props.open && !result && !run.isPending);

  // A fresh start every time the dialog opens (run is left out of the deps: its reset is stable).
  useEffect(() => {
    if (!props.open) return;
    setResult(null);
    setProgress(null);
    runExport.reset();
    release.reset();
    requestRelease.reset();
    setPayorId(props.payorId ?? null);
  }, [props.open, props.payorId]);
  useEffect(() => {
    if (payorId === null && payors.data?.length) setPayorId(payors.data[0].id);
  }, [payorId, payors.data]);
  // Listen while the dialog is open, so the run's first events are not missed.
  useEffect(() => {
    if (!props.open) return;
    return onCoreEvent((e) => e.task === 'export' && setProgress(e));
  }, [props.open]);

  const start = () => {
    setProgress(null);
    runExport.mutate({ periodId: period!.id, payorId: payorId! }, { onSuccess: (detail) => setResult(detail) });
  };
  const p = preview.data;
  const waiting = p?.release?.waiting ?? null;
  const mayRelease = !!waiting && waiting.requestedBy !== me;
  const releaseNow = () => {
    setProgress(null);
    release.mutate(waiting!.id, { onSuccess: (detail) => setResult(detail) });
  };
  const askForRelease = () => requestRelease.mutate({ periodId: period!.id, payorId: payorId! }, { onSuccess: () => void preview.refetch() });
  const percent = progress && progress.total > 0 ? (progress.done / progress.total) * 100 : null;
  const print = result ? combinedRemittance(result) : null;
  const files = useBatchFiles();

  return (
    <Dialog open={props.open} onClose={run.isPending ? undefined : props.onClose} maxWidth="md" fullWidth aria-labelledby="export-title">
      <DialogTitle id="export-title">Export payments{period ? ` — ${period.label}` : ''}</DialogTitle>
      <DialogContent dividers sx={{ minHeight: 260 }}>
        {!period ? (
          <Alert severity="warning">Choose a service period first.</Alert>
        ) : result ? (
          <Stack spacing={2} data-testid="export-result">
            <Alert severity="success">
              Batch {result.batch.id} exported {result.batch.itemCount} item{result.batch.itemCount === 1 ? '' : 's'} to {result.batch.providerCount}{' '}
              provider{result.batch.providerCount === 1 ? '' : 's'}, {formatCents(result.batch.totalCents)}. {result.files.length} files were written.
            </Alert>
            <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
              {result.batch.folder}
            </Typography>
            <ResultFiles detail={result} />
          </Stack>
        ) : run.isPending ? (
          <Stack spacing={1.5} sx={{ py: 4 }}>
            <Typography>Exporting {p ? `${p.itemCount} items` : ''}…</Typography>
            <LinearProgress variant={percent === null ? 'indeterminate' : 'determinate'} value={percent ?? 0} aria-label="Export progress" />
            <Typography variant="body2" color="text.secondary" data-testid="export-progress">
              {progress ? `${progress.message ?? 'Working'} — ${progress.done} of ${progress.total}` : 'Starting…'}
            </Typography>
          </Stack>
        ) : (
          <Stack spacing={2}>
            <TextField
              select
              label="Payor"
              value={payorId ?? ''}
              onChange={(e) => setPayorId(Number(e.target.value))}
              sx={{ width: 320 }}
              disabled={!!props.payorId}
            >
              {(payors.data ?? []).map((y) => (
                <MenuItem key={y.id} value={y.id}>
                  {y.name}
                  {y.kind === 'third_party' ? ' (third party: hands the invoices over)' : ''}
                </MenuItem>
              ))}
            </TextField>
            {run.isError && <Alert severity="error">{errorMessage(run.error)}</Alert>}
            {requestRelease.isError && <Alert severity="error">{errorMessage(requestRelease.error)}</Alert>}
            {p?.release && (
              <Alert severity={waiting ? 'info' : 'warning'} data-testid="export-release">
                This batch ({formatCents(p.totalCents)}) is above the agency’s batch limit of {formatCents(p.release.limitCents)}: a second Payor must release it.{' '}
                {waiting
                  ? mayRelease
                    ? `${waiting.requestedBy} asked for its release on ${formatDateTime(waiting.requestedAt)}: you may release it.`
                    : 'You asked for its release; it waits for another Payor.'
                  : 'Ask for its release; another Payor releases it.'}
              </Alert>
            )}
            {preview.isError && <Alert severity="error">{errorMessage(preview.error)}</Alert>}
            {preview.isFetching && !p && <CircularProgress size={28} />}
            {p && p.itemCount === 0 && p.leftOut.length === 0 && (
              <Alert severity="info">Nothing to export: no authorized items of {p.payor.name} in {p.period.label}.</Alert>
            )}
            {p && <PreviewView preview={p} />}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        {result ? (
          <>
            <Button startIcon={<FolderOpenIcon />} onClick={() => files.open({ batchId: result.batch.id, kind: 'folder' })}>
              Open folder
            </Button>
            <Button startIcon={<PrintIcon />} disabled={!print} onClick={() => print && files.print(print)}>
              Print
            </Button>
            <Button onClick={() => { props.onClose(); navigate('exports', result.batch.id); }}>View batch</Button>
            <Button variant="contained" onClick={props.onClose}>
              Done
            </Button>
          </>
        ) : (
          <>
            <Button onClick={props.onClose} disabled={run.isPending}>
              Cancel
            </Button>
            {p?.release ? (
              waiting ? (
                <Button variant="contained" onClick={releaseNow} disabled={!mayRelease || !!p.refusal || run.isPending || preview.isFetching}>
                  {mayRelease ? `Release and export ${p.itemCount} item${p.itemCount === 1 ? '' : 's'} (${formatCents(p.totalCents)})` : 'Waiting for a second Payor'}
                </Button>
              ) : (
                <Button variant="contained" onClick={askForRelease} disabled={!!p.refusal || requestRelease.isPending || preview.isFetching}>
                  Ask for release ({formatCents(p.totalCents)})
                </Button>
              )
            ) : (
              <Button
                variant="contained"
                onClick={start}
                disabled={!p || p.itemCount === 0 || !!p.refusal || run.isPending || preview.isFetching}
              >
                {p && p.itemCount > 0 ? `Export ${p.itemCount} item${p.itemCount === 1 ? '' : 's'} (${formatCents(p.totalCents)})` : 'Export'}
              </Button>
            )}
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}

/** The batch's files (remittances per provider counted, not listed) as the run wrote them. */
function ResultFiles({ detail }: { detail: BatchDetail }) {
  const files = detail.files.filter((f) => f.kind !== 'remittance');
  const remittances = detail.files.length - files.length;
  return (
    <Table size="small" aria-label="Files written">
      <TableBody>
        {files.map((f) => (
          <TableRow key={f.name}>
            <TableCell sx={{ fontFamily: 'monospace' }}>{f.name}</TableCell>
            <TableCell>{FILE_KIND_LABELS[f.kind]}</TableCell>
            <TableCell align="right">{formatBytes(f.bytes)}</TableCell>
          </TableRow>
        ))}
        {remittances > 0 && (
          <TableRow>
            <TableCell colSpan={3} sx={{ color: 'text.secondary' }}>
              and {remittances} remittance PDF{remittances === 1 ? '' : 's'}, one per provider
            </TableCell>
          </TableRow>
        )}
      </TableBody>
    </Table>
  );
}
