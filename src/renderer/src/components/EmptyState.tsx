import type { ReactNode } from 'react';
import { Box, Typography } from '@mui/material';

/** Says what is missing and what to do next, instead of an empty grid. */
export function EmptyState({ title, hint, action }: { title: string; hint?: string; action?: ReactNode }) {
  return (
    <Box sx={{ py: 6, textAlign: 'center' }} data-testid="empty-state">
      <Typography variant="h6" color="text.secondary">
        {title}
      </Typography>
      {hint && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {hint}
        </Typography>
      )}
      {action && <Box sx={{ mt: 2 }}>{action}</Box>}
    </Box>
  );
}
