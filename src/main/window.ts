import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions, Session, Shell, WebContents } from 'electron';

/** The parts of the electron module the window needs; tests pass a stand-in. */
export interface WindowDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindowType;
  shell: Pick<Shell, 'openExternal'>;
}

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export function secureWebPreferences(preloadPath: string, options: { devTools?: boolean } = {}): BrowserWindowConstructorOptions['webPreferences'] {
  return {
    preload: preloadPath,
    // A packaged build has no developer tools at all (not only no menu entry for them).
    devTools: options.devTools ?? true,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    spellcheck: false,
  };
}

/** Navigation away from the app is refused; links to the web open in the system browser. */
export function lockDownNavigation(contents: WebContents, appUrl: string, shell: WindowDeps['shell']): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Every permission a page could ask for (camera, microphone, notifications, location, clipboard
 * reading, USB, serial, HID…) is denied, asked or merely checked: PayDesk needs none of them.
 */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Adds the CSP header to every response of the window's session (the page also carries it as a meta tag). */
export function applyContentSecurityPolicy(session: Pick<Session, 'webRequest'>): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

export function createMainWindow(deps: WindowDeps, options: { preloadPath: string; url: string; isPackaged?: boolean }): BrowserWindowType {
  const win = new deps.BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'PayDesk',
    backgroundColor: '#f5f6f8',
    webPreferences: secureWebPreferences(options.preloadPath, { devTools: !options.isPackaged }),
  });
  lockDownNavigation(win.webContents, options.url.replace(/index\.html.*$/, ''), deps.shell);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(options.url);
  return win;
}
