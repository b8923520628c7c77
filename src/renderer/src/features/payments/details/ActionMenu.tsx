import { useState } from 'react';
import { Button, ListItemText, Menu, MenuItem, Tooltip } from '@mui/material';
import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import { ACTION_LABELS, requiresReason, type ActionName } from '../../../../../shared/workflow/actions';

/**
 * The Action drop-down: exactly the allowed actions the core computed for this user and item
 * (payments-get's allowedActions, from the actions table). Nothing is added or hidden here.
 */
export function ActionMenu(props: { allowed: readonly ActionName[]; disabled?: boolean; onChoose: (action: ActionName) => void }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const none = props.allowed.length === 0;
  const button = (
    <span>
      <Button
        variant="contained"
        endIcon={<ArrowDropDownIcon />}
        onClick={(e) => setAnchor(e.currentTarget)}
        disabled={none || props.disabled}
        aria-haspopup="menu"
        aria-controls={anchor ? 'action-menu' : undefined}
      >
        Action
      </Button>
    </span>
  );
  return (
    <>
      {none ? <Tooltip title="No action is open to you on this item in its current state.">{button}</Tooltip> : button}
      <Menu id="action-menu" anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)} slotProps={{ list: { 'aria-label': 'Actions' } }}>
        {props.allowed.map((a) => (
          <MenuItem
            key={a}
            onClick={() => {
              setAnchor(null);
              props.onChoose(a);
            }}
          >
            <ListItemText primary={`${ACTION_LABELS[a]}${requiresReason(a) ? '…' : ''}`} />
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
