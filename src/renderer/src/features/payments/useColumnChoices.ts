import { useCallback, useMemo, useRef, useState } from 'react';
import type { GridColumnVisibilityModel } from '@mui/x-data-grid';
import type { Tab } from '../../../../shared/workflow/tabs';
import { defaultColumnVisibility, paymentGridColumns, WIDE_WINDOW } from './columns';

const COLUMNS_KEY = 'paydesk.paymentsColumns';

/** The columns the user showed or hid in the columns menu, over the defaults; kept on this computer. */
export function useColumnChoices(tab: Tab) {
  const [choices, setChoices] = useState<GridColumnVisibilityModel>(() => {
    try {
      return JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? '{}') as GridColumnVisibilityModel;
    } catch {
      return {};
    }
  });
  const [wide] = useState(() => window.innerWidth >= WIDE_WINDOW);
  // The same object while its content is the same (most tabs show the same columns): a new model
  // makes the grid rebuild its column state on every tab switch.
  const last = useRef<GridColumnVisibilityModel>({});
  const model = useMemo(() => {
    const next = { ...defaultColumnVisibility(tab, wide), ...choices };
    const same = Object.keys(next).length === Object.keys(last.current).length && Object.keys(next).every((k) => next[k] === last.current[k]);
    if (!same) last.current = next;
    return last.current;
  }, [choices, tab, wide]);
  const onChange = useCallback(
    (next: GridColumnVisibilityModel) => {
      // Only what the user changed now is recorded, and forgotten when back to the default (a
      // column missing from a model is shown).
      const defaults = defaultColumnVisibility(tab, wide);
      const mine = { ...choices };
      for (const { field } of paymentGridColumns) {
        const shown = next[field] ?? true;
        if (shown === (model[field] ?? true)) continue;
        if (shown === (defaults[field] ?? true)) delete mine[field];
        else mine[field] = shown;
      }
      localStorage.setItem(COLUMNS_KEY, JSON.stringify(mine));
      setChoices(mine);
    },
    [choices, model, tab, wide],
  );
  return [model, onChange] as const;
}
