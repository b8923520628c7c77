import { Alert, AlertTitle, Button } from '@mui/material';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import type { ProviderDetail } from '../../../../shared/api/contract/reference';
import { formatDateTime } from '../../../../shared/format';
import { useNotify } from '../../components/Notifier';
import { errorMessage } from '../../api/client';
import { useConfirmBankDetails } from './mutations';

/**
 * New bank details wait for a second user (vendor-impersonation guard): the provider's unexported
 * payments are on hold until someone other than the one who entered them confirms.
 */
export function BankChangeBanner({ provider }: { provider: ProviderDetail }) {
  const confirm = useConfirmBankDetails();
  const notify = useNotify();
  if (!provider.bankChangePending) return null;
  const when = provider.bankChangedAt ? formatDateTime(provider.bankChangedAt) : 'recently';
  return (
    <Alert
      severity="warning"
      data-testid="bank-change-banner"
      action={
        provider.canConfirmBankDetails && (
          <Button
            color="inherit"
            variant="outlined"
            size="small"
            startIcon={<VerifiedUserIcon />}
            disabled={confirm.isPending}
            sx={{ whiteSpace: 'nowrap', flexShrink: 0, alignSelf: 'center' }}
            onClick={() =>
              confirm.mutate(provider.id, {
                onSuccess: (r) =>
                  notify('success', `Bank details confirmed; ${r.releasedPaymentIds.length} payment${r.releasedPaymentIds.length === 1 ? '' : 's'} released from hold.`),
                onError: (err) => notify('error', errorMessage(err)),
              })
            }
          >
            Confirm new bank details
          </Button>
        )
      }
    >
      <AlertTitle>Bank details changed — verify</AlertTitle>
      {provider.bankChangedBy ?? 'A user'} changed the routing or account number on {when}. This provider&apos;s payments that are not yet
      exported are on Administrative Hold and left out of exports until a second user confirms the new details
      {provider.canConfirmBankDetails
        ? ' (call the provider on a number you already had to check them).'
        : ', who must be another user than the one who entered them.'}
    </Alert>
  );
}
