import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, safeStorage, session, shell, utilityProcess, dialog, type WebContents } from 'electron';
import { desktopAuditVault, VAULT_FILE_NAME } from './audit-vault';
import { CoreClient } from './core-client';
import { Desktop, type LocalCore } from './desktop';
import { forwardEvents, registerDesktopIpc, registerIpc } from './ipc';
import { IPC_OPEN_REQUEST, type FromCore, type PortLike, type ToCore } from './protocol';
import { applyContentSecurityPolicy, createMainWindow, denyAllPermissions } from './window';
import { installApplicationMenu } from './menu';
import { DATABASE_FILE_NAME } from './core/paths';

// Electron glue only: lifecycle, the window, the core's utility process (or a PayDesk server), and the relay.
app.setName('PayDesk');
let mainWindow: BrowserWindow | null = null;

/** A local database's core in its own utility process; stopped when another file or a server is opened. */
function startLocalCore(file: string, options: { create: boolean }): LocalCore {
  const dataDir = app.getPath('userData');
  const child = utilityProcess.fork(path.join(__dirname, 'core-process.js'), [], {
    serviceName: 'PayDesk core',
    env: {
      ...process.env,
      PAYDESK_DB: file,
      PAYDESK_DATA_DIR: dataDir,
      // First start: the default database is created; a file the user named must exist.
      PAYDESK_CREATE: options.create ? '1' : '0',
    },
  });
  const port: PortLike<FromCore, ToCore> = {
    postMessage: (m) => child.postMessage(m),
    on: (_event, listener) => child.on('message', listener),
  };
  const client = new CoreClient(port);
  let stopping = false;
  // The audit vault from the OS keychain goes to the core in its first message (never in its environment).
  const vault = desktopAuditVault(safeStorage, path.join(dataDir, VAULT_FILE_NAME), (m) => console.warn(`[paydesk] ${m}`));
  child.postMessage({ type: 'start', auditVault: vault ? vault.toString('base64') : null });
  child.on('exit', (code) => {
    client.coreExited(`exit code ${code}`);
    if (code !== 0 && !stopping && mainWindow) dialog.showErrorBox('PayDesk', 'The PayDesk core stopped unexpectedly. Please restart the app.');
  });
  return {
    invoke: (name, args) => client.invoke(name, args),
    onEvent: (listener) => client.onEvent(listener),
    whenReady: () => client.whenReady(),
    setExportFolder: (folder) => client.setExportFolder(folder),
    async stop() {
      stopping = true;
      await client.shutdown();
      child.kill();
    },
  };
}

/** File > Open…: a database file of this computer. */
async function chooseDatabaseFile(): Promise<string | null> {
  const options = {
    title: 'Open a PayDesk database',
    defaultPath: app.getPath('userData'),
    properties: ['openFile'] as Array<'openFile'>,
    filters: [{ name: 'PayDesk database', extensions: ['sqlite', 'db'] }, { name: 'All files', extensions: ['*'] }],
  };
  const choice = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return choice.canceled || choice.filePaths.length === 0 ? null : choice.filePaths[0];
}

/** Settings → Agency and bank → Choose…: the one way the desktop names an export folder. */
async function chooseExportFolder(current: string | null): Promise<string | null> {
  const options = {
    title: 'Choose the export folder',
    buttonLabel: 'Use this folder',
    defaultPath: current ?? app.getPath('documents'),
    properties: ['openDirectory', 'createDirectory', 'promptToCreate'] as Array<'openDirectory' | 'createDirectory' | 'promptToCreate'>,
  };
  const choice = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
  return choice.canceled || choice.filePaths.length === 0 ? null : choice.filePaths[0];
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
  const dataDir = app.getPath('userData');
  // Where the window's calls go: a local database file, or a PayDesk server (File > Open…).
  const desktop = new Desktop({ dataDir, defaultDatabase: path.join(dataDir, DATABASE_FILE_NAME), startLocal: startLocalCore, chooseDatabaseFile, chooseExportFolder });
  installApplicationMenu(Menu, {
    isPackaged: app.isPackaged,
    platform: process.platform,
    onOpen: () => mainWindow?.webContents.send(IPC_OPEN_REQUEST),
  });
  const isOurWindow = (sender: WebContents) => sender === mainWindow?.webContents;
  registerIpc({ ipcMain, shell, printPdf, chooseSaveFile }, desktop, isOurWindow);
  registerDesktopIpc(ipcMain, desktop, isOurWindow);
  forwardEvents(desktop, () => mainWindow?.webContents ?? null);
  try {
    // PAYDESK_DB names a file for this run; otherwise what was open when the app last closed.
    await desktop.start(process.env.PAYDESK_DB);
  } catch (err) {
    dialog.showErrorBox('PayDesk could not open its database', (err as Error).message);
    app.quit();
    return;
  }
  // Before quitting: the server session is ended there, the local database closed.
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closed = true;
    void desktop.close().finally(() => app.quit());
  });
  const url = process.env.ELECTRON_RENDERER_URL ?? `file://${path.join(__dirname, '../renderer/index.html')}`;
  mainWindow = createMainWindow({ BrowserWindow, shell }, { preloadPath: path.join(__dirname, '../preload/index.js'), url, isPackaged: app.isPackaged });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
});

app.on('window-all-closed', () => app.quit());
