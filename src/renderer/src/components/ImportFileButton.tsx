import { useState, type ReactNode } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Table, TableBody, TableCell, TableRow } from '@mui/material';
import { AppError, type ErrorIssue } from '../../../shared/api/errors';
import { errorMessage } from '../api/client';
import { FileImportButton } from './FileImportButton';
import { FileErrorsDialog } from './FileErrorsDialog';
import { ProgressDialog } from './ProgressDialog';
import { useNotify } from './Notifier';

export interface ImportSummary {
  /** Counted lines of the summary, e.g. ['Created', 3]. */
  counts: ReadonlyArray<readonly [label: string, n: number]>;
  note?: ReactNode;
}

/**
 * Every all-or-nothing file import looks the same: pick a file, progress while the core works,
 * every error by row and column when the file is refused (nothing changed), and a summary of
 * what changed when it is taken.
 */
export function ImportFileButton<R extends { fileName: string }>(props: {
  label: string;
  testId: string;
  run: (fileName: string, content: string) => Promise<R>;
  summarize: (result: R) => ImportSummary;
  accept?: string;
  icon?: ReactNode;
  /** The core's progress task name, for done/total in the progress dialog while it works. */
  progressTask?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ fileName: string; issues: ErrorIssue[] } | null>(null);
  const [result, setResult] = useState<R | null>(null);
  const notify = useNotify();

  const onFile = async (fileName: string, content: string) => {
    setBusy(true);
    try {
      setResult(await props.run(fileName, content));
    } catch (err) {
      const e = AppError.from(err);
      if (e.issues?.length) setRefusal({ fileName, issues: e.issues });
      else notify('error', errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const summary = result ? props.summarize(result) : null;

  return (
    <>
      <FileImportButton label={props.label} accept={props.accept ?? '.csv,text/csv'} testId={props.testId} icon={props.icon} busy={busy} onFile={onFile} />
      <ProgressDialog open={busy} title={props.label} task={props.progressTask} />
      <FileErrorsDialog
        open={refusal !== null}
        title={`${refusal?.fileName ?? ''} was not imported`}
        message={refusal ? `${refusal.fileName} has ${refusal.issues.length} problem${refusal.issues.length === 1 ? '' : 's'}, listed by row and column.` : ''}
        issues={refusal?.issues ?? []}
        onClose={() => setRefusal(null)}
      />
      <Dialog open={result !== null} onClose={() => setResult(null)} maxWidth="xs" fullWidth aria-labelledby={`${props.testId}-result-title`}>
        <DialogTitle id={`${props.testId}-result-title`}>{result?.fileName} imported</DialogTitle>
        <DialogContent dividers>
          {summary && (
            <>
              <Table size="small" aria-label="Import summary">
                <TableBody>
                  {summary.counts.map(([label, n]) => (
                    <TableRow key={label}>
                      <TableCell>{label}</TableCell>
                      <TableCell align="right">{n}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              {summary.note}
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
