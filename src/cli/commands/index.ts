import type { Command } from '../command';

/**
 * Every command of the CLI: its name and one-line summary (all that `paydesk --help` needs) and
 * the module that holds it, loaded only when the command runs. A feature adds its commands in its
 * own file and lists them here; test/integration/cli-commands.test.ts checks that each entry's
 * summary is its command's.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

type Module = () => Promise<Record<string, unknown>>;

const foundation: Module = () => import('./foundation.js');
const users: Module = () => import('./users.js');
const workflow: Module = () => import('./workflow.js');
const intake: Module = () => import('./intake.js');
const reference: Module = () => import('./reference.js');
const exporting: Module = () => import('./export.js');
const database: Module = () => import('./database.js');
const payments: Module = () => import('./payments.js');
const yearEnd: Module = () => import('./year-end.js');
const copy: Module = () => import('./copy.js');
const server: Module = () => import('./server.js');
const basis: Module = () => import('./basis.js');
const recovery: Module = () => import('./recovery.js');
const qa: Module = () => import('./qa.js');
const sheets: Module = () => import('./sheets.js');

/** Finds the command of that name among a module's exports (single commands and lists of them). */
async function fromModule(module: Module, name: string): Promise<Command> {
  const exports = await module();
  for (const value of Object.values(exports)) {
    for (const c of Array.isArray(value) ? value : [value]) {
      if (c && typeof c === 'object' && (c as Command).name === name && typeof (c as Command).run === 'function') return c as Command;
    }
  }
  throw new Error(`the CLI's module for "${name}" has no such command`);
}

const entry = (module: Module, name: string, summary: string): CommandEntry => ({ name, summary, load: () => fromModule(module, name) });

export const COMMANDS: CommandEntry[] = [
  entry(foundation, 'demo', 'create a realistic, deterministic demo database'),
  entry(foundation, 'periods', 'list the service periods'),
  entry(foundation, 'providers', 'list providers (search by name or license)'),
  entry(payments, 'payments', 'list the payments of a period: a tab, a search, a page (--json for all fields)'),
  entry(payments, 'payment', "show one payment: its state, the tabs it is in, its calculation lines and its history"),
  entry(payments, 'reasons', 'list the reason codes (for act --reason), by kind'),
  entry(users, 'users', 'list the users and their groups (same as "user list")'),
  entry(workflow, 'act', 'take a workflow action on a payment as a user'),
  entry(workflow, 'allowed', "list the actions a user's Action drop-down shows for a payment"),
  entry(workflow, 'history', "show a payment's history (its audit events)"),
  entry(workflow, 'verify-audit', "verify the audit trail: its keyed chain, every export batch's anchor, and amounts and bank accounts against it (exit 1 when anything differs)"),
  entry(workflow, 'housekeeping', 'run the daily housekeeping now (the full check of the database file, auto-deny of overdue corrections, export repair)'),
  entry(users, 'user', 'manage users: user add | list | set-groups'),
  entry(intake, 'generate', 'generate the payments of a service period (one per provider × period × payor)'),
  entry(intake, 'import-submission', 'import digital submission files (JSON, docs/formats/submission-v1.md), each on its own'),
  entry(intake, 'import-paper', 'import paper attendance from a CSV file (docs/formats/paper-attendance-csv.md), all or nothing'),
  entry(intake, 'calculate', 'calculate the received payments of a period (or the given ones) as an Approver'),
  entry(intake, 'adjust', 'create an adjustment (± dollars) for a provider and period as an Approver'),
  entry(basis, 'settings', 'show or set the payment basis (attendance, enrollment, prospective) from a date, the recovery threshold, the holidays and the QA sample'),
  entry(qa, 'qa-sample', "show a period's QA sample (its seeds and the payments drawn); --redraw-check draws it again from the recorded seeds"),
  entry(basis, 'reconcile', 'reconcile a period paid in advance: attendance amount against the advance, a ± adjustment per payment (as an Approver)'),
  entry(recovery, 'ledger', "a provider's ledger: paid, recovered, waived and balance owed, each line with its audit events"),
  entry(recovery, 'recovery', 'create an overpayment recovery (as an Approver), waive its rest (a second user), or write its notice PDF'),
  entry(sheets, 'sheets', "print a period's attendance sheets (PDF, with a CSV template per sheet) for the providers on paper, or one provider's"),
  entry(reference, 'import-providers', 'import providers from a CSV file (docs/formats/providers-csv.md); all or nothing'),
  entry(reference, 'import-children', 'import children from a CSV file (docs/formats/children-csv.md); all or nothing'),
  entry(reference, 'import-authorizations', 'import authorizations from a CSV file (docs/formats/authorizations-csv.md); all or nothing'),
  entry(reference, 'confirm-bank-details', "show a provider's changed bank details to a second user, who confirms them by typing them back; releases the bank-detail holds"),
  entry(exporting, 'export', 'export (pay or hand over) a period for one payor, or --preview it'),
  entry(exporting, 'confirm', "import a third-party payor's confirmation file (docs/formats/confirmation-csv.md)"),
  entry(exporting, 'report', "render a batch's remittance PDF (all providers, or --provider), summary PDF or payment register CSV"),
  entry(exporting, 'export-repair', 'write the files of every export batch whose files are missing or unfinished'),
  entry(exporting, 'export-attention', 'what the export needs a person for: money alerts, batches whose files failed, releases waiting, items left out'),
  entry(yearEnd, 'year-end', "the agency's 1099s for a tax year: review, generate (PDFs, IRS file, CSV), --file to mark filed, --corrections"),
  entry(yearEnd, 'provider-tax', "show or set a provider's tax data from its W-9 (TIN type and TIN, legal name, W-9 date, exemption)"),
  entry(yearEnd, 'year-end-settings', "show or set a tax year's 1099 form and box and threshold, and the filing details (TCC, payer, contact)"),
  entry(database, 'new-database', 'create a new, empty PayDesk database (the app then offers to create its administrator)'),
  entry(database, 'backup', 'back the database up now (SQLite online backup, checked after writing), into backups/ beside it or --to FILE'),
  entry(database, 'export-folder', "show or set the database's export folder (where export batches and year-end files go), on the database's machine"),
  entry(database, 'restore', 'replace the database with a backup after checking it (integrity, audit trail, version); the replaced file is kept aside'),
  entry(copy, 'copy', 'copy a SQLite database, audit trail and key included, into an empty PostgreSQL database (one transaction, verified before it commits)'),
  entry(server, 'serve', 'run the database as a PayDesk server (HTTPS) for the team: paydesk serve --db FILE|postgres://…'),
];
