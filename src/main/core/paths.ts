import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'PayDesk';
export const DATABASE_FILE_NAME = 'paydesk.sqlite';

/**
 * The user-data folder, computed the way Electron's app.getPath('userData') does for a product
 * named PayDesk, so the CLI and the app open the same file by default.
 */
export function defaultDataDir(): string {
  if (process.env.PAYDESK_DATA_DIR) return process.env.PAYDESK_DATA_DIR;
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
}

export function defaultDatabaseFile(): string {
  return process.env.PAYDESK_DB ?? path.join(defaultDataDir(), DATABASE_FILE_NAME);
}
