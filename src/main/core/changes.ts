import { MAX_CHANGED_IDS, type ChangeEvent } from '../../shared/api/changes';

// The change event of a call that committed (a handler with `writes: 'data'`): the ids its
// arguments and result name, collected by key, a few levels deep.

const KEYS: Record<string, 'paymentIds' | 'periodIds' | 'batchIds' | 'providerIds'> = {
  paymentId: 'paymentIds',
  paymentIds: 'paymentIds',
  periodId: 'periodIds',
  periodIds: 'periodIds',
  batchId: 'batchIds',
  batchIds: 'batchIds',
  providerId: 'providerIds',
  providerIds: 'providerIds',
};

export function describeChange(handler: string, args: unknown, result: unknown, by: number | null, at: string): ChangeEvent {
  const found = { paymentIds: new Set<number>(), periodIds: new Set<number>(), batchIds: new Set<number>(), providerIds: new Set<number>() };
  let all = false;
  let visited = 0;
  const add = (key: keyof typeof found, v: unknown) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) return;
    if (found[key].size >= MAX_CHANGED_IDS) all = true;
    else found[key].add(v);
  };
  const walk = (value: unknown, depth: number) => {
    if (depth > 3 || !value || typeof value !== 'object' || ++visited > 20_000) return;
    if (Array.isArray(value)) {
      for (const v of value.slice(0, MAX_CHANGED_IDS)) walk(v, depth + 1);
      if (value.length > MAX_CHANGED_IDS) all = true;
      return;
    }
    for (const [k, v] of Object.entries(value)) {
      const key = KEYS[k];
      if (key && Array.isArray(v)) for (const x of v) add(key, x);
      else if (key) add(key, v);
      else walk(v, depth + 1);
    }
  };
  walk(args, 0);
  walk(result, 0);
  const ids = (s: Set<number>) => [...s].sort((a, b) => a - b);
  const event = {
    kind: 'changed' as const,
    handler,
    by,
    at,
    paymentIds: ids(found.paymentIds),
    periodIds: ids(found.periodIds),
    batchIds: ids(found.batchIds),
    providerIds: ids(found.providerIds),
    all,
  };
  if (!event.paymentIds.length && !event.periodIds.length && !event.batchIds.length && !event.providerIds.length) event.all = true;
  return event;
}
