import pg from 'pg';

/**
 * The texts (trimmed) of the statements sent to PostgreSQL while `work` runs that `keep` takes,
 * counted where they leave for the server: on PostgreSQL each statement is a round trip. `work`
 * sees the list as it grows.
 */
export async function recordStatements(keep: (text: string) => boolean, work: (sent: readonly string[]) => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text?: string };
    const text = typeof q === 'string' ? q : (q?.text ?? '');
    if (keep(text)) sent.push(text.trim());
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await work(sent);
  } finally {
    pg.Client.prototype.query = query;
  }
  return sent;
}
