import type { Queryable } from '../db/engine/port';
import { formatCents } from '../../../shared/domain/money';
import { ACH_TOTAL_MAX_CENTS, BATCH_MAX_CENTS, entryCap, type AgencyLimits } from '../../../shared/domain/limits';
import { getSetting } from '../settings/settings';
import type { LeftOut } from './model';
import { payeeOrder } from './model';
import type { ProviderGroup, Selection } from './select';

// The export's limits (DESIGN.md section 5): each provider's entry must fit its file (and the
// agency's per-entry and check limits), the ACH file's totals and the whole batch must fit their
// 12-digit fields, and a batch above the agency's batch limit waits for a second Payor's release.
// Applied by the one selection that the preview shows and the run commits.

/** The agency's limits in force on a date (0 in a setting = no limit of its own). */
export async function agencyLimits(db: Queryable, onDate: string): Promise<AgencyLimits> {
  const read = async (key: 'export.entryLimitCents' | 'export.batchLimitCents' | 'export.checkLimitCents') => {
    const v = Number(await getSetting<number>(db, key, onDate));
    return Number.isSafeInteger(v) && v > 0 ? v : null;
  };
  return {
    entryLimitCents: await read('export.entryLimitCents'),
    batchLimitCents: await read('export.batchLimitCents'),
    checkLimitCents: await read('export.checkLimitCents'),
  };
}

type Method = 'ach' | 'check' | 'none';

/** Whether a provider's net fits its entry; the left-out row when it does not. */
export function entryProblem(group: ProviderGroup, method: Method, limits: AgencyLimits): Pick<LeftOut, 'reason' | 'message'> | null {
  const cap = entryCap(method, limits);
  if (group.netCents <= cap.cents) return null;
  return { reason: 'over-entry-limit', message: `Net ${formatCents(group.netCents)} is above ${cap.what} (${formatCents(cap.cents)})` };
}

/**
 * Providers taken in file order while the ACH batch totals (one per SEC code), the ACH file total
 * and the whole batch stay within their fields; a provider that would push one over is left out.
 */
export function fitTotals(groups: ProviderGroup[], methodOf: (g: ProviderGroup) => Method, leave: (g: ProviderGroup, row: Pick<LeftOut, 'reason' | 'message'>) => void): ProviderGroup[] {
  // In the order the files list them (payeeOrder), so what is left out is the file's last entries.
  const ordered = groups
    .map((g) => ({ g, as: { ...g.provider, addressLines: [], method: methodOf(g), checkNumber: null, traceNumber: null } }))
    .sort((a, b) => payeeOrder(a.as, b.as))
    .map((x) => x.g);
  const sec = { CCD: 0, PPD: 0 };
  let ach = 0;
  let batch = 0;
  const kept = new Set<ProviderGroup>();
  for (const g of ordered) {
    const method = methodOf(g);
    const code = g.provider.accountHolder === 'personal' ? 'PPD' : 'CCD';
    const overAch = method === 'ach' && (sec[code] + g.netCents > ACH_TOTAL_MAX_CENTS || ach + g.netCents > ACH_TOTAL_MAX_CENTS);
    if (overAch || batch + g.netCents > BATCH_MAX_CENTS) {
      const cap = overAch ? "the ACH file's total field" : "the batch's total field";
      leave(g, { reason: 'over-file-limit', message: `Net ${formatCents(g.netCents)} would take the batch above ${cap} (${formatCents(ACH_TOTAL_MAX_CENTS)}); export it in a later batch` });
      continue;
    }
    if (method === 'ach') {
      sec[code] += g.netCents;
      ach += g.netCents;
    }
    batch += g.netCents;
    kept.add(g);
  }
  return groups.filter((g) => kept.has(g));
}

/** The release a batch needs: its total is above the agency's batch limit. */
export function releaseNeeded(selection: Pick<Selection, 'groups'>, limits: AgencyLimits): { limitCents: number; totalCents: number } | null {
  const totalCents = selection.groups.reduce((s, g) => s + g.netCents, 0);
  if (limits.batchLimitCents === null || totalCents <= limits.batchLimitCents) return null;
  return { limitCents: limits.batchLimitCents, totalCents };
}
