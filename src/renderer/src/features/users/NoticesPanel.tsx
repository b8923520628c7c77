import { Alert, Button, Stack } from '@mui/material';
import { errorMessage } from '../../api/client';
import { useNotify } from '../../components/Notifier';
import { useDismissNotice } from './mutations';
import { useNotices } from './queries';

/** The administrators' notices (e.g. an update took staff groups from a Provider-group user), until dismissed. */
export function NoticesPanel() {
  const notices = useNotices();
  const dismiss = useDismissNotice();
  const notify = useNotify();
  if (!notices.data?.length) return null;
  return (
    <Stack spacing={1} aria-label="Notices for administrators" component="section">
      {notices.data.map((n) => (
        <Alert
          key={n.id}
          severity="warning"
          data-testid="admin-notice"
          action={
            <Button color="inherit" size="small" disabled={dismiss.isPending}
              onClick={() => dismiss.mutate(n.id, { onError: (err) => notify('error', errorMessage(err)) })}>
              Dismiss
            </Button>
          }
        >
          {n.message}
        </Alert>
      ))}
    </Stack>
  );
}
