import { Core } from './core/core';
import { DAILY_ONLY_TASKS, HOUSEKEEPING_TASKS, runStartupTasks } from './core/features';
import type { FromCore, PortLike, ToCore } from './protocol';

// The core's utility process: the database and every handler run here, so a long export or
// import never blocks the window. It speaks only the small protocol of protocol.ts.

interface ParentMessage {
  data: ToCore;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function serveCore(
  port: PortLike<ParentMessage, FromCore>,
  options: { databaseFile: string; dataDir: string; isDemo?: boolean; auditVault?: Buffer | null; create?: boolean },
): Promise<Core | null> {
  let core: Core;
  try {
    core = await Core.start({ databaseFile: options.databaseFile, dataDir: options.dataDir, isDemo: options.isDemo, auditVault: options.auditVault, create: options.create });
  } catch (err) {
    port.postMessage({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
    return null;
  }
  // One window, one session: the connection holds who is signed in.
  const connection = core.connect(null);
  core.onEvent((event) => port.postMessage({ type: 'event', event }));
  // Daily housekeeping (the full integrity check, auto-deny, export repair) while the app stays open.
  const timer = setInterval(() => void runStartupTasks(core.systemContext(), HOUSEKEEPING_TASKS), DAY_MS);
  timer.unref?.();
  // Soon after start, the rest of it (the full check, the backup if the last is a day old).
  const first = setTimeout(() => void runStartupTasks(core.systemContext(), DAILY_ONLY_TASKS), 60_000);
  first.unref?.();
  port.on('message', ({ data }) => {
    if (data.type === 'invoke') {
      void connection.invoke(data.name, data.args).then((result) => port.postMessage({ type: 'result', id: data.id, result }));
    } else if (data.type === 'set-export-folder') {
      void connection.setExportFolder(String(data.folder)).then((result) => port.postMessage({ type: 'result', id: data.id, result }));
    } else if (data.type === 'shutdown') {
      clearInterval(timer);
      clearTimeout(first);
      void core.close().then(() => port.postMessage({ type: 'closed' }));
    }
  });
  port.postMessage({ type: 'ready', databasePath: core.store.file });
  return core;
}

/**
 * Starts serving once main's start message arrives: it carries the audit vault (a secret from the
 * OS keychain), which is never put in the environment or on the command line.
 */
export function serveOnStart(port: PortLike<ParentMessage, FromCore>, options: { databaseFile: string; dataDir: string; create?: boolean }): Promise<Core | null> {
  return new Promise((resolve) => {
    let started = false;
    port.on('message', ({ data }) => {
      if (started || data.type !== 'start') return;
      started = true;
      const auditVault = data.auditVault ? Buffer.from(data.auditVault, 'base64') : null;
      void serveCore(port, { ...options, auditVault }).then(resolve);
    });
  });
}

const parentPort = (process as unknown as { parentPort?: PortLike<ParentMessage, FromCore> }).parentPort;
if (parentPort && process.env.PAYDESK_DB && process.env.PAYDESK_DATA_DIR) {
  // PAYDESK_CREATE: the app's own default database, created on first start; a file named by the
  // user (PAYDESK_DB) must exist.
  void serveOnStart(parentPort, { databaseFile: process.env.PAYDESK_DB, dataDir: process.env.PAYDESK_DATA_DIR, create: process.env.PAYDESK_CREATE === '1' });
}
