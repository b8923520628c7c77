import { useEffect, useState } from 'react';
import { InputAdornment, TextField, type TextFieldProps } from '@mui/material';
import { centsToDecimal, parseCents } from '../../../shared/domain/money';

/**
 * Dollars as typed ("25", "1,234.50"), cents out. The text stays as typed while it is being
 * edited; a value that is not an amount is shown as an error and reported as null.
 */
export function MoneyField(
  props: Omit<TextFieldProps, 'value' | 'onChange'> & { value: number | null; onChange: (cents: number | null) => void; allowNegative?: boolean },
) {
  const { value, onChange, allowNegative, error, helperText, slotProps, ...rest } = props;
  const [text, setText] = useState(value === null ? '' : centsToDecimal(value));
  useEffect(() => {
    // Follow a new value from outside (a reset or a loaded record), not our own echo.
    if (value !== (text.trim() === '' ? null : parseCents(text))) setText(value === null ? '' : centsToDecimal(value));
  }, [value]);
  const parsed = text.trim() === '' ? null : parseCents(text);
  const bad = text.trim() !== '' && (parsed === null || (!allowNegative && parsed < 0));
  return (
    <TextField
      {...rest}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const cents = e.target.value.trim() === '' ? null : parseCents(e.target.value);
        onChange(cents !== null && !allowNegative && cents < 0 ? null : cents);
      }}
      error={bad || error}
      helperText={bad ? (allowNegative ? 'an amount in dollars, like 25.00 or -25.00' : 'an amount in dollars, like 25.00') : helperText}
      slotProps={{
        ...slotProps,
        input: { startAdornment: <InputAdornment position="start">$</InputAdornment>, ...(slotProps?.input as object) },
        htmlInput: { inputMode: 'decimal', ...(slotProps?.htmlInput as object) },
      }}
    />
  );
}
