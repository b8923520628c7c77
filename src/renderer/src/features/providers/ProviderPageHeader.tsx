import { Box, Button, Stack } from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { navigate } from '../../router';
import { PageTitle } from '../shell/AppShell';

/**
 * The head of a provider's own pages (payments, ledger): back to the provider for staff, the page's
 * title, and a button to the other page.
 */
export function ProviderPageHeader(props: { id: number; staff: boolean; title: string; subtitle: string; other: { label: string; page: 'payments' | 'ledger' } }) {
  const { id, staff, title, subtitle, other } = props;
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
      {staff && (
        <Button startIcon={<ArrowBackIcon />} onClick={() => navigate('providers', id)} sx={{ mt: 0.5 }}>
          Provider
        </Button>
      )}
      <Box sx={{ flex: 1 }}>
        <PageTitle title={title} subtitle={subtitle} />
      </Box>
      <Button variant="outlined" onClick={() => navigate('providers', id, other.page)} sx={{ mt: 0.5 }}>
        {other.label}
      </Button>
    </Stack>
  );
}
