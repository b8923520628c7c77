import pg from 'pg';
import { AppError } from '../../../../shared/api/errors';
import { POSTGRES, advisoryKey, rewriteForPostgres } from './dialect';
import { postgresPassword } from './password';
import { TxCache, writesOf } from './tx-cache';
import type { BulkWriter, Db, HeldRows, Params, RowValues, QueryOptions, Row, Tx, TxMode, TxOptions, Value, WriteOptions } from './port';
import { LOCK_OUTSIDE_WRITE, WRITE_IN_READ } from './sqlite';
import type { PostgresTarget } from './url';

// The port over a node-postgres Pool. A statement on its own takes any connection of the pool; a
// transaction holds one connection from BEGIN to COMMIT. Every statement is a named prepared
// statement, parsed once per connection (pg keeps them per client), its text turned into
// PostgreSQL's once per text (placeholders, LIKE, camelCase names). bigint and numeric read back
// as numbers, and a value a JavaScript number cannot hold exactly is refused, never rounded;
// booleans read back as 1 and 0, as SQLite gives them.

const NONE: Params = [];
const MAX_NAMED = 1000;
const DEFAULT_RETRIES = 3;
const INT8 = 20;
const NUMERIC = 1700;

function exactNumber(text: string): number {
  const n = Number(text);
  if (/^-?\d+$/.test(text) && !Number.isSafeInteger(n)) {
    throw new RangeError(`The database holds the integer ${text}, beyond what PayDesk reads exactly (±${Number.MAX_SAFE_INTEGER}): nothing was read.`);
  }
  return n;
}

const BOOL = 16;
// A comparison or EXISTS in a select list reads 1 or 0, as on SQLite (flags are stored as 0/1).
const bit = (text: string) => (text === 't' ? 1 : 0);

const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    format === 'binary'
      ? pg.types.getTypeParser(oid, 'binary')
      : oid === INT8 || oid === NUMERIC
        ? exactNumber
        : oid === BOOL
          ? bit
          : pg.types.getTypeParser(oid, 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * A pg Client that hangs up when it fails to connect (a refused password, a refused TLS): pg
 * leaves the socket open, and the server would keep a half-open session until its
 * authentication timeout (a minute), blocking a DROP DATABASE meanwhile.
 */
class HangUpClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super(config);
    // pg-pool connects its clients with a callback.
    const connect = this.connect.bind(this) as (callback: (err: Error | null) => void) => void;
    (this as { connect: unknown }).connect = (callback: (err: Error | null) => void) =>
      connect((err) => {
        if (err) (this as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
        callback(err);
      });
  }
}

interface Statement {
  name: string | undefined;
  text: string;
  /** For a text with @name parameters: the name of each $n, in order. */
  names: string[] | null;
  /** The text in lower case when it may write (anything but a SELECT): what `cached` values it may change. */
  writes?: string | null;
  /** The text in lower case (which tables it names). */
  lower?: string;
}

/** Whether a statement may write to `table` (its text names it and is not a plain SELECT). */
function writesOfStatement(s: Statement): string | null {
  if (s.writes === undefined) s.writes = writesOf(s.text);
  return s.writes;
}

/**
 * Whether the statement's text names the table (it may read or write it), as a whole word: the
 * payment_id of an attendance read or the first_payment_rule of a QA draw is not the payment table
 * (no view, function or trigger of the schema reads a table its statement does not name).
 */
function mentions(s: Statement, table: string): boolean {
  s.lower ??= s.text.toLowerCase();
  if (!s.lower.includes(table)) return false;
  let word = WHOLE_WORD.get(table);
  if (!word) WHOLE_WORD.set(table, (word = new RegExp(`(?<![a-z0-9_$])${table}(?![a-z0-9_$])`)));
  return word.test(s.lower);
}
const WHOLE_WORD = new Map<string, RegExp>();

/** The values of a statement in $n order, from a list (`?`) or by name (`@name`). */
function valuesOf(s: Statement, params: Params): Value[] {
  if (!s.names) {
    if (!Array.isArray(params)) throw new Error(`values were given by name, but the statement takes ? parameters: "${s.text}"`);
    return params as Value[];
  }
  if (Array.isArray(params)) throw new Error(`values were given as a list, but the statement takes @name parameters: "${s.text}"`);
  const named = params as Readonly<Record<string, Value>>;
  return s.names.map((name) => {
    if (!(name in named)) throw new Error(`no value for @${name} in "${s.text}"`);
    return named[name];
  });
}

/**
 * A column's values as PostgreSQL's array text, written here in one pass: pg's own conversion
 * escapes every element with two regular expressions, a large part of a bulk insert's time.
 * Text is always quoted (so empty text, spaces, braces and the word NULL stay text); quotes and
 * backslashes are escaped. Bytes go as pg writes them (its own conversion of the list).
 */
function arrayLiteral(values: readonly Value[]): string | readonly Value[] {
  // One string grown in place: a quarter faster than parts joined (a demo build writes 160,000 rows this way).
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'number' || typeof v === 'bigint') out += String(v);
    else if (typeof v === 'string') out += ESCAPED.test(v) ? `"${v.replace(/[\\"]/g, '\\$&')}"` : `"${v}"`;
    else return values;
  }
  return `${out}}`;
}
const ESCAPED = /[\\"]/;

/** Each feature text's PostgreSQL text and statement name, made once (shared by every connection). */
class Statements {
  private readonly byText = new Map<string, Statement>();
  private count = 0;
  /**
   * Each table's column types (array casts for bulk inserts), read once the migrations have run;
   * a table not in it (made after, or a test's own) takes its rows as VALUES lists instead.
   */
  columnTypes = new Map<string, Map<string, string>>();

  get(text: string, suffix = ''): Statement {
    const key = suffix ? `${text}\u0000${suffix}` : text;
    let s = this.byText.get(key);
    if (!s) {
      // Texts built from a user's filters vary: past the cap they still run, unnamed (parsed each time).
      const { text: translated, names } = rewriteForPostgres(text);
      s = { name: this.count < MAX_NAMED ? `paydesk_${++this.count}` : undefined, text: translated + suffix, names };
      this.byText.set(key, s);
    }
    return s;
  }
}

type Runner = Pick<pg.PoolClient, 'query'>;

/** Statements through one runner: the pool (each on its own) or a transaction's client. */
class PostgresHandle implements Tx {
  readonly dialect = POSTGRES;
  /**
   * The last statement sent (settled): the connection runs in pipeline mode, so each statement
   * leaves at once, behind the ones before it, and they answer in order; when this one has
   * answered, every one before it has. The server works through the bulk rows and held writes
   * while the work here goes on making the next ones (a round trip no longer waits for the
   * answer of the one before).
   */
  private chain: Promise<unknown> = Promise.resolve();
  /** A bulk write that failed: the statements after it fail with "transaction aborted"; this says why. */
  private bulkFailure: unknown;
  private ended = false;
  /** `cached` values of this transaction. */
  private readonly kept = new TxCache();
  /** Rows held to be written later (`hold`), by table. */
  private readonly held = new Map<string, HeldRows>();
  /** Sends of held rows under way (sendHeldOf). */
  private readonly sending: Array<Promise<void>> = [];

  constructor(
    protected readonly runner: Runner,
    readonly mode: TxMode,
    protected readonly statements: Statements,
    private readonly inTransaction: boolean,
    readonly origin: object,
  ) {}

  /**
   * `accounted`: a bulk insert that forgot what it changes of the kept values itself (bulkInsert's
   * `changes`). `unwaited`: nobody waits for its answer (bulk rows): its failure is the
   * transaction's (bulkFailure).
   */
  protected query(text: string, params: Params, suffix = '', rowMode?: 'array', accounted = false, unwaited = false): Promise<pg.QueryResult> {
    if (this.ended) return Promise.reject(new Error('this transaction has ended: a statement was sent through its handle after its end'));
    if (!this.inTransaction) return this.send(text, params, suffix, rowMode, false);
    if (this.held.size > 0) this.sendHeld(this.statements.get(text, suffix));
    if (this.kept.watching && !accounted) this.kept.written(writesOfStatement(this.statements.get(text, suffix)));
    // Handed to the connection now (it keeps the order): see `chain`.
    const sent = this.send(text, params, suffix, rowMode, unwaited);
    this.chain = sent.catch(() => undefined);
    return sent;
  }

  private async send(text: string, params: Params, suffix: string, rowMode: 'array' | undefined, unwaited: boolean): Promise<pg.QueryResult> {
    const s = this.statements.get(text, suffix);
    try {
      const config = { name: s.name, text: s.text, values: valuesOf(s, params), rowMode };
      return await (this.runner.query(config as pg.QueryConfig) as Promise<pg.QueryResult>);
    } catch (err) {
      // Set here, not by a later handler: the statements sent behind it fail in the same order,
      // each seeing it (a handler of the caller's would run after some of theirs).
      if (unwaited) this.bulkFailure ??= err;
      // What failed behind an earlier failure is that failure: the transaction was aborted (25P02),
      // so a statement parsed behind it was never made (26000 for the next use of its name).
      const code = (err as { code?: string }).code;
      if (this.bulkFailure !== undefined && this.bulkFailure !== err && (code === '25P02' || code === '26000')) throw this.bulkFailure;
      throw err;
    }
  }

  private lockSuffix(options?: QueryOptions): string {
    if (!options?.lock) return '';
    if (!this.inTransaction || this.mode === 'read') throw new Error(LOCK_OUTSIDE_WRITE);
    return POSTGRES.lockClause(options.lock);
  }

  async rows<R = Row>(text: string, params: Params = NONE, options?: QueryOptions): Promise<R[]> {
    return (await this.query(text, params, this.lockSuffix(options))).rows as R[];
  }

  async one<R = Row>(text: string, params: Params = NONE, options?: QueryOptions): Promise<R | undefined> {
    return (await this.query(text, params, this.lockSuffix(options))).rows[0] as R | undefined;
  }

  async values<V = unknown>(text: string, params: Params = NONE, options?: QueryOptions): Promise<V[]> {
    return ((await this.query(text, params, this.lockSuffix(options), 'array')).rows as unknown as unknown[][]).map((r) => r[0] as V);
  }

  private checkWrite(): void {
    if (this.mode === 'read') throw new Error(WRITE_IN_READ);
  }

  async run(text: string, params: Params = NONE, options?: WriteOptions): Promise<{ changes: number }> {
    this.checkWrite();
    if (options?.changes && this.inTransaction) this.kept.forgetKeys(options.changes.table, options.changes.keys);
    return { changes: (await this.query(text, params, '', undefined, options?.changes !== undefined)).rowCount ?? 0 };
  }

  async insert(text: string, params: Params = NONE): Promise<number> {
    this.checkWrite();
    const row = (await this.query(text, params, ' RETURNING id')).rows[0] as { id: number } | undefined;
    if (!row) throw new Error('the INSERT wrote no row, so it has no id');
    return row.id;
  }

  async insertMany(table: string, columns: readonly string[], rows: Iterable<RowValues>): Promise<void> {
    const writer = this.bulkInsert(table, columns);
    for (const row of rows) writer.add(...row);
    await writer.flush();
  }

  /**
   * How rows go into a table: as one typed array per column (INSERT … SELECT FROM unnest) when the
   * columns' types are known — one statement text whatever the number of rows (parsed and planned
   * once, where a VALUES list of each length is a new statement), no limit of parameters — else
   * as a VALUES list of `rowsPerStatement` rows at most.
   */
  private rowsInsert(table: string, columns: readonly string[]): { perStatement: number; statement(rows: ReadonlyArray<readonly Value[]>): { text: string; params: Value[] } } {
    const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) `;
    const types = this.statements.columnTypes.get(table);
    if (types && columns.every((c) => types.has(c))) {
      const text = `${head}SELECT * FROM unnest(${columns.map((c) => `CAST(? AS ${types.get(c)}[])`).join(', ')})`;
      return {
        perStatement: Infinity,
        statement: (rows) => ({ text, params: columns.map((_, c) => arrayLiteral(rows.map((r) => r[c]))) as unknown as Value[] }),
      };
    }
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    return {
      perStatement: Math.max(1, Math.min(this.dialect.rowsPerStatement, Math.floor(POSTGRES.maxParams / columns.length))),
      statement: (rows) => ({ text: `${head}VALUES ${new Array(rows.length).fill(tuple).join(', ')}`, params: rows.flat() }),
    };
  }

  bulkInsert(table: string, columns: readonly string[], options: { batch?: number; changes?: readonly string[] } = {}): BulkWriter {
    this.checkWrite();
    if (!this.inTransaction) throw new Error('a bulk insert runs inside a transaction: use insertMany for rows on their own');
    const insert = this.rowsInsert(table, columns);
    // Bigger statements than SQLite's: every statement is a round trip to the server.
    const batch = Math.max(1, Math.min(options.batch ?? 1000, insert.perStatement));
    let rows: Value[][] = [];
    let failure: unknown;
    const write = () => {
      if (rows.length === 0) return;
      const { text, params } = insert.statement(rows);
      rows = [];
      if (options.changes) this.kept.forgetKeys(table, options.changes);
      // Sent now, not waited for: the work goes on making rows meanwhile.
      this.query(text, params, '', undefined, options.changes !== undefined, true).catch((err: unknown) => {
        failure ??= err;
      });
    };
    return {
      add: (...row: Value[]) => {
        if (row.length !== columns.length) throw new Error(`a row of ${columns.length} values was expected, not ${row.length}`);
        // An array would be read as one more dimension of the column's array, not as a value.
        for (let c = 0; c < row.length; c++) if (Array.isArray(row[c])) throw new Error(`a bulk insert into ${table} was given a list as the value of ${columns[c]}`);
        rows.push(row);
        if (rows.length === batch) write();
      },
      flush: async () => {
        write();
        await this.idle();
        if (failure !== undefined) throw failure;
      },
    };
  }

  async insertReturning<R = Row>(table: string, columns: readonly string[], rows: ReadonlyArray<readonly Value[]>, tail: string): Promise<R[]> {
    this.checkWrite();
    const insert = this.rowsInsert(table, columns);
    const out: R[] = [];
    for (let start = 0; start < rows.length; start += insert.perStatement) {
      const { text, params } = insert.statement(rows.slice(start, start + insert.perStatement));
      for (const r of await this.rows<R>(`${text} ${tail}`, params)) out.push(r);
    }
    return out;
  }

  cached<T>(table: string, key: string, load: () => Promise<T>): Promise<T> {
    if (!this.inTransaction) return load();
    // Rows held for the table go first: the load's read would send them anyway, and a write sent
    // during the load would keep its value from being kept (the next ask would read again).
    if (this.held.has(table) && !this.kept.has(table, key)) this.sendHeldOf(table);
    return this.kept.cached(table, key, load);
  }

  remember(table: string, key: string, value: unknown): void {
    if (this.inTransaction) this.kept.remember(table, key, value);
  }

  hold(table: string, rows: HeldRows, changes?: readonly string[]): boolean {
    if (!this.inTransaction || this.mode === 'read') return false;
    // The held rows change the table from now on: what was kept of it is forgotten, as for a write.
    if (changes) this.kept.forgetKeys(table, changes);
    else this.kept.forget(table);
    this.held.set(table, rows);
    return true;
  }

  private sendHeldOf(table: string): void {
    const rows = this.held.get(table);
    if (!rows) return;
    this.held.delete(table);
    // Waited for by idle(): a send may fail after its statements answered (a held UPDATE that
    // matched no row), and the commit must know.
    this.sending.push(
      rows.send().then(
        () => undefined,
        (err: unknown) => {
          this.bulkFailure ??= err;
        },
      ),
    );
  }

  /** Sends the held rows of each table the statement names; of every table without a statement (a savepoint, the commit). */
  private sendHeld(s?: Statement): void {
    // In the transaction's order, not waited for; a failure fails the statements after it and the commit.
    for (const table of [...this.held.keys()]) if (!s || mentions(s, table)) this.sendHeldOf(table);
  }

  async savepoint<T>(work: () => Promise<T>): Promise<T> {
    if (!this.inTransaction) throw new Error('a savepoint needs a transaction: outside one it would commit on its own');
    this.sendHeld();
    await this.query('SAVEPOINT paydesk_row', NONE);
    let result: T;
    try {
      result = await work();
    } catch (err) {
      // Held rows were all made inside this savepoint (they were sent when it started).
      for (const rows of this.held.values()) rows.discard();
      this.held.clear();
      this.kept.forgetAll();
      await this.query('ROLLBACK TO SAVEPOINT paydesk_row', NONE);
      await this.query('RELEASE SAVEPOINT paydesk_row', NONE);
      throw err;
    }
    await this.query('RELEASE SAVEPOINT paydesk_row', NONE);
    return result;
  }

  async lock(key: string): Promise<void> {
    this.lockSuffix({ lock: 'update' });
    await this.query('SELECT pg_advisory_xact_lock(CAST(? AS bigint))', [advisoryKey(key)]);
  }

  async deferForeignKeys(): Promise<void> {
    this.checkWrite();
    if (!this.inTransaction) throw new Error('foreign keys are deferred inside a transaction');
    await this.query('SET CONSTRAINTS ALL DEFERRED', NONE);
  }

  async syncIds(table: string): Promise<void> {
    this.checkWrite();
    await this.query(`SELECT setval(pg_get_serial_sequence(?, 'id'), coalesce(max(id), 0) + 1, false) FROM "${table}"`, [`"${table}"`]);
  }

  /** Resolves when every statement sent so far has answered, and every send of held rows has ended. */
  async idle(): Promise<void> {
    await this.chain;
    while (this.sending.length > 0) await Promise.all(this.sending.splice(0));
  }

  /** Waits for the bulk rows still being written; reports their failure. */
  async settle(): Promise<void> {
    this.sendHeld();
    await this.idle();
    if (this.bulkFailure !== undefined) throw this.bulkFailure;
  }

  end(): void {
    this.ended = true;
  }
}

export class PostgresEngine implements Db {
  readonly engine = 'postgres';
  readonly dialect = POSTGRES;
  readonly origin: object = this;
  private readonly statements = new Statements();
  private readonly direct: PostgresHandle;

  constructor(readonly pool: pg.Pool) {
    this.direct = new PostgresHandle(pool, 'write', this.statements, false, this);
  }

  static open(target: PostgresTarget, options: { max?: number } = {}): PostgresEngine {
    const pool = new pg.Pool({
      host: target.host,
      port: target.port,
      user: target.user,
      database: target.database,
      password: () => postgresPassword(target),
      ssl: target.ssl,
      application_name: target.applicationName,
      max: options.max ?? 10,
      types: TYPES,
      Client: HangUpClient,
      // Statements leave without waiting for the answers before them (PostgresHandle.chain).
      pipeline: true,
    });
    // A connection that breaks while idle in the pool is dropped by the pool; without a listener
    // node would end the process on that error.
    pool.on('error', () => undefined);
    return new PostgresEngine(pool);
  }

  async transaction<T>(options: TxOptions, work: (tx: Tx) => Promise<T>): Promise<T> {
    const retries = options.retries ?? DEFAULT_RETRIES;
    const locks = [...new Set(options.locks ?? [])].sort();
    if (locks.length > 0 && options.mode === 'read') throw new Error(LOCK_OUTSIDE_WRITE);

    for (let attempt = 0; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      const tx = new PostgresHandle(client, options.mode, this.statements, true, this);
      try {
        await client.query(POSTGRES.begin(options.mode));
        for (const key of locks) await tx.lock(key);
        const result = await work(tx);
        await tx.settle();
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await tx.idle();
        await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        if (!POSTGRES.isRetryable(err)) throw err;
        if (attempt >= retries) {
          throw Object.assign(
            new AppError({
              code: 'CONFLICT',
              message: `Other work on the same items kept overlapping with this change (another PayDesk user or server): it was tried ${attempt + 1} time${attempt === 0 ? '' : 's'} and nothing of it was saved. Try again.`,
            }),
            { cause: err },
          );
        }
      } finally {
        tx.end();
        client.release(broken);
      }
      // Both sides of a conflict would otherwise meet again at once: wait a little, longer each time.
      await new Promise((resolve) => setTimeout(resolve, (attempt + 1) * (5 + Math.random() * 20)));
    }
  }

  rows<R = Row>(text: string, params?: Params, options?: QueryOptions): Promise<R[]> {
    return this.direct.rows<R>(text, params, options);
  }

  one<R = Row>(text: string, params?: Params, options?: QueryOptions): Promise<R | undefined> {
    return this.direct.one<R>(text, params, options);
  }

  values<V = unknown>(text: string, params?: Params, options?: QueryOptions): Promise<V[]> {
    return this.direct.values<V>(text, params, options);
  }

  run(text: string, params?: Params, options?: WriteOptions): Promise<{ changes: number }> {
    return this.direct.run(text, params, options);
  }

  insert(text: string, params?: Params): Promise<number> {
    return this.direct.insert(text, params);
  }

  insertMany(table: string, columns: readonly string[], rows: Iterable<RowValues>): Promise<void> {
    return this.transaction({ mode: 'write' }, (tx) => tx.insertMany(table, columns, rows));
  }

  cached<T>(_table: string, _key: string, load: () => Promise<T>): Promise<T> {
    return load();
  }

  remember(): void {}

  hold(): boolean {
    return false;
  }

  /** Reads every table's column types (once the migrations have run): bulk inserts send their rows as typed arrays. */
  async learnColumnTypes(): Promise<void> {
    const rows = await this.rows<{ tableName: string; columnName: string; type: string }>(
      `SELECT c.relname AS "tableName", a.attname AS "columnName", format_type(a.atttypid, NULL) AS type
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
       WHERE c.relnamespace = CAST(current_schema() AS regnamespace) AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`,
    );
    const types = new Map<string, Map<string, string>>();
    for (const r of rows) {
      let table = types.get(r.tableName);
      if (!table) types.set(r.tableName, (table = new Map()));
      table.set(r.columnName, r.type);
    }
    this.statements.columnTypes = types;
  }

  private ended: Promise<void> | null = null;

  /** Ends the pool; closing again (a core closed twice, as SQLite allows) waits for the same end. */
  close(): Promise<void> {
    this.ended ??= this.pool.end();
    return this.ended;
  }

}
