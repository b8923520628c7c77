import type { ReactNode } from 'react';
import { Alert, Box, Button, CircularProgress, Paper, Stack, Typography } from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import FolderOpenIcon from '@mui/icons-material/FolderOpen';
import PrintIcon from '@mui/icons-material/Print';
import RefreshIcon from '@mui/icons-material/Refresh';
import type { SessionUser } from '../../../../shared/api/contract/session';
import type { BatchDetail } from '../../../../shared/api/contract/export';
import { formatCents } from '../../../../shared/domain/money';
import { errorMessage } from '../../api/client';
import { useBatchFiles } from './useFiles';
import { useNotify } from '../../components/Notifier';
import { navigate } from '../../router';
import { PageTitle } from '../shell/AppShell';
import { useBatch } from './queries';
import { useRegenerate } from './mutations';
import { combinedRemittance, formatWhen } from './format';
import { BatchFilesTable, BatchProvidersTable, LeftOutTable } from './BatchTables';

/** #/exports/<id>: one batch, its files with size and SHA-256, who it paid, and who it left out. */
export function BatchDetailPage({ id, user }: { id: number; user: SessionUser }) {
  const batch = useBatch(id);
  const regenerate = useRegenerate();
  const notify = useNotify();
  const files = useBatchFiles();
  if (batch.isLoading) return <CircularProgress sx={{ m: 4 }} />;
  if (batch.isError || !batch.data) return <Alert severity="error">{errorMessage(batch.error)}</Alert>;
  const d = batch.data;
  const b = d.batch;
  const print = combinedRemittance(d);
  const summary = d.files.find((f) => f.kind === 'summary');
  const mayRegenerate = user.groups.some((g) => g === 'Payor' || g === 'Administrator');

  const rewrite = () =>
    regenerate.mutate(b.id, {
      onSuccess: (after) => notify(...sameBytes(d, after)),
      onError: (err) => notify('error', errorMessage(err)),
    });

  const thirdParty = b.payor.kind === 'third_party';
  return (
    <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto', pr: 1 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
        <Button startIcon={<ArrowBackIcon />} onClick={() => navigate('exports')} sx={{ mt: 0.5 }}>
          Exports
        </Button>
        <Box sx={{ flex: 1 }}>
          <PageTitle title={`Batch ${b.id}`} subtitle={`${b.period.label} · ${b.payor.name} · created ${formatWhen(b.createdAt)} by ${b.createdBy}`} />
        </Box>
      </Stack>
      <Stack spacing={2} sx={{ pb: 3 }}>
        {b.filesError && (
          <Alert severity="error" data-testid="files-error">
            The files of this batch could not be written: {b.filesError}. Fix the cause (the folder, the disk), then use &quot;Regenerate files&quot;; PayDesk
            also tries again at every start.
          </Alert>
        )}
        {!b.filesWrittenAt && !b.filesError && (
          <Alert severity="warning">
            Some files of this batch were not written (the app stopped during the export). PayDesk completes them at its next start, or now with
            &quot;Regenerate files&quot;.
          </Alert>
        )}
        <Paper variant="outlined" sx={{ p: 2, display: 'flex', gap: 4, alignItems: 'center', flexWrap: 'wrap' }}>
          <Figure label="Items" value={String(b.itemCount)} />
          <Figure label="Providers" value={String(b.providerCount)} />
          <Figure label="Total" value={formatCents(b.totalCents)} />
          <Figure label={thirdParty ? 'Hand-off' : 'Payment'} value={thirdParty ? 'third-party payor' : 'direct (paid)'} />
          {thirdParty && <Figure label="In process / processed / paid" value={`${b.itemStates.inProcess} / ${b.itemStates.processed} / ${b.itemStates.paid}`} />}
          <Box sx={{ flex: 1 }} />
          <Stack direction="row" spacing={1}>
            <Button startIcon={<FolderOpenIcon />} onClick={() => files.open({ batchId: b.id, kind: 'folder' })}>
              Open folder
            </Button>
            {summary && (
              <Button startIcon={<PrintIcon />} onClick={() => files.print({ batchId: b.id, kind: 'summary' })}>
                Summary
              </Button>
            )}
            <Button variant="contained" startIcon={<PrintIcon />} disabled={!print} onClick={() => print && files.print(print)}>
              Print remittances
            </Button>
          </Stack>
        </Paper>
        <Section
          title="Files"
          action={
            mayRegenerate && (
              <Button size="small" startIcon={<RefreshIcon />} onClick={rewrite} disabled={regenerate.isPending}>
                Regenerate files
              </Button>
            )
          }
        >
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1, fontFamily: 'monospace', wordBreak: 'break-all' }} data-testid="batch-folder">
            {b.folder}
          </Typography>
          <BatchFilesTable detail={d} />
        </Section>
        <Section title="Providers">
          <BatchProvidersTable detail={d} />
        </Section>
        {d.leftOut.length > 0 && (
          <Section title="Left out (items stayed Authorized)">
            <LeftOutTable leftOut={d.leftOut} label="Left out of the batch" />
          </Section>
        )}
      </Stack>
    </Box>
  );
}

/** Regenerating must give the same bytes: say so, or name the files that differ. */
function sameBytes(before: BatchDetail, after: BatchDetail): ['success' | 'warning', string] {
  const old = new Map(before.files.map((f) => [f.name, f.sha256]));
  const changed = after.files.filter((f) => old.get(f.name) !== null && old.get(f.name) !== f.sha256).map((f) => f.name);
  const restored = after.files.filter((f) => old.get(f.name) === null && f.sha256 !== null).length;
  if (changed.length > 0) return ['warning', `Files written again; ${changed.length} differ from before: ${changed.join(', ')}.`];
  return ['success', `${after.files.length} files written again: every SHA-256 is the same${restored ? ` (${restored} missing file(s) restored)` : ''}.`];
}

function Section({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Box>
      <Stack direction="row" sx={{ alignItems: 'center', mb: 0.5 }}>
        <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, flex: 1 }}>
          {title}
        </Typography>
        {action}
      </Stack>
      {children}
    </Box>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="h6" component="div">
        {value}
      </Typography>
    </Box>
  );
}
