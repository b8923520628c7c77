import type { ReactNode } from 'react';
import { Box, Paper, Stack, Typography } from '@mui/material';

/** The heading, explanation and actions of one reference-settings section. */
export function SectionFrame(props: { title: string; hint: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start', mb: 2 }}>
        <Box sx={{ flex: 1 }}>
          <Typography variant="h6" component="h2">
            {props.title}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {props.hint}
          </Typography>
        </Box>
        {props.actions}
      </Stack>
      {props.children}
    </Paper>
  );
}
