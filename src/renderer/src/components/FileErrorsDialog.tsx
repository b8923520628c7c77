import {
  Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Table, TableBody, TableCell, TableContainer, TableHead, TableRow,
} from '@mui/material';
import type { ErrorIssue } from '../../../shared/api/errors';

/** Every error of a refused file with its row and field, so the user can fix the file. */
export function FileErrorsTable({ issues, maxHeight = 420 }: { issues: ErrorIssue[]; maxHeight?: number }) {
  return (
    <TableContainer sx={{ maxHeight }}>
      <Table size="small" stickyHeader aria-label="File errors">
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: 80 }}>Row</TableCell>
            <TableCell sx={{ width: 180 }}>Field</TableCell>
            <TableCell>Problem</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {issues.map((i, n) => (
            <TableRow key={n}>
              <TableCell>{i.row ?? ''}</TableCell>
              <TableCell>{i.field ?? (i.row === undefined ? i.path : '')}</TableCell>
              <TableCell>{i.message}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

/** A refused file: the core's message and every error with its row and field. */
export function FileErrorsDialog(props: { open: boolean; title: string; message: string; issues: ErrorIssue[]; onClose: () => void }) {
  return (
    <Dialog open={props.open} onClose={props.onClose} maxWidth="md" fullWidth aria-labelledby="file-errors-title">
      <DialogTitle id="file-errors-title">{props.title}</DialogTitle>
      <DialogContent dividers>
        <Alert severity="error" sx={{ mb: 2 }}>
          {props.message} Nothing was changed.
        </Alert>
        {props.issues.length > 0 && <FileErrorsTable issues={props.issues} />}
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={props.onClose} autoFocus>
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
