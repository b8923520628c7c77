import { TextField, type TextFieldProps } from '@mui/material';
import { routingProblem } from '../../../shared/domain/routing';

/** The first problem of a routing number as typed: digits only, nine of them, and the check digit. */
export function routingFieldProblem(value: string): string | null {
  const v = value.trim();
  if (v === '') return null;
  if (/\D/.test(v)) return 'digits only';
  if (v.length < 9) return `${9 - v.length} more digit${v.length === 8 ? '' : 's'} (a routing number has 9)`;
  return routingProblem(v);
}

/**
 * An ABA routing number field, checked by its check digit on every keystroke, so a mistyped
 * number is refused on the field before the form is saved.
 */
export function RoutingField(
  props: Omit<TextFieldProps, 'value' | 'onChange'> & { value: string; onChange: (value: string) => void; serverError?: string },
) {
  const { value, onChange, serverError, helperText, slotProps, ...rest } = props;
  const problem = routingFieldProblem(value) ?? serverError ?? null;
  const valid = value.trim().length === 9 && !problem;
  return (
    <TextField
      {...rest}
      value={value}
      onChange={(e) => onChange(e.target.value.replace(/\s/g, ''))}
      error={!!problem}
      helperText={problem ?? (valid ? 'Check digit OK' : helperText)}
      slotProps={{ ...slotProps, htmlInput: { inputMode: 'numeric', maxLength: 9, autoComplete: 'off', ...(slotProps?.htmlInput as object) } }}
    />
  );
}
