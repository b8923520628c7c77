import { useState } from 'react';
import {
  Alert, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, Stack, Switch, Tab, Table, TableBody, TableCell, TableHead, TableRow, Tabs, TextField,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import type { Reason } from '../../../../shared/api/contract/reference';
import { REASON_KINDS, reasonInput, type ReasonKind } from '../../../../shared/reference/settings';
import { formErrorsOf, zodFieldErrors, type FieldErrors } from '../../components/fieldErrors';
import { useNotify } from '../../components/Notifier';
import { errorMessage } from '../../api/client';
import { useReasons } from './queries';
import { useSaveReason } from './mutations';
import { SectionFrame } from './SectionFrame';

const KIND_LABELS: Record<ReasonKind, string> = { hold: 'Holds', corrections: 'Corrections', deny: 'Denials', return: 'Returns' };

/** The reasons offered in the workflow's drop-downs; a reason is deactivated, never deleted (history names it). */
export function ReasonsSection() {
  const [kind, setKind] = useState<ReasonKind>('hold');
  const reasons = useReasons(kind);
  const save = useSaveReason();
  const notify = useNotify();
  const [editing, setEditing] = useState<Reason | 'new' | null>(null);
  const toggle = (r: Reason) =>
    save.mutate(
      { id: r.id, kind: r.kind, code: r.code, label: r.label, active: !r.active },
      { onSuccess: () => notify('success', `${r.code} ${r.active ? 'deactivated' : 'active again'}.`), onError: (e) => notify('error', errorMessage(e)) },
    );
  return (
    <SectionFrame
      title="Reasons"
      hint="The reasons users choose from when they hold, return for corrections, deny or return an item."
      actions={
        <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing('new')}>
          Add reason
        </Button>
      }
    >
      <Tabs value={kind} onChange={(_e, k: ReasonKind) => setKind(k)} sx={{ mb: 1, borderBottom: 1, borderColor: 'divider' }}>
        {REASON_KINDS.map((k) => (
          <Tab key={k} value={k} label={KIND_LABELS[k]} />
        ))}
      </Tabs>
      {reasons.isError && <Alert severity="error">{errorMessage(reasons.error)}</Alert>}
      <Table size="small" aria-label={`${KIND_LABELS[kind]} reasons`}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: 220 }}>Code</TableCell>
            <TableCell>Label</TableCell>
            <TableCell sx={{ width: 110 }}>Active</TableCell>
            <TableCell sx={{ width: 80 }} />
          </TableRow>
        </TableHead>
        <TableBody>
          {(reasons.data ?? []).map((r) => (
            <TableRow key={r.id} sx={{ opacity: r.active ? 1 : 0.6 }}>
              <TableCell sx={{ fontFamily: 'monospace' }}>
                {r.code} {r.system && <Chip size="small" label="PayDesk" variant="outlined" sx={{ ml: 1 }} title="Used by PayDesk itself; always active" />}
              </TableCell>
              <TableCell>{r.label}</TableCell>
              <TableCell>
                <Switch size="small" checked={r.active} disabled={r.system || save.isPending} onChange={() => toggle(r)} slotProps={{ input: { 'aria-label': `${r.code} active` } }} />
              </TableCell>
              <TableCell align="right">
                <Button size="small" onClick={() => setEditing(r)}>
                  Edit
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {editing && <ReasonDialog kind={kind} reason={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </SectionFrame>
  );
}

function ReasonDialog({ kind, reason, onClose }: { kind: ReasonKind; reason: Reason | null; onClose: () => void }) {
  const [code, setCode] = useState(reason?.code ?? '');
  const [label, setLabel] = useState(reason?.label ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useSaveReason();
  const notify = useNotify();
  const submit = () => {
    const parsed = reasonInput.safeParse({ ...(reason ? { id: reason.id, active: reason.active } : {}), kind, code, label });
    if (!parsed.success) return setErrors(zodFieldErrors(parsed.error));
    save.mutate(parsed.data, {
      onSuccess: () => {
        notify('success', `Reason ${parsed.data.code} saved.`);
        onClose();
      },
      onError: (err) => setErrors(formErrorsOf(err)),
    });
  };
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="reason-title">
      <DialogTitle id="reason-title">{reason ? `Edit reason ${reason.code}` : `New ${KIND_LABELS[kind].toLowerCase().replace(/s$/, '')} reason`}</DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2}>
          {errors._form && <Alert severity="error">{errors._form}</Alert>}
          <TextField
            label="Code"
            value={code}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
            disabled={!!reason}
            error={!!errors.code}
            helperText={errors.code ?? (reason ? 'A code does not change; add a new reason instead' : 'e.g. LICENSE_CHECK')}
            autoFocus={!reason}
          />
          <TextField label="Label" value={label} onChange={(e) => setLabel(e.target.value)} error={!!errors.label} helperText={errors.label} autoFocus={!!reason} />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" onClick={submit} disabled={save.isPending}>
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
