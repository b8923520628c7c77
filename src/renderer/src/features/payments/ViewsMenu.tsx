import { useState } from 'react';
import {
  Button, Dialog, DialogActions, DialogContent, DialogTitle, Divider, IconButton, ListItemText, Menu, MenuItem, TextField, Typography,
} from '@mui/material';
import BookmarksIcon from '@mui/icons-material/BookmarksOutlined';
import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import type { ViewState } from '../../../../shared/api/contract/views';
import { errorMessage } from '../../api/client';
import { useNotify } from '../../components/Notifier';
import { useDeleteView, useSaveView } from './mutations';
import { useSavedViews } from './queries';
import { savedState, type ListView } from './view';

/** The user's named views of Provider Payments: open one, save the current one, delete one. */
export function ViewsMenu({ view, onOpen }: { view: ListView; onOpen: (state: ViewState) => void }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const views = useSavedViews();
  const save = useSaveView();
  const remove = useDeleteView();
  const notify = useNotify();

  const submit = () => {
    save.mutate(
      { name, state: savedState(view) },
      {
        onSuccess: (v) => {
          setNaming(false);
          notify('success', `Saved the view "${v.name}".`);
        },
      },
    );
  };

  return (
    <>
      <Button startIcon={<BookmarksIcon />} onClick={(e) => setAnchor(e.currentTarget)} aria-haspopup="menu">
        Views
      </Button>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        {(views.data ?? []).map((v) => (
          <MenuItem
            key={v.id}
            onClick={() => {
              setAnchor(null);
              onOpen(v.state);
            }}
            sx={{ minWidth: 260 }}
          >
            <ListItemText primary={v.name} secondary={v.state.search ? `${v.state.tab} · "${v.state.search}"` : v.state.tab} />
            <IconButton
              size="small"
              edge="end"
              aria-label={`Delete the view ${v.name}`}
              onClick={(e) => {
                e.stopPropagation();
                remove.mutate({ viewId: v.id }, { onError: (err) => notify('error', errorMessage(err)) });
              }}
            >
              <DeleteIcon fontSize="small" />
            </IconButton>
          </MenuItem>
        ))}
        {views.data?.length === 0 && (
          <Typography variant="body2" color="text.secondary" sx={{ px: 2, py: 1, maxWidth: 280 }}>
            No saved views yet. Set the tab, search, filters and sort, then save them here.
          </Typography>
        )}
        <Divider />
        <MenuItem
          onClick={() => {
            setAnchor(null);
            setName('');
            save.reset();
            setNaming(true);
          }}
        >
          Save this view…
        </MenuItem>
      </Menu>
      <Dialog open={naming} onClose={() => setNaming(false)} maxWidth="xs" fullWidth>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <DialogTitle>Save this view</DialogTitle>
          <DialogContent>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
              The tab, search, filters and sort, under a name of your own. A view of the same name is replaced.
            </Typography>
            <TextField
              autoFocus
              fullWidth
              label="Name"
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={save.isError}
              helperText={save.isError ? errorMessage(save.error) : ' '}
            />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setNaming(false)}>Cancel</Button>
            <Button type="submit" variant="contained" disabled={save.isPending}>
              Save
            </Button>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}
