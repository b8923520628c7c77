// A second process that holds a database's write lock for a while, as another PayDesk desktop in
// the middle of a long write would: BEGIN IMMEDIATE, wait, COMMIT. Usage (forked with IPC):
//   hold-write-lock.cjs FILE MILLISECONDS   -> sends 'locked' once it holds the lock, 'released' after
'use strict';
const Database = require('better-sqlite3');
const [file, ms] = process.argv.slice(2);
const db = new Database(file, { timeout: 10_000 });
db.prepare('BEGIN IMMEDIATE').run();
process.send('locked');
setTimeout(() => {
  db.prepare('COMMIT').run();
  db.close();
  process.send('released', () => process.exit(0));
}, Number(ms));
