import { useEffect, useState } from 'react';
import { Autocomplete, TextField } from '@mui/material';
import { useProviderChoices } from './queries';

export interface ProviderChoice {
  id: number;
  name: string;
  licenseNumber: string;
}

/** Picks a provider by name or license number; the search runs in the core. */
export function ProviderPicker(props: { value: ProviderChoice | null; onChange: (p: ProviderChoice | null) => void; error?: string; disabled?: boolean }) {
  const [input, setInput] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const t = window.setTimeout(() => setSearch(input.trim()), 200);
    return () => window.clearTimeout(t);
  }, [input]);
  const choices = useProviderChoices(search);
  const options: ProviderChoice[] = (choices.data?.rows ?? []).map((r) => ({ id: r.id, name: r.name, licenseNumber: r.licenseNumber }));
  if (props.value && !options.some((o) => o.id === props.value!.id)) options.unshift(props.value);
  return (
    <Autocomplete
      value={props.value}
      onChange={(_e, v) => props.onChange(v)}
      inputValue={input}
      onInputChange={(_e, v) => setInput(v)}
      options={options}
      filterOptions={(o) => o}
      loading={choices.isFetching}
      disabled={props.disabled}
      isOptionEqualToValue={(a, b) => a.id === b.id}
      getOptionLabel={(o) => `${o.name} (${o.licenseNumber})`}
      renderInput={(params) => <TextField {...params} label="Provider" required error={!!props.error} helperText={props.error ?? 'Type a name or license number'} />}
    />
  );
}
