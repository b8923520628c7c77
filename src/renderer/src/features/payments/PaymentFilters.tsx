import { memo } from 'react';
import { Button, Checkbox, ListItemText, MenuItem, Stack, TextField } from '@mui/material';
import { ITEM_KINDS, PAYMENT_STATUSES, SUB_STATUSES, type PaymentStatus, type SubStatus } from '../../../../shared/domain/words';
import { KIND_LABELS } from './columns';
import type { PaymentFilters as Filters } from './queries';

/** Status filters (the way to find Hold and Denied under All); the core runs them. */
// Memoized: a tab switch re-renders the page, and the filters do not depend on the tab.
export const PaymentFilters = memo(function PaymentFilters({ value, onChange }: { value: Filters; onChange: (f: Filters) => void }) {
  const payment = value.paymentStatus ?? [];
  const sub = value.subStatus ?? [];
  const active = payment.length > 0 || sub.length > 0 || !!value.kind;
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
      <TextField
        select
        label="Payment status"
        value={payment}
        onChange={(e) => onChange({ ...value, paymentStatus: e.target.value as unknown as PaymentStatus[] })}
        sx={{ width: 150 }}
        slotProps={{ select: { multiple: true, renderValue: (v) => (v as string[]).join(', ') }, htmlInput: { 'data-testid': 'filter-payment-status' } }}
      >
        {PAYMENT_STATUSES.map((s) => (
          <MenuItem key={s} value={s} dense>
            <Checkbox size="small" checked={payment.includes(s)} sx={{ p: 0.5, mr: 1 }} />
            <ListItemText primary={s} />
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label="Sub-status"
        value={sub}
        onChange={(e) => onChange({ ...value, subStatus: e.target.value as unknown as SubStatus[] })}
        sx={{ width: 150 }}
        slotProps={{ select: { multiple: true, renderValue: (v) => (v as string[]).join(', ') } }}
      >
        {SUB_STATUSES.map((s) => (
          <MenuItem key={s} value={s} dense>
            <Checkbox size="small" checked={sub.includes(s)} sx={{ p: 0.5, mr: 1 }} />
            <ListItemText primary={s} />
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        label="Kind"
        value={value.kind ?? ''}
        onChange={(e) => onChange({ ...value, kind: (e.target.value || undefined) as Filters['kind'] })}
        sx={{ width: 115 }}
      >
        <MenuItem value="">Any</MenuItem>
        {ITEM_KINDS.map((k) => (
          <MenuItem key={k} value={k}>
            {KIND_LABELS[k]}
          </MenuItem>
        ))}
      </TextField>
      {active && (
        <Button size="small" onClick={() => onChange({})}>
          Clear
        </Button>
      )}
    </Stack>
  );
});
