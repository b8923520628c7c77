import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Table, TableBody, TableCell, TableRow } from '@mui/material';
import { AppError, type ErrorIssue } from '../../../shared/api/errors';
import type { ImportResult } from '../../../shared/api/contract/reference';
import { errorMessage } from '../api/client';
import { FileImportButton } from './FileImportButton';
import { FileErrorsDialog } from './FileErrorsDialog';
import { ProgressDialog } from './ProgressDialog';
import { useNotify } from './Notifier';

/**
 * Imports a reference-data CSV (providers, children, authorizations): progress while the core
 * works, every error by row and column when the file is refused (nothing changed), and a summary
 * of what changed when it is taken.
 */
export function CsvImportButton(props: {
  label: string;
  kind: ImportResult['kind'];
  testId: string;
  run: (fileName: string, content: string) => Promise<ImportResult>;
}) {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ fileName: string; message: string; issues: ErrorIssue[] } | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const notify = useNotify();

  const onFile = async (fileName: string, content: string) => {
    setBusy(true);
    try {
      setResult(await props.run(fileName, content));
    } catch (err) {
      const e = AppError.from(err);
      if (e.issues?.length) setRefusal({ fileName, message: e.message, issues: e.issues });
      else notify('error', errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <FileImportButton label={props.label} accept=".csv,text/csv" testId={props.testId} busy={busy} onFile={onFile} />
      <ProgressDialog open={busy} title={props.label} task={`import-${props.kind}`} />
      <FileErrorsDialog
        open={refusal !== null}
        title={`${refusal?.fileName ?? ''} was not imported`}
        message={refusal ? `${refusal.fileName} has ${refusal.issues.length} problem${refusal.issues.length === 1 ? '' : 's'}, listed by row and column.` : ''}
        issues={refusal?.issues ?? []}
        onClose={() => setRefusal(null)}
      />
      <Dialog open={result !== null} onClose={() => setResult(null)} maxWidth="xs" fullWidth aria-labelledby="import-result-title">
        <DialogTitle id="import-result-title">{result?.fileName} imported</DialogTitle>
        <DialogContent dividers>
          {result && (
            <>
              <Table size="small" aria-label="Import summary">
                <TableBody>
                  {(
                    [
                      ['Rows in the file', result.rows],
                      ['Created', result.created],
                      ['Updated', result.updated],
                      ['Unchanged', result.unchanged],
                    ] as const
                  ).map(([label, n]) => (
                    <TableRow key={label}>
                      <TableCell>{label}</TableCell>
                      <TableCell align="right">{n}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              {result.bankChanges.length > 0 && (
                <Alert severity="warning" sx={{ mt: 2 }}>
                  Bank details changed for {result.bankChanges.map((b) => b.licenseNumber).join(', ')}. Their unexported payments (
                  {result.bankChanges.reduce((n, b) => n + b.heldPaymentIds.length, 0)}) are on hold until a second user confirms the new details.
                </Alert>
              )}
            </>
          )}
        </DialogContent>
        <DialogActions>
          <Button variant="contained" onClick={() => setResult(null)} autoFocus>
            Close
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
