import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Box, Button, FormControlLabel, Paper, Stack, Switch, TextField, Typography } from '@mui/material';
import { qaSettingsSave, type QaSettings, type QaSettingsSave } from '../../../../shared/api/contract/qa';
import { formatDate } from '../../../../shared/format';
import { call, errorMessage } from '../../api/client';
import { useNotify } from '../../components/Notifier';
import { localToday } from '../../components/referenceLabels';

// Settings > Calculation: the QA sample (issue #16; docs/qa-sample.md). A share of each period's
// calculated payments is drawn for a second Approver's check before Authorize; a new provider's
// first payment may always be drawn. Both start on a date: a period is drawn with the values in
// effect on its first day.

const KEY = ['qa-settings'] as const;
const DEFAULT_FROM = '1900-01-01';
const since = (d: string) => (d === DEFAULT_FROM ? 'default' : `since ${formatDate(d)}`);

export function QaSamplePanel({ canEdit }: { canEdit: boolean }) {
  const settings = useQuery({ queryKey: KEY, queryFn: () => call('qa-settings-get', {}) });
  const client = useQueryClient();
  const notify = useNotify();
  const save = useMutation({
    mutationFn: async (saves: QaSettingsSave[]) => {
      let last: QaSettings | null = null;
      for (const s of saves) last = await call('qa-settings-save', s);
      return last;
    },
    onSuccess: () => client.invalidateQueries({ queryKey: KEY }),
  });
  const s = settings.data;
  const [percent, setPercent] = useState('0');
  const [firstPayment, setFirstPayment] = useState(false);
  const [from, setFrom] = useState(localToday());
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!s) return;
    setPercent(String(s.samplePercent.value));
    setFirstPayment(s.alwaysSampleFirstPayment.value);
  }, [s]);

  const submit = () => {
    if (!s) return;
    const saves: QaSettingsSave[] = [];
    const value = /^\s*\d+(\.\d+)?\s*$/.test(percent) ? Number(percent) : NaN;
    if (value !== s.samplePercent.value) saves.push({ key: 'qa.samplePercent', value, effectiveFrom: from });
    if (firstPayment !== s.alwaysSampleFirstPayment.value) saves.push({ key: 'qa.alwaysSampleFirstPayment', value: firstPayment, effectiveFrom: from });
    if (saves.length === 0) return setError('Nothing changed.');
    for (const one of saves) {
      const parsed = qaSettingsSave.safeParse(one);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        if (issue.path.includes('effectiveFrom')) return setError(`Effective from: ${issue.message}`);
        return setError(`Share of payments sampled: ${Number.isNaN(value) ? 'must be a whole percent from 0 to 100' : issue.message}`);
      }
    }
    setError(null);
    save.mutate(saves, {
      onSuccess: () => notify('success', `QA sample settings saved from ${formatDate(from)}.`),
      onError: (err) => setError(errorMessage(err)),
    });
  };

  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 3 }} component="section" aria-labelledby="qa-sample-title">
      <Typography id="qa-sample-title" variant="h6" component="h2" sx={{ fontSize: '1rem', fontWeight: 600 }}>
        QA sample
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
        A share of each period&apos;s calculated payments is drawn at random (from a seed recorded with the period, so an auditor can draw it again) and shows
        &ldquo;QA sample&rdquo;: a second Approver, not the one who calculated it, marks it QA checked before it can be authorized.
      </Typography>
      {settings.isError && <Alert severity="error">{errorMessage(settings.error)}</Alert>}
      {s && (
        <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, my: 1, '& dt': { color: 'text.secondary' }, '& dd': { m: 0 } }} aria-label="QA sample in force today">
          <dt>Share sampled</dt>
          <dd>
            <strong>{s.samplePercent.value === 0 ? 'Off (0%)' : `${s.samplePercent.value}% of calculated payments`}</strong> ({since(s.samplePercent.effectiveFrom)})
            {s.samplePercent.history.length > 1 &&
              ` · ${s.samplePercent.history.map((h) => `${h.value}% ${h.effectiveFrom === DEFAULT_FROM ? '(default)' : `from ${formatDate(h.effectiveFrom)}${h.effectiveFrom > localToday() ? ' (scheduled)' : ''}`}`).join(' · ')}`}
          </dd>
          <dt>First payment</dt>
          <dd>
            {s.alwaysSampleFirstPayment.value ? 'A new provider\u2019s first payment is always sampled' : 'Sampled like the others'} ({since(s.alwaysSampleFirstPayment.effectiveFrom)})
          </dd>
        </Box>
      )}
      {canEdit && s && (
        <Stack spacing={2} sx={{ mt: 2, maxWidth: 640 }}>
          {error && <Alert severity="error">{error}</Alert>}
          <TextField
            label="Share of payments sampled (%)"
            value={percent}
            onChange={(e) => setPercent(e.target.value)}
            helperText="Whole percent from 0 (off) to 100; CareControl 4 agencies use about 20"
            slotProps={{ htmlInput: { inputMode: 'numeric' } }}
          />
          <FormControlLabel
            control={<Switch checked={firstPayment} onChange={(e) => setFirstPayment(e.target.checked)} />}
            label="Always sample a new provider's first payment"
          />
          <TextField
            label="QA sample effective from"
            type="date"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            helperText="Service periods starting on or after this date are drawn with the new values"
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <Box>
            <Button variant="contained" onClick={submit} disabled={save.isPending}>
              Save QA sample
            </Button>
          </Box>
        </Stack>
      )}
    </Paper>
  );
}
