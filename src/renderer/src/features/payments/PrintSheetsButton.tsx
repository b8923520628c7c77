import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import PrintIcon from '@mui/icons-material/Print';
import type { SheetsPrintResult } from '../../../../shared/api/contract/sheets';
import { downloadBase64, downloadText } from '../../components/download';
import { ProgressDialog } from '../../components/ProgressDialog';
import { useNotify } from '../../components/Notifier';
import { errorMessage } from '../../api/client';
import { usePrintSheets } from './mutations';

// Printed attendance sheets (docs/attendance-sheets.md): the period's sheets of every provider on
// paper in one PDF, or one provider's from its Invoice Details. The core renders them and marks
// each sheet printed; the PDF is saved to print (a save dialog in the desktop app), and the
// dialog offers the CSV template to key the filled-in sheets back with Import paper attendance.

export function PrintSheetsButton(props: { periodId: number; periodLabel: string; provider?: { id: number; name: string }; variant?: 'outlined' | 'text' }) {
  const print = usePrintSheets();
  const notify = useNotify();
  const [result, setResult] = useState<SheetsPrintResult | null>(null);
  const label = props.provider ? 'Print attendance sheet' : 'Print attendance sheets';
  const run = () =>
    print.mutateAsync({ periodId: props.periodId, ...(props.provider ? { providerId: props.provider.id } : {}) }).then(
      (r) => {
        downloadBase64(r.fileName, r.pdfBase64);
        setResult(r);
        notify('success', r.message);
      },
      (err: unknown) => notify('error', errorMessage(err)),
    );
  return (
    <>
      <Button variant={props.variant ?? 'outlined'} startIcon={<PrintIcon />} onClick={() => void run()} disabled={print.isPending} data-testid="print-sheets">
        {label}
      </Button>
      <ProgressDialog open={print.isPending} title={props.provider ? `Printing the attendance sheet of ${props.provider.name}` : `Printing the attendance sheets of ${props.periodLabel}`} />
      <Dialog open={result !== null} onClose={() => setResult(null)} aria-labelledby="sheets-printed-title" maxWidth="md" fullWidth>
        {result && (
          <>
            <DialogTitle id="sheets-printed-title">{props.provider ? 'Attendance sheet printed' : 'Attendance sheets printed'}</DialogTitle>
            <DialogContent>
              <Typography variant="body2" sx={{ mb: 1.5 }}>
                {result.message} The PDF {result.fileName} was saved: print it and send each provider its sheet. Filled-in sheets are keyed into
                the CSV template and imported with Import paper attendance.
              </Typography>
              <Table size="small" aria-label="Sheets printed">
                <TableHead>
                  <TableRow>
                    <TableCell>Provider</TableCell>
                    <TableCell>License number</TableCell>
                    <TableCell align="right">Children</TableCell>
                    <TableCell align="right">Pages</TableCell>
                    <TableCell align="right">Times printed</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {result.sheets.map((s) => (
                    <TableRow key={s.paymentId}>
                      <TableCell>{s.providerName}</TableCell>
                      <TableCell>{s.licenseNumber}</TableCell>
                      <TableCell align="right">{s.children}</TableCell>
                      <TableCell align="right">{s.pages}</TableCell>
                      <TableCell align="right">{s.printed.printCount}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </DialogContent>
            <DialogActions>
              <Button onClick={() => downloadText(result.template.fileName, result.template.content)} data-testid="sheets-template">
                Save the CSV template
              </Button>
              <Button onClick={() => downloadBase64(result.fileName, result.pdfBase64)}>Save the PDF again</Button>
              <Button variant="contained" onClick={() => setResult(null)} autoFocus>
                Close
              </Button>
            </DialogActions>
          </>
        )}
      </Dialog>
    </>
  );
}
