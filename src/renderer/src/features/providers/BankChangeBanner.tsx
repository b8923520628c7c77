import { useState } from 'react';
import {
  Alert, AlertTitle, Box, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Table, TableBody, TableCell, TableRow,
} from '@mui/material';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import VisibilityIcon from '@mui/icons-material/Visibility';
import type { ProviderDetail } from '../../../../shared/api/contract/reference';
import { formatCountOf, formatDateTime } from '../../../../shared/format';
import { useNotify } from '../../components/Notifier';
import { errorMessage } from '../../api/client';
import { useConfirmBankDetails, useViewBankDetails } from './mutations';

/** "123456789" -> "123 456 789": digits in groups of three, easier to read back on the phone. */
export const spaced = (digits: string | null): string => (digits ?? '—').replace(/(\d{3})(?=\d)/g, '$1 ');

/**
 * New bank details wait for a second user (vendor-impersonation guard): the provider's unexported
 * payments are on hold until someone other than the one who entered them confirms. The confirmer
 * first reads the new routing and account numbers in full ("Show new bank details", an audit event
 * of the viewing) to check them with the provider; the core refuses a confirmation without it.
 */
export function BankChangeBanner({ provider }: { provider: ProviderDetail }) {
  const view = useViewBankDetails();
  const confirm = useConfirmBankDetails();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  if (!provider.bankChangePending) return null;
  const when = provider.bankChangedAt ? formatDateTime(provider.bankChangedAt) : 'recently';
  const shown = view.data;
  return (
    <>
      <Alert
        severity="warning"
        data-testid="bank-change-banner"
        action={
          provider.canConfirmBankDetails && (
            <Button
              color="inherit"
              variant="outlined"
              size="small"
              startIcon={<VisibilityIcon />}
              disabled={view.isPending}
              sx={{ whiteSpace: 'nowrap', flexShrink: 0, alignSelf: 'center' }}
              onClick={() =>
                view.mutate(provider.id, {
                  onSuccess: () => setOpen(true),
                  onError: (err) => notify('error', errorMessage(err)),
                })
              }
            >
              Show new bank details
            </Button>
          )
        }
      >
        <AlertTitle>Bank details changed — verify</AlertTitle>
        {provider.bankChangedBy ?? 'A user'} changed the routing or account number on {when}. This provider&apos;s payments that are not yet
        exported are on Administrative Hold and left out of exports until a second user confirms the new details
        {provider.canConfirmBankDetails
          ? ': show them in full, call the provider on a number you already had, and check them digit by digit.'
          : ', who must be another user than the one who entered them.'}
      </Alert>
      <Dialog open={open && !!shown} onClose={() => setOpen(false)} maxWidth="sm" fullWidth aria-labelledby="bank-view-title">
        <DialogTitle id="bank-view-title">New bank details of {provider.name}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            Entered by {shown?.changedBy ?? 'a user'} on {formatDateTime(shown?.changedAt)}. Call the provider on a number you already had (not one
            from the change request) and have them read these numbers to you. Your viewing is recorded in the audit trail.
          </DialogContentText>
          <Table size="small" aria-label="New bank details">
            <TableBody>
              <TableRow>
                <TableCell component="th" scope="row">Routing number</TableCell>
                <TableCell>
                  <Box component="span" sx={{ fontFamily: 'monospace', fontSize: '1.25rem', letterSpacing: '0.05em' }} data-testid="bank-view-routing">
                    {spaced(shown?.routingNumber ?? null)}
                  </Box>
                </TableCell>
              </TableRow>
              <TableRow>
                <TableCell component="th" scope="row">Account number</TableCell>
                <TableCell>
                  <Box component="span" sx={{ fontFamily: 'monospace', fontSize: '1.25rem', letterSpacing: '0.05em' }} data-testid="bank-view-account">
                    {spaced(shown?.accountNumber ?? null)}
                  </Box>
                </TableCell>
              </TableRow>
              <TableRow>
                <TableCell component="th" scope="row">Account</TableCell>
                <TableCell>
                  {shown?.accountType ?? '—'}, {shown?.accountHolder ?? '—'}
                </TableCell>
              </TableRow>
            </TableBody>
          </Table>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Not now</Button>
          <Button
            variant="contained"
            startIcon={<VerifiedUserIcon />}
            disabled={confirm.isPending}
            onClick={() =>
              confirm.mutate(provider.id, {
                onSuccess: (r) => {
                  setOpen(false);
                  notify('success', `Bank details confirmed; ${formatCountOf(r.releasedPaymentIds.length, 'payment')} released from hold.`);
                },
                onError: (err) => notify('error', errorMessage(err)),
              })
            }
          >
            The provider read these numbers to me: confirm
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
