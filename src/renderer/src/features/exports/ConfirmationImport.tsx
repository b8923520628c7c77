import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import { AppError, type ErrorIssue } from '../../../../shared/api/errors';
import type { HandlerResult } from '../../../../shared/api/contract';
import { FileImportButton } from '../../components/FileImportButton';
import { FileErrorsDialog } from '../../components/FileErrorsDialog';
import { useNotify } from '../../components/Notifier';
import { errorMessage } from '../../api/client';
import { useImportConfirmation } from './mutations';

type Result = HandlerResult<'export-import-confirmation'>;

/**
 * A third-party payor's confirmation file (payment_id, status Processed or Paid, date): all or
 * nothing; a refused file lists every error by row and column.
 */
export function ConfirmationImport() {
  const importFile = useImportConfirmation();
  const notify = useNotify();
  const [refusal, setRefusal] = useState<{ fileName: string; issues: ErrorIssue[] } | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const onFile = (fileName: string, content: string) =>
    importFile.mutate(
      { fileName, content },
      {
        onSuccess: setResult,
        onError: (err) => {
          const e = AppError.from(err);
          if (e.issues?.length) setRefusal({ fileName, issues: e.issues });
          else notify('error', errorMessage(err));
        },
      },
    );
  return (
    <>
      <FileImportButton
        label="Import confirmation"
        accept=".csv,text/csv"
        testId="import-confirmation-file"
        icon={<FactCheckIcon />}
        busy={importFile.isPending}
        onFile={onFile}
      />
      <FileErrorsDialog
        open={refusal !== null}
        title={`${refusal?.fileName ?? ''} was not imported`}
        message={refusal ? `${refusal.fileName} has ${refusal.issues.length} problem${refusal.issues.length === 1 ? '' : 's'}, listed by row and column.` : ''}
        issues={refusal?.issues ?? []}
        onClose={() => setRefusal(null)}
      />
      <Dialog open={result !== null} onClose={() => setResult(null)} maxWidth="xs" fullWidth aria-labelledby="confirmation-result-title">
        <DialogTitle id="confirmation-result-title">{result?.fileName} imported</DialogTitle>
        <DialogContent dividers>
          {result && (
            <>
              <Table size="small" aria-label="Confirmation summary">
                <TableBody>
                  {(
                    [
                      ['Rows in the file', result.rows],
                      ['Marked Processed', result.processed],
                      ['Confirmed Paid', result.paid],
                      ['Already in that state', result.unchanged],
                    ] as const
                  ).map(([label, n]) => (
                    <TableRow key={label}>
                      <TableCell>{label}</TableCell>
                      <TableCell align="right">{n}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              {result.batchIds.length > 0 && (
                <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5 }}>
                  Batches: {result.batchIds.join(', ')}
                </Typography>
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
