import { Alert, AlertTitle } from '@mui/material';

/**
 * Shown on every screen while the database is read-only (a damaged file, an audit trail that does
 * not verify): nothing can be authorized, imported or exported; reports still print.
 */
export function ReadOnlyBanner({ reason, isAdministrator }: { reason: string; isAdministrator: boolean }) {
  return (
    <Alert severity="error" variant="filled" role="alert" data-testid="read-only-banner" sx={{ mb: 1.5 }}>
      <AlertTitle>Read-only: nothing can be changed</AlertTitle>
      {reason} No action, import or export can be taken; reports still print.{' '}
      {isAdministrator ? 'Restore a backup in Settings > Backups.' : 'An administrator restores a backup (Settings > Backups).'}
    </Alert>
  );
}
