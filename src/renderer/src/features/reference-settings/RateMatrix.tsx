import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { AGE_GROUPS, DAY_KINDS, PROVIDER_TYPES, PROVIDER_TYPE_LABELS } from '../../../../shared/domain/words';
import { formatCents } from '../../../../shared/domain/money';
import { rateKey, type MaxRate } from '../../../../shared/reference/rates';
import { MoneyField } from '../../components/MoneyField';
import { AGE_GROUP_LABELS, DAY_KIND_LABELS } from '../../components/referenceLabels';

type Key = Omit<MaxRate, 'cents'>;

/** A rate table: age groups down, provider type × day kind across; read-only or with a field per cell. */
export function RateMatrix(props: {
  label: string;
  cents: (k: Key) => number | null;
  onChange?: (k: Key, cents: number | null) => void;
  errors?: Record<string, string>;
}) {
  return (
    <Table size="small" aria-label={props.label} sx={{ '& td, & th': { px: 1 } }}>
      <TableHead>
        <TableRow>
          <TableCell rowSpan={2}>Age group</TableCell>
          {PROVIDER_TYPES.map((t) => (
            <TableCell key={t} colSpan={2} align="center" sx={{ borderLeft: 1, borderColor: 'divider' }}>
              {PROVIDER_TYPE_LABELS[t]}
            </TableCell>
          ))}
        </TableRow>
        <TableRow>
          {PROVIDER_TYPES.flatMap((t) =>
            DAY_KINDS.map((d, i) => (
              <TableCell key={`${t}/${d}`} align="right" sx={i === 0 ? { borderLeft: 1, borderColor: 'divider' } : undefined}>
                {DAY_KIND_LABELS[d]}
              </TableCell>
            )),
          )}
        </TableRow>
      </TableHead>
      <TableBody>
        {AGE_GROUPS.map((ageGroup) => (
          <TableRow key={ageGroup}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{AGE_GROUP_LABELS[ageGroup]}</TableCell>
            {PROVIDER_TYPES.flatMap((providerType) =>
              DAY_KINDS.map((dayKind, i) => {
                const k = { providerType, ageGroup, dayKind };
                const value = props.cents(k);
                const border = i === 0 ? { borderLeft: 1, borderColor: 'divider' } : {};
                return (
                  <TableCell key={rateKey(k)} align="right" sx={border}>
                    {props.onChange ? (
                      <MoneyField
                        value={value}
                        onChange={(c) => props.onChange!(k, c)}
                        error={!!props.errors?.[rateKey(k)]}
                        sx={{ width: 108 }}
                        slotProps={{ htmlInput: { 'aria-label': `${PROVIDER_TYPE_LABELS[providerType]} ${AGE_GROUP_LABELS[ageGroup]} ${DAY_KIND_LABELS[dayKind]}` } }}
                      />
                    ) : value === null ? (
                      '—'
                    ) : (
                      formatCents(value)
                    )}
                  </TableCell>
                );
              }),
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
