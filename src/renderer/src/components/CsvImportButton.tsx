import { Alert } from '@mui/material';
import type { ImportResult } from '../../../shared/api/contract/reference';
import { ImportFileButton } from './ImportFileButton';

/** Imports a reference-data CSV (providers, children, authorizations); bank changes are called out. */
export function CsvImportButton(props: {
  label: string;
  kind: ImportResult['kind'];
  testId: string;
  run: (fileName: string, content: string) => Promise<ImportResult>;
}) {
  return (
    <ImportFileButton<ImportResult>
      label={props.label}
      testId={props.testId}
      run={props.run}
      progressTask={`import-${props.kind}`}
      summarize={(result) => ({
        counts: [
          ['Rows in the file', result.rows],
          ['Created', result.created],
          ['Updated', result.updated],
          ['Unchanged', result.unchanged],
        ],
        note: result.bankChanges.length > 0 && (
          <Alert severity="warning" sx={{ mt: 2 }}>
            Bank details changed for {result.bankChanges.map((b) => b.licenseNumber).join(', ')}. Their unexported payments (
            {result.bankChanges.reduce((n, b) => n + b.heldPaymentIds.length, 0)}) are on hold until a second user confirms the new details.
          </Alert>
        ),
      })}
    />
  );
}
