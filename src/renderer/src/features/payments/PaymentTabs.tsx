import { Box, Stack, Tab, Tabs, Typography } from '@mui/material';
import { TABS, TAB_RULES, type Tab as TabName } from '../../../../shared/workflow/tabs';
import type { TabTotal } from '../../../../shared/api/contract/payments';
import { formatAmount } from './columns';

/**
 * The five tabs of seed 000, each with its count and amount for the selected period as filtered
 * and searched; the rule of the open tab beside them.
 */
export function PaymentTabs(props: {
  value: TabName;
  onChange: (tab: TabName) => void;
  counts: Partial<Record<TabName, number>> | undefined;
  totals?: Partial<Record<TabName, TabTotal>>;
}) {
  return (
    <Stack direction="row" sx={{ alignItems: 'center', gap: 2 }}>
      <Tabs value={props.value} onChange={(_e, v: TabName) => props.onChange(v)} aria-label="Payment tabs" sx={{ minHeight: 40 }}>
        {TABS.map((tab) => (
          <Tab
            key={tab}
            value={tab}
            data-testid={`tab-${tab}`}
            sx={{ minHeight: 40, textTransform: 'none', fontSize: '0.875rem' }}
            label={
              <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
                {tab}
                <Box
                  component="span"
                  data-testid={`tab-count-${tab}`}
                  sx={{ px: 0.9, py: 0.1, borderRadius: 8, fontSize: '0.75rem', fontWeight: 600, bgcolor: 'action.selected', minWidth: 24, textAlign: 'center' }}
                >
                  {props.counts?.[tab]?.toLocaleString('en-US') ?? '…'}
                </Box>
                {props.totals?.[tab] && (
                  <Box component="span" data-testid={`tab-amount-${tab}`} sx={{ fontSize: 12, color: 'text.secondary', fontVariantNumeric: 'tabular-nums' }}>
                    {formatAmount(props.totals[tab].amountCents)}
                  </Box>
                )}
              </Box>
            }
          />
        ))}
      </Tabs>
      <Typography variant="caption" color="text.secondary" sx={{ flex: 1, minWidth: 0, textAlign: 'right', lineHeight: 1.3 }} data-testid="tab-rule">
        {TAB_RULES[props.value].description}
      </Typography>
    </Stack>
  );
}
