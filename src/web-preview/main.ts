import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Core } from '../main/core/core';
import { isPostgresUrl } from '../main/core/db/engine/url';
import { buildDemoDatabase } from '../main/core/demo/demo';
import { defaultDataDir } from '../main/core/paths';
import { DEMO_FILE_NAME } from '../main/core/session/handlers';
import { startWebPreview } from './server';

// npm run preview:web [-- --db FILE|postgres://USER@HOST/DB] [--port N]: the app in a browser, for machines without Electron.
async function main() {
  const { values } = parseArgs({ options: { db: { type: 'string' }, port: { type: 'string' }, new: { type: 'boolean' } } });
  const dataDir = defaultDataDir();
  let db = values.db;
  let isDemo = false;
  if (!db) {
    db = path.join(dataDir, DEMO_FILE_NAME);
    isDemo = true;
    if (!fs.existsSync(db)) {
      console.log(`Creating the demo database at ${db} …`);
      await buildDemoDatabase({ file: db, seed: 1, scale: 'S', now: new Date() });
    }
  } else if (!isPostgresUrl(db) && !fs.existsSync(db)) {
    if (!values.new) throw new Error(`There is no database at ${db}. Add --new to create a new one there (the app then offers to create an administrator).`);
    console.log(`Creating a new database at ${db}: the app offers to create an administrator.`);
  }
  const core = await Core.start({ databaseFile: db, dataDir, isDemo, create: !!values.new });
  const preview = await startWebPreview({
    core,
    rendererDir: path.resolve(__dirname, '../../out/renderer'),
    port: values.port ? Number(values.port) : 0,
  });
  console.log(`PayDesk preview (database ${db}):\n\n  ${preview.url}\n\nOpen that address in a browser. Ctrl+C stops.`);
  const stop = async () => {
    await preview.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`preview:web failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
