import { Button, Chip, IconButton, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tooltip } from '@mui/material';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import PrintIcon from '@mui/icons-material/Print';
import type { BatchDetail } from '../../../../shared/api/contract/export';
import { formatCents } from '../../../../shared/domain/money';
import { useBatchFiles } from './useFiles';
import SaveAltIcon from '@mui/icons-material/SaveAlt';
import { navigate } from '../../router';
import { FILE_KIND_LABELS, LEFT_OUT_LABELS, METHOD_LABELS, formatBytes } from './format';

const box = { border: 1, borderColor: 'divider', borderRadius: 1, bgcolor: 'background.paper' };

/** The batch's files as they are on disk now: size and SHA-256 (regenerating must give the same). */
export function BatchFilesTable({ detail }: { detail: BatchDetail }) {
  // One row per provider remittance would drown the batch files: those are printed from the providers table.
  const files = detail.files.filter((f) => f.kind !== 'remittance');
  const remittances = detail.files.length - files.length;
  const act = useBatchFiles();
  return (
    <TableContainer sx={box}>
      <Table size="small" aria-label="Batch files">
        <TableHead>
          <TableRow>
            <TableCell>File</TableCell>
            <TableCell>What</TableCell>
            <TableCell align="right">Size</TableCell>
            <TableCell>SHA-256</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {files.map((f) => (
            <TableRow key={f.name}>
              <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{f.name}</TableCell>
              <TableCell>{FILE_KIND_LABELS[f.kind]}</TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap', color: f.bytes === null ? 'error.main' : undefined }}>
                {formatBytes(f.bytes)}
              </TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: '0.6875rem', wordBreak: 'break-all' }}>{f.sha256 ?? '—'}</TableCell>
              <TableCell align="right">
                <Tooltip title="Open">
                  <span>
                    <IconButton size="small" aria-label={`Open ${f.name}`} disabled={f.bytes === null} onClick={() => act.open({ batchId: detail.batch.id, kind: f.kind })}>
                      <OpenInNewIcon fontSize="small" />
                    </IconButton>
                  </span>
                </Tooltip>
                <Tooltip title="Save a copy…">
                  <span>
                    <IconButton size="small" aria-label={`Save a copy of ${f.name}`} disabled={f.bytes === null} onClick={() => act.save({ batchId: detail.batch.id, kind: f.kind })}>
                      <SaveAltIcon fontSize="small" />
                    </IconButton>
                  </span>
                </Tooltip>
              </TableCell>
            </TableRow>
          ))}
          {remittances > 0 && (
            <TableRow>
              <TableCell colSpan={5} sx={{ color: 'text.secondary' }}>
                and {remittances} remittance PDF{remittances === 1 ? '' : 's'}, one per provider (below)
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** Who the batch paid: method, masked account, trace or check number, items and net, and each remittance to print. */
export function BatchProvidersTable({ detail }: { detail: BatchDetail }) {
  const act = useBatchFiles();
  return (
    <TableContainer sx={box}>
      <Table size="small" aria-label="Providers in the batch">
        <TableHead>
          <TableRow>
            <TableCell>Provider</TableCell>
            <TableCell>Paid by</TableCell>
            <TableCell>Account</TableCell>
            <TableCell>Trace / check</TableCell>
            <TableCell>Items</TableCell>
            <TableCell align="right">Net</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {detail.providers.map((p) => (
            <TableRow key={p.providerId} hover>
              <TableCell>{p.providerName}</TableCell>
              <TableCell>{METHOD_LABELS[p.method]}</TableCell>
              <TableCell>{p.accountMasked ?? '—'}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>{p.reference || '—'}</TableCell>
              <TableCell>
                {p.items.map((i) => (
                  <Button
                    key={i.paymentId}
                    size="small"
                    sx={{ minWidth: 0, px: 0.5, textTransform: 'none' }}
                    title={`${i.kind === 'adjustment' ? 'Adjustment' : 'Payment'} ${i.paymentId}: ${formatCents(i.amountCents)}`}
                    onClick={() => navigate('payments', i.paymentId)}
                  >
                    #{i.paymentId}
                    {i.kind === 'adjustment' ? ' (adj.)' : ''}
                  </Button>
                ))}
              </TableCell>
              <TableCell align="right" sx={{ fontWeight: 600 }}>
                {formatCents(p.netCents)}
              </TableCell>
              <TableCell align="right">
                <Tooltip title="Print this provider's remittance">
                  <IconButton size="small" aria-label={`Print remittance of ${p.providerName}`} onClick={() => act.print({ batchId: detail.batch.id, kind: 'remittance', providerId: p.providerId })}>
                    <PrintIcon fontSize="small" />
                  </IconButton>
                </Tooltip>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** Providers left out of an export (its preview, or a batch), each with the reason; their items stay Authorized. */
export function LeftOutTable(props: { leftOut: BatchDetail['leftOut']; label: string; maxHeight?: number }) {
  return (
    <TableContainer sx={props.maxHeight ? { ...box, maxHeight: props.maxHeight } : box}>
      <Table size="small" stickyHeader={!!props.maxHeight} aria-label={props.label}>
        <TableHead>
          <TableRow>
            <TableCell>Provider</TableCell>
            <TableCell align="right">Items</TableCell>
            <TableCell align="right">Amount</TableCell>
            <TableCell>Why</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.leftOut.map((l) => (
            <TableRow key={`${l.providerId}-${l.reason}`}>
              <TableCell>{l.providerName}</TableCell>
              <TableCell align="right">{l.paymentIds.length}</TableCell>
              <TableCell align="right">{formatCents(l.amountCents)}</TableCell>
              <TableCell>
                <Chip size="small" color="warning" variant="outlined" label={LEFT_OUT_LABELS[l.reason]} sx={{ mr: 1 }} />
                {l.message}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
