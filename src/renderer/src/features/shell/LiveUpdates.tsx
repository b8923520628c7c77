import { useEffect, useState } from 'react';
import { Alert, Chip, Tooltip } from '@mui/material';
import CloudDoneIcon from '@mui/icons-material/CloudDoneOutlined';
import CloudOffIcon from '@mui/icons-material/CloudOffOutlined';
import StorageIcon from '@mui/icons-material/StorageOutlined';
import { useQueryClient } from '@tanstack/react-query';
import { localDatabase, onConnectionChange, onDataChange, serverOrigin } from '../../api/client';

// Connected to a PayDesk server, the screens follow what other users commit: each change event
// (and a reconnection) refreshes the queries on screen, so a grid, its tab counts and an open
// Invoice Details show the new state within a second, without a reload. Events come in bursts
// (a bulk action, an import): they are gathered for a moment and refreshed once.

const GATHER_MS = 150;

/** Refreshes what is on screen when others change data; says whether the server is reachable. */
export function useLiveUpdates(): 'online' | 'offline' {
  const client = useQueryClient();
  const [state, setState] = useState<'online' | 'offline'>('online');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = null;
        void client.invalidateQueries({ refetchType: 'active' });
      }, GATHER_MS);
    };
    const offChange = onDataChange(refresh);
    const offConnection = onConnectionChange((next) => {
      setState(next);
      if (next === 'online') refresh();
    });
    return () => {
      offChange();
      offConnection();
      if (timer) clearTimeout(timer);
    };
  }, [client]);
  return state;
}

const onBar = { bgcolor: 'rgba(255,255,255,0.18)', color: 'inherit', '& .MuiChip-icon': { color: 'inherit' } };

/**
 * The app bar's "where": the server's address, and whether it answers; on the desktop with a
 * local file, the file's name (its path in the tooltip). Nothing in the browser preview.
 */
export function ConnectionChip({ state }: { state: 'online' | 'offline' }) {
  const origin = serverOrigin();
  const local = localDatabase();
  if (!origin && local) {
    return (
      <Tooltip title={`Database on this computer: ${local.file} (File > Open… to change)`}>
        <Chip size="small" data-testid="database-file" icon={<StorageIcon />} label={local.name} sx={onBar} />
      </Tooltip>
    );
  }
  if (!origin) return null;
  const host = origin.replace(/^https:\/\//, '');
  return (
    <Tooltip title={state === 'online' ? `Connected to the PayDesk server at ${origin}` : `The PayDesk server at ${origin} does not answer: retrying`}>
      <Chip
        size="small"
        data-testid="connection"
        icon={state === 'online' ? <CloudDoneIcon /> : <CloudOffIcon />}
        label={state === 'online' ? host : `${host}: reconnecting…`}
        color={state === 'online' ? 'default' : 'warning'}
        sx={state === 'online' ? onBar : undefined}
      />
    </Tooltip>
  );
}

/** Under the app bar while the server is unreachable: what the user sees may be out of date. */
export function ConnectionLostBanner({ state }: { state: 'online' | 'offline' }) {
  if (state === 'online' || !serverOrigin()) return null;
  return (
    <Alert severity="warning" data-testid="connection-lost" sx={{ mb: 2 }}>
      The connection to the PayDesk server was lost. PayDesk keeps trying; what you see may be out of date until it is back, and
      nothing you do now is saved.
    </Alert>
  );
}
