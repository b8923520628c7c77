import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, safeStorage, session, shell, utilityProcess, dialog } from 'electron';
import { desktopAuditVault, VAULT_FILE_NAME } from './audit-vault';
import { CoreClient } from './core-client';
import { forwardEvents, registerIpc } from './ipc';
import type { FromCore, PortLike, ToCore } from './protocol';
import { applyContentSecurityPolicy, createMainWindow, denyAllPermissions } from './window';
import { installApplicationMenu } from './menu';
import { DATABASE_FILE_NAME } from './core/paths';

// Electron glue only: lifecycle, the window, the core's utility process, and the relay.
app.setName('PayDesk');
let mainWindow: BrowserWindow | null = null;

function startCore(): CoreClient {
  const dataDir = app.getPath('userData');
  const child = utilityProcess.fork(path.join(__dirname, 'core-process.js'), [], {
    serviceName: 'PayDesk core',
    env: {
      ...process.env,
      PAYDESK_DB: process.env.PAYDESK_DB ?? path.join(dataDir, DATABASE_FILE_NAME),
      PAYDESK_DATA_DIR: dataDir,
      // First start: the default database is created; a file the user named must exist.
      PAYDESK_CREATE: process.env.PAYDESK_DB ? '0' : '1',
    },
  });
  const port: PortLike<FromCore, ToCore> = {
    postMessage: (m) => child.postMessage(m),
    on: (_event, listener) => child.on('message', listener),
  };
  const client = new CoreClient(port);
  // The audit vault from the OS keychain goes to the core in its first message (never in its environment).
  const vault = desktopAuditVault(safeStorage, path.join(dataDir, VAULT_FILE_NAME), (m) => console.warn(`[paydesk] ${m}`));
  child.postMessage({ type: 'start', auditVault: vault ? vault.toString('base64') : null });
  child.on('exit', (code) => {
    client.coreExited(`exit code ${code}`);
    if (code !== 0 && mainWindow) dialog.showErrorBox('PayDesk', 'The PayDesk core stopped unexpectedly. Please restart the app.');
  });
  return client;
}

async function printPdf(file: string): Promise<void> {
  // Chromium's PDF viewer prints the file; the OS viewer is the fallback.
  const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true } });
  try {
    await win.loadFile(file);
    await new Promise<void>((resolve, reject) => win.webContents.print({}, (ok, reason) => (ok ? resolve() : reject(new Error(reason)))));
  } catch {
    await shell.openPath(file);
  } finally {
    win.close();
  }
}

/** The save dialog of the main process: the one way a user chooses where a copy of a batch file goes. */
async function chooseSaveFile(suggestedName: string): Promise<string | null> {
  const options = { defaultPath: path.join(app.getPath('documents'), suggestedName) };
  const choice = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
  return choice.canceled || !choice.filePath ? null : choice.filePath;
}

app.whenReady().then(async () => {
  applyContentSecurityPolicy(session.defaultSession);
  denyAllPermissions(session.defaultSession);
  installApplicationMenu(Menu, { isPackaged: app.isPackaged, platform: process.platform });
  const client = startCore();
  registerIpc({ ipcMain, shell, printPdf, chooseSaveFile }, client, (sender) => sender === mainWindow?.webContents);
  forwardEvents(client, () => mainWindow?.webContents ?? null);
  try {
    await client.whenReady();
  } catch (err) {
    dialog.showErrorBox('PayDesk could not open its database', (err as Error).message);
    app.quit();
    return;
  }
  const url = process.env.ELECTRON_RENDERER_URL ?? `file://${path.join(__dirname, '../renderer/index.html')}`;
  mainWindow = createMainWindow({ BrowserWindow, shell }, { preloadPath: path.join(__dirname, '../preload/index.js'), url, isPackaged: app.isPackaged });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
});

app.on('window-all-closed', () => app.quit());
