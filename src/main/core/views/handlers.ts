import { AppError } from '../../../shared/api/errors';
import { viewState, type SavedView } from '../../../shared/api/contract/views';
import { appendAudit, actorFor, AUDIT_CHAIN_LOCK } from '../audit/chain';
import type { HandlerImpls } from '../registry';

// A user's saved views of Provider Payments (saved_view, migration 0013). Each user sees and
// changes only their own; a saved state is validated by the contract's schema on the way in and
// read back through it (a view saved by an older PayDesk that no longer parses is left out).

interface ViewRow {
  id: number;
  name: string;
  state: string;
  updatedAt: string;
}

function toView(row: ViewRow): SavedView | null {
  let raw: unknown;
  try {
    raw = JSON.parse(row.state);
  } catch {
    return null;
  }
  const state = viewState.safeParse(raw);
  return state.success ? { id: Number(row.id), name: row.name, state: state.data, updatedAt: row.updatedAt } : null;
}

const SELECT = `SELECT id, name, state, updated_at AS "updatedAt" FROM saved_view`;

export const viewsHandlers: HandlerImpls<'views-list' | 'views-save' | 'views-delete'> = {
  'views-list': (_args, ctx) =>
    ctx.store.read(async ({ db }) => {
      const rows = await db.rows<ViewRow>(`${SELECT} WHERE user_id = ? ORDER BY name, id`, [ctx.caller!.id]);
      return rows.map(toView).filter((v): v is SavedView => v !== null);
    }),

  'views-save': (args, ctx) =>
    ctx.store.run(
      async ({ db }) => {
        const caller = ctx.caller!;
        const at = ctx.now().toISOString();
        const state = JSON.stringify(args.state);
        const existing = await db.one<{ id: number; state: string }>(`SELECT id, state FROM saved_view WHERE user_id = ? AND name = ?`, [caller.id, args.name], {
          lock: 'update',
        });
        let viewId: number;
        if (existing) {
          await db.run(`UPDATE saved_view SET name = ?, state = ?, updated_at = ? WHERE id = ?`, [args.name, state, at, existing.id]);
          viewId = existing.id;
        } else {
          viewId = await db.insert(`INSERT INTO saved_view (user_id, name, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`, [caller.id, args.name, state, at, at]);
        }
        await appendAudit(db, {
        actor: actorFor(caller),
        at,
        entity: 'saved_view',
        entityId: viewId,
        action: 'save-view',
        before: existing ? { name: args.name, state: JSON.parse(existing.state) as unknown } : null,
        after: { name: args.name, state: args.state },
        });
        return toView((await db.one<ViewRow>(`${SELECT} WHERE id = ?`, [viewId]))!)!;
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    ),

  'views-delete': (args, ctx) =>
    ctx.store.run(
      async ({ db }) => {
        const caller = ctx.caller!;
        const row = await db.one<{ id: number; name: string; state: string }>(`SELECT id, name, state FROM saved_view WHERE id = ? AND user_id = ?`, [args.viewId, caller.id], {
          lock: 'update',
        });
        // Another user's view is as absent as one that never was.
        if (!row) throw new AppError({ code: 'NOT_FOUND', field: 'viewId', message: `You have no saved view ${args.viewId}.` });
        await db.run(`DELETE FROM saved_view WHERE id = ?`, [row.id]);
        await appendAudit(db, {
        actor: actorFor(caller),
        at: ctx.now().toISOString(),
        entity: 'saved_view',
        entityId: row.id,
        action: 'delete-view',
        before: { name: row.name, state: JSON.parse(row.state) as unknown },
        });
        return { ok: true as const };
      },
      { locks: [AUDIT_CHAIN_LOCK] },
    ),
};
