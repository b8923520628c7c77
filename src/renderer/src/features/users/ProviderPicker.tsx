import { useState } from 'react';
import { Autocomplete, TextField } from '@mui/material';
import { useProviderSearch } from './queries';

export interface PickedProvider {
  id: number;
  name: string;
  licenseNumber: string;
}

/** Finds a provider by name or license (the core searches). */
export function ProviderPicker(props: { value: PickedProvider | null; onChange: (p: PickedProvider | null) => void; error?: string }) {
  const [input, setInput] = useState('');
  const found = useProviderSearch(input.trim());
  const options: PickedProvider[] = (found.data?.rows ?? []).map((r) => ({ id: r.id, name: r.name, licenseNumber: r.licenseNumber }));
  return (
    <Autocomplete
      value={props.value}
      onChange={(_e, v) => props.onChange(v)}
      inputValue={input}
      onInputChange={(_e, v) => setInput(v)}
      options={props.value && !options.some((o) => o.id === props.value!.id) ? [props.value, ...options] : options}
      filterOptions={(o) => o}
      getOptionLabel={(o) => `${o.name} (${o.licenseNumber})`}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      loading={found.isFetching}
      renderInput={(params) => (
        <TextField {...params} label="Provider" required error={!!props.error} helperText={props.error ?? 'A Provider-group user sees only this provider’s items.'} />
      )}
    />
  );
}
