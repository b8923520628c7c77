import { Typography } from '@mui/material';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import type { HandlerResult } from '../../../../shared/api/contract';
import { ImportFileButton } from '../../components/ImportFileButton';
import { useImportConfirmation } from './mutations';

type Result = HandlerResult<'export-import-confirmation'>;

/**
 * A third-party payor's confirmation file (payment_id, status Processed or Paid, date): all or
 * nothing; a refused file lists every error by row and column.
 */
export function ConfirmationImport() {
  const importFile = useImportConfirmation();
  return (
    <ImportFileButton<Result>
      label="Import confirmation"
      testId="import-confirmation-file"
      icon={<FactCheckIcon />}
      run={(fileName, content) => importFile.mutateAsync({ fileName, content })}
      summarize={(result) => ({
        counts: [
          ['Rows in the file', result.rows],
          ['Marked Processed', result.processed],
          ['Confirmed Paid', result.paid],
          ['Already in that state', result.unchanged],
        ],
        note: result.batchIds.length > 0 && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5 }}>
            Batches: {result.batchIds.join(', ')}
          </Typography>
        ),
      })}
    />
  );
}
