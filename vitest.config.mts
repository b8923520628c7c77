import { defineConfig } from 'vitest/config';

// Two projects, one per database engine. `sqlite` runs every test (unit and integration, on real
// SQLite files). `postgres` runs the integration tests that take their database from
// test/helpers/engine.ts (openTestCore, openTestStore, createTestDatabase) against a throwaway
// PostgreSQL cluster (test/helpers/pg-global-setup.ts), plus the PostgreSQL-only tests (*.pg.test.ts).
//
// The goal (issue #14 step 5) is ALL of test/integration on PostgreSQL too. POSTGRES_READY grows
// file by file as each file is converted to the helpers (test/helpers/sql.ts `testSql`, async
// `snapshot`), so the project is always green; POSTGRES_SQLITE_ONLY names the files that are about
// SQLite itself (its file, WAL, busy connection, file backup, damage), each with its reason.
// To try a file not in the list yet: PAYDESK_PG_ALL=1 npx vitest run --project postgres FILE.
// (Two lists while two branches convert them, files a–m and n–z: merge them into one when done.)
const POSTGRES_READY_A_M = [
  'test/integration/db-port*.test.ts',
  'test/integration/**/*.pg.test.ts',
  'test/integration/adjustments-create.test.ts',
  'test/integration/helpers-engine.test.ts',
];
// pg5b
const POSTGRES_READY_N_Z: string[] = [
  'test/integration/paths-fuzz.test.ts',
  'test/integration/payments-authorized-children.test.ts',
  'test/integration/payments-list.test.ts',
  'test/integration/payments-scoping.test.ts',
  'test/integration/reference-*.test.ts',
  'test/integration/registry.test.ts',
  'test/integration/session-rules.test.ts',
  'test/integration/users-handlers.test.ts',
  'test/integration/users-provider-alone.test.ts',
  'test/integration/work-queue.test.ts',
  'test/integration/workflow-act.test.ts',
  'test/integration/workflow-audit.test.ts',
  'test/integration/workflow-cli.test.ts',
  'test/integration/workflow-fuzz.test.ts',

];
const POSTGRES_READY = [...POSTGRES_READY_A_M, ...POSTGRES_READY_N_Z];
// About the SQLite file itself: no PostgreSQL twin (PostgreSQL's own guarantees are tested in *.pg.test.ts).
const POSTGRES_SQLITE_ONLY_A_M: string[] = [];
// pg5b
const POSTGRES_SQLITE_ONLY_N_Z: string[] = [
  // Tampered copies of the database file (a SQLite tool drops the trigger) found by verify-audit and at start.
  'test/integration/workflow-audit-file.test.ts',
];

const POSTGRES_SQLITE_ONLY = [...POSTGRES_SQLITE_ONLY_A_M, ...POSTGRES_SQLITE_ONLY_N_Z];
// Written for PostgreSQL, waiting for every feature to speak through the data port (issue #14
// phase B, branch pgport-b): until then they stop at the first feature still on the SQLite
// connection ("does not run on PostgreSQL yet"). Remove each from this list once it passes.
const POSTGRES_WAITING_FOR_PHASE_B = [
  // `paydesk demo --db postgres://…`: the reference data, users and the trail's seal are built there;
  // it stops at the intake stage (intake/submission.ts importSubmission, still on the connection).
  'test/integration/demo-postgres.pg.test.ts',
  // Two PayDesk servers (child processes) racing exports and bulk actions on one database: the
  // servers stop at Core.start (the audit trail's opening still uses the SQLite connection). The
  // same file passes on SQLite files (20 rounds of each race) with `provide: { engine: 'sqlite' }`.
  'test/integration/two-servers.pg.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    // Integration tests open real databases; a few seconds each is normal on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
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
          include: process.env.PAYDESK_PG_ALL ? ['test/integration/**/*.test.ts'] : POSTGRES_READY,
          exclude: ['**/node_modules/**', ...POSTGRES_SQLITE_ONLY, ...POSTGRES_WAITING_FOR_PHASE_B],
          globalSetup: ['test/helpers/pg-global-setup.ts'],
          provide: { engine: 'postgres' },
        },
      },
    ],
  },
});
