import { describe, expect, it } from 'vitest';
import { TxCache, writesOf } from '../../src/main/core/db/engine/tx-cache';

// What a transaction keeps of its reads (db/engine/tx-cache.ts): a write forgets its whole table,
// a write that names its keys forgets only those, and a read that raced a write is not kept.

const never = (): Promise<never> => Promise.reject(new Error('loaded again'));

describe('the values a transaction keeps', () => {
  it('a statement that writes a table forgets all its values, matched as a whole word', async () => {
    const kept = new TxCache();
    await kept.cached('payment', 'a', async () => 1);
    await kept.cached('attendance', 'b', async () => 2);
    kept.written(writesOf(`INSERT INTO attendance (payment_id) VALUES (1)`));
    expect(await kept.cached('payment', 'a', never)).toBe(1); // payment_id is not the payment table
    await expect(kept.cached('attendance', 'b', never)).rejects.toThrow('loaded again');
    kept.written(writesOf(`SELECT * FROM payment`)); // a read forgets nothing
    expect(await kept.cached('payment', 'a', never)).toBe(1);
  });

  it('a write that names the keys it changes forgets those only', async () => {
    const kept = new TxCache();
    for (const key of ['days:1', 'days:2', 'days:3']) await kept.cached('attendance', key, async () => key);
    kept.forgetKeys('attendance', ['days:2']);
    expect(await kept.cached('attendance', 'days:1', never)).toBe('days:1');
    expect(await kept.cached('attendance', 'days:3', never)).toBe('days:3');
    await expect(kept.cached('attendance', 'days:2', never)).rejects.toThrow('loaded again');
  });

  it('a read under way while a write names keys of its table is not kept, whatever its key', async () => {
    const kept = new TxCache();
    await kept.cached('attendance', 'days:1', async () => 'old');
    let finish!: (v: string) => void;
    const loading = kept.cached('attendance', 'days:9', () => new Promise<string>((resolve) => (finish = resolve)));
    kept.forgetKeys('attendance', ['days:1']);
    finish('read before the write');
    expect(await loading).toBe('read before the write');
    expect(await kept.cached('attendance', 'days:9', async () => 'read again')).toBe('read again');
  });
});
