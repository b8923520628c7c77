import { MenuItem, TextField } from '@mui/material';
import { usePeriod } from './PeriodContext';
import { formatDate } from '../../../../shared/format';

export function PeriodSelector() {
  const { periods, period, setPeriodId } = usePeriod();
  return (
    <TextField
      select
      label="Service period"
      value={period?.id ?? ''}
      onChange={(e) => setPeriodId(Number(e.target.value))}
      sx={{ minWidth: 220, '& .MuiInputBase-root': { bgcolor: 'background.paper' } }}
      slotProps={{ htmlInput: { 'data-testid': 'period-select' } }}
    >
      {periods.map((p) => (
        <MenuItem key={p.id} value={p.id}>
          {p.label} ({formatDate(p.startDate)} – {formatDate(p.endDate)})
        </MenuItem>
      ))}
    </TextField>
  );
}
