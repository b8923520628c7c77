import { Alert, AlertTitle, Button, Stack, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import KeyIcon from '@mui/icons-material/Key';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import { errorMessage } from '../../api/client';
import { downloadText } from '../../components/download';
import { SectionFrame } from '../reference-settings/SectionFrame';
import { useAuditKeyStatus, useExportAuditKey, useVerifyAudit } from './queries';

/**
 * The audit trail (Administrators): where its key is kept, a check of the whole trail (its keyed
 * chain, every export batch's anchor, amounts and bank accounts), and a plain copy of the key for
 * the backup — without it a copy of the database cannot be verified or written to.
 */
export function AuditSection() {
  const status = useAuditKeyStatus();
  const verify = useVerifyAudit();
  const save = useExportAuditKey();
  const s = status.data;
  const report = verify.data;
  return (
    <SectionFrame
      title="Audit trail"
      hint="Every change is an event in a chain keyed with the audit key, which is kept beside the database, not in it. Back the key up with the database: a database restored without its key can be read but not verified or changed."
      actions={
        <Stack direction="row" spacing={1}>
          <Button startIcon={<VerifiedUserIcon />} onClick={() => verify.mutate()} disabled={verify.isPending}>
            Verify now
          </Button>
          <Button
            variant="contained"
            startIcon={<KeyIcon />}
            disabled={!s?.keyId || save.isPending}
            onClick={() => save.mutate(undefined, { onSuccess: (k) => downloadText(k.fileName, k.content, 'application/json') })}
          >
            Save the audit key
          </Button>
        </Stack>
      }
    >
      <Stack spacing={2}>
        {status.isError && <Alert severity="error">{errorMessage(status.error)}</Alert>}
        {s?.problem && (
          <Alert severity="error" data-testid="audit-problem">
            <AlertTitle>The audit trail cannot be verified</AlertTitle>
            {s.problem}
          </Alert>
        )}
        {s && (
          <Table size="small" aria-label="Audit key">
            <TableBody>
              <TableRow>
                <TableCell sx={{ width: 220 }}>Key</TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }}>{s.keyId ? `fingerprint ${s.keyId}` : 'missing'}</TableCell>
              </TableRow>
              <TableRow>
                <TableCell>Kept in</TableCell>
                <TableCell sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{s.keyFile ?? 'memory (this session only)'}</TableCell>
              </TableRow>
              <TableRow>
                <TableCell>Protected by this computer’s keychain</TableCell>
                <TableCell>{s.protectedAtRest ? 'Yes: the file alone is useless elsewhere; save a copy for the backup' : 'No: the file is readable by this user only'}</TableCell>
              </TableRow>
              <TableRow>
                <TableCell>Keyed since</TableCell>
                <TableCell>{s.sealId ? `event ${s.sealId} (the seal)` : '—'}</TableCell>
              </TableRow>
            </TableBody>
          </Table>
        )}
        {save.isError && <Alert severity="error">{errorMessage(save.error)}</Alert>}
        {save.isSuccess && (
          <Alert severity="warning">
            The key was saved as {save.data.fileName}. Keep it with the database’s backups, as carefully as the database: with it, the trail could be rewritten.
          </Alert>
        )}
        {verify.isError && <Alert severity="error">{errorMessage(verify.error)}</Alert>}
        {report && (
          <Alert severity={report.ok ? 'success' : 'error'} data-testid="audit-report">
            <AlertTitle>{report.ok ? 'The audit trail verifies' : 'The audit trail does not verify'}</AlertTitle>
            {report.ok
              ? `${report.events} events, chain intact; ${report.anchors?.checked ?? 0} export anchors match; amounts and bank accounts match.`
              : (report.problem ?? (report.firstBad ? `Event ${report.firstBad.id}: ${report.firstBad.problem}.` : ''))}
            {(report.money ?? []).slice(0, 10).map((m) => (
              <Typography key={`${m.entity}-${m.id}`} variant="body2">
                {m.problem}
              </Typography>
            ))}
            {(report.warnings ?? []).map((w) => (
              <Typography key={w} variant="body2" color="text.secondary">
                {w}
              </Typography>
            ))}
          </Alert>
        )}
      </Stack>
    </SectionFrame>
  );
}
