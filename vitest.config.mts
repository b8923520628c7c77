import { defineConfig } from 'vitest/config';

// Two projects, one per database engine, each running the integration suite (issue #14):
// `sqlite` runs every test (unit and integration, on real SQLite files); `postgres` runs every
// integration test against a throwaway PostgreSQL cluster (test/helpers/pg-global-setup.ts), the
// database taken from test/helpers/engine.ts (openTestCore, openTestStore, createTestDatabase),
// plus the PostgreSQL-only tests (*.pg.test.ts) -- except the files below, which are about SQLite
// itself and have no PostgreSQL twin (PostgreSQL's own guarantees are tested in *.pg.test.ts).
const POSTGRES_SQLITE_ONLY: string[] = [
  // SQLite's online backup of the file, the copy's file checks, restoring a file in place.
  'test/integration/backup-restore.test.ts',
  // db/bulk-insert.ts on a better-sqlite3 connection (the port's bulk insert on PostgreSQL: db-port.test.ts).
  'test/integration/db-bulk-insert.test.ts',
  // SQLITE_BUSY: another connection holding the file's write lock (PostgreSQL's locks: two-servers.pg.test.ts).
  'test/integration/db-busy.test.ts',
  // The file's header, size, permissions and damage checks before opening.
  'test/integration/db-file-checks.test.ts',
  // A read-only or damaged file opened read-only.
  'test/integration/db-read-only.test.ts',
  // The one SQLite connection's queue (PostgreSQL has a pool: each transaction its own connection).
  'test/integration/db-store.test.ts',
  // Tampered copies of the database file (a SQLite tool drops the trigger) found by verify-audit and at start.
  'test/integration/workflow-audit-file.test.ts',
  // The store's work without a transaction (`transaction: false`): on PostgreSQL every store.run is one.
  'test/integration/bulk-failures-sqlite.test.ts',
  // Migration 0011 on a SQLite file of an older PayDesk holding Provider users in staff groups (no PostgreSQL database is that old).
  'test/integration/migration-0011-sqlite.test.ts',
  // The read-only open of a SQLite file (query_only, its bytes unchanged): PostgreSQL opens as usual.
  'test/integration/cli-commands-sqlite.test.ts',
  // The desktop's own database is always a SQLite file (File > Open… of one, its demo).
  'test/integration/desktop-file.test.ts',
];
export default defineConfig({
  test: {
    environment: 'node',
    // Integration tests open real databases; a few seconds each is normal on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Three test files at a time: they wait on databases, servers and child processes more than
    // they compute, and Vitest's default (one fewer than the cores) ran them one by one on a
    // 2-core machine (24 min; 12 min with three).
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          // Builds the CLI bundle (out/cli/) if stale: many tests spawn bin/paydesk.cjs.
          globalSetup: ['test/helpers/cli-build-setup.ts'],
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'test/integration/**/*.pg.test.ts'],
          provide: { engine: 'sqlite', postgres: null },
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['test/integration/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...POSTGRES_SQLITE_ONLY],
          globalSetup: ['test/helpers/pg-global-setup.ts'],
          provide: { engine: 'postgres' },
        },
      },
    ],
  },
});
