import { useEffect } from 'react';
import { IconButton, Stack, Tooltip, Typography } from '@mui/material';
import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import { navigate } from '../../../router';
import { useNeighbours } from '../queries';
import { viewArgs, viewToQuery, type ListView } from '../view';

/** A key typed into a field is the field's; a shortcut is a bare key anywhere else. */
function typing(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  return !!t && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName) || !!t.closest('[role="dialog"], [role="menu"], [role="listbox"]'));
}

/**
 * Invoice Details' previous and next along the list's view (its tab, search, filters and sort, as
 * the address carries them): "3 of 120 in Authorized". Keys: J next, K previous.
 */
export function ViewNavigation({ paymentId, periodId, view }: { paymentId: number; periodId: number; view: ListView }) {
  const near = useNeighbours({ ...viewArgs(view), periodId, paymentId });
  const n = near.data;
  const go = (id: number | null | undefined) => {
    if (id) navigate('payments', id, viewToQuery(view));
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || typing(e)) return;
      if (e.key === 'j' && n?.nextId) {
        e.preventDefault();
        go(n.nextId);
      } else if (e.key === 'k' && n?.previousId) {
        e.preventDefault();
        go(n.previousId);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  const where = view.search || view.paymentStatus.length || view.subStatus.length || view.kind ? `${view.tab} (as filtered)` : view.tab;
  return (
    <Stack direction="row" sx={{ alignItems: 'center' }} data-testid="view-navigation">
      <Tooltip title="Previous item (K)">
        <span>
          <IconButton size="small" aria-label="Previous item" aria-keyshortcuts="K" disabled={!n?.previousId} onClick={() => go(n?.previousId)}>
            <ChevronLeftIcon />
          </IconButton>
        </span>
      </Tooltip>
      <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'nowrap', minWidth: 90, textAlign: 'center' }} data-testid="view-position">
        {!n ? '…' : n.position === null ? `Not in ${where}` : `${n.position.toLocaleString('en-US')} of ${n.total.toLocaleString('en-US')}`}
      </Typography>
      <Tooltip title={n?.position === null && n.nextId ? `First item of ${where} (J)` : 'Next item (J)'}>
        <span>
          <IconButton size="small" aria-label="Next item" aria-keyshortcuts="J" disabled={!n?.nextId} onClick={() => go(n?.nextId)}>
            <ChevronRightIcon />
          </IconButton>
        </span>
      </Tooltip>
    </Stack>
  );
}
