import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, SCREENSHOT_DIR } from './fixtures';
import { copyDatabase } from '../../src/main/core/audit/key';
import { certificateFilesOf } from '../../src/server/certificate';
import { startServe, type Serving } from '../../src/server/serve';
import { desktopHarness, type DesktopHarness } from '../helpers/desktop';

// The desktop app's first start and its connection to a PayDesk server, in Chromium: the built
// renderer, the built preload (out/preload/index.js, run in the page with a stand-in for the
// electron module whose ipcRenderer reaches the real main-process handlers in this test process),
// the real Desktop switch, a real local core and a real `paydesk serve` on 127.0.0.1.

const OUT = path.resolve(__dirname, '../../out');
const ORIGIN = 'http://paydesk.desktop';
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.png': 'image/png' };

/** The page as the Electron window would have it: the renderer's files, and window.api from the real preload. */
async function openDesktopWindow(page: Page, h: DesktopHarness): Promise<void> {
  await page.route(`${ORIGIN}/**`, (route) => {
    const file = path.join(OUT, 'renderer', new URL(route.request().url()).pathname);
    if (!file.startsWith(path.join(OUT, 'renderer')) || !fs.existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, body: fs.readFileSync(file), contentType: TYPES[path.extname(file)] ?? 'application/octet-stream' });
  });
  // ipcRenderer.invoke -> the handlers registered on the stand-in ipcMain; webContents.send -> ipcRenderer's listeners.
  await page.exposeFunction('__paydeskIpc', (channel: string, args: unknown[]) => h.handlers.get(channel)!({ sender: h.window }, ...args));
  h.window.on('sent', (channel: string, payload: unknown) => {
    void page.evaluate(([c, p]) => (globalThis as unknown as { __paydeskSend(c: string, p: unknown): void }).__paydeskSend(c, p), [channel, payload] as const).catch(() => undefined);
  });
  const preload = fs.readFileSync(path.join(OUT, 'preload', 'index.js'), 'utf8');
  await page.addInitScript({
    content: `(function () {
      var listeners = new Map();
      window.__paydeskSend = function (channel, payload) { (listeners.get(channel) || []).slice().forEach(function (h) { h({}, payload); }); };
      var ipcRenderer = {
        invoke: function (channel) { return window.__paydeskIpc(channel, Array.prototype.slice.call(arguments, 1)); },
        on: function (channel, h) { listeners.set(channel, (listeners.get(channel) || []).concat([h])); },
        removeListener: function (channel, h) { listeners.set(channel, (listeners.get(channel) || []).filter(function (x) { return x !== h; })); },
      };
      var require = function (name) {
        if (name !== 'electron') throw new Error('the preload may require electron only, not ' + name);
        return { ipcRenderer: ipcRenderer, contextBridge: { exposeInMainWorld: function (key, value) { window[key] = Object.freeze(value); } } };
      };
      ${preload}
    })();`,
  });
  await page.goto(`${ORIGIN}/index.html`);
}

const fingerprintShown = async (page: Page, testId: string) => (await page.getByTestId(testId).innerText()).replace(/\s+/g, '');

test('first start on the desktop: connect to a PayDesk server (fingerprint compared, pinned), sign in; a changed certificate is refused; back to the local database', async ({ page, template }) => {
  test.setTimeout(180_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paydesk-e2e-desktop-'));
  const dataDir = path.join(dir, 'userData');
  const db = path.join(dir, 'team.sqlite');
  copyDatabase(template, db);
  let serving: Serving | null = await startServe({ db, listen: '127.0.0.1:0', rendererDir: path.join(dir, 'none'), log: () => {} });
  const h = desktopHarness(dataDir);
  try {
    await h.desktop.start();
    const url = serving.server.url;
    const port = serving.server.port;
    const first = serving.certificate.fingerprint;
    await openDesktopWindow(page, h);

    // The first-start screen: this computer's new database, or a server.
    await expect(page.getByText('Welcome to PayDesk')).toBeVisible();
    await expect(page.getByTestId('first-start-connect')).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'desktop-first-start.png') });
    await page.getByTestId('first-start-connect').click();
    await expect(page.getByRole('heading', { name: 'Connect to a PayDesk server' })).toBeVisible();

    // The address is checked: the fingerprint to compare, nothing pinned yet.
    await page.getByTestId('server-address').fill(`127.0.0.1:${port}`);
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByTestId('server-new')).toContainText('Compare the certificate');
    expect(await fingerprintShown(page, 'server-fingerprint')).toBe(first);
    expect(fs.existsSync(path.join(dataDir, 'server-pins.json'))).toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'desktop-connect-fingerprint.png') });

    // They match: connected (and pinned); sign-in goes to the server.
    await page.getByTestId('server-connect').click();
    await expect(page.getByTestId('sign-in-where')).toHaveText(`PayDesk server: ${url}`);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'server-pins.json'), 'utf8'))).toEqual({ [url]: first });
    await page.getByTestId('username').fill('payor');
    await page.getByTestId('password').fill('demo1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('signed-in-user')).toContainText('Payor');
    await expect(page.getByTestId('connection')).toContainText(`127.0.0.1:${port}`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'desktop-connected.png') });

    // The server stops: the window shows it has lost the connection.
    await serving.stop();
    serving = null;
    await expect(page.getByTestId('connection-lost')).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('connection')).toContainText('reconnecting');

    // It comes back with another certificate: refused, the warning names both fingerprints.
    const files = certificateFilesOf(db);
    fs.rmSync(files.cert);
    fs.rmSync(files.key);
    serving = await startServe({ db, listen: `127.0.0.1:${port}`, rendererDir: path.join(dir, 'none'), log: () => {} });
    const second = serving.certificate.fingerprint;
    await page.reload();
    await expect(page.getByTestId('core-unreachable')).toContainText('WARNING');
    await expect(page.getByTestId('core-unreachable')).toContainText(first);
    await expect(page.getByTestId('core-unreachable')).toContainText(second);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'desktop-certificate-refused.png') });

    // File > Open… (here from the error screen; the menu sends the same request): the check shows both.
    await page.getByRole('button', { name: 'Open…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('server-address').fill(url);
    await dialog.getByRole('button', { name: 'Check' }).click();
    await expect(dialog.getByTestId('server-changed')).toContainText('certificate has changed');
    expect(await fingerprintShown(page, 'server-pinned-fingerprint')).toBe(first);
    expect(await fingerprintShown(page, 'server-fingerprint')).toBe(second);
    await expect(dialog.getByTestId('server-replace')).toBeDisabled();
    await expect(dialog.getByTestId('server-connect')).toHaveCount(0);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'desktop-open-certificate-changed.png') });

    // Back to this computer's own database: the first-start screen again, the app bar will show the file.
    await dialog.getByTestId('open-default').click();
    await expect(page.getByText('Welcome to PayDesk')).toBeVisible();
    expect(h.desktop.where()).toMatchObject({ kind: 'file', name: 'paydesk.sqlite' });
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'server-pins.json'), 'utf8'))).toEqual({ [url]: first });
  } finally {
    await h.desktop.close();
    await serving?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the desktop's Administrator chooses the export folder in the main process's folder dialog (Settings → Agency and bank)", async ({ page, template }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paydesk-e2e-desktop-'));
  const dataDir = path.join(dir, 'userData');
  fs.mkdirSync(dataDir);
  copyDatabase(template, path.join(dataDir, 'paydesk.sqlite'));
  const chosen = path.join(dir, 'Finance', 'PayDesk exports');
  const offered: Array<string | null> = [];
  const h = desktopHarness(dataDir, {
    chooseExportFolder: async (current) => {
      offered.push(current);
      return chosen;
    },
  });
  try {
    await h.desktop.start();
    await openDesktopWindow(page, h);
    await page.getByTestId('username').fill('admin');
    await page.getByTestId('password').fill('demo1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${ORIGIN}/index.html#/settings/agency`);
    const field = page.getByRole('textbox', { name: 'Export folder' });
    await expect(field).not.toHaveValue(''); // shown once read
    const before = await field.inputValue();
    await expect(field).toHaveAttribute('readonly', '');
    await page.getByRole('button', { name: 'Choose…' }).click();
    await expect(page.getByTestId('notifier')).toContainText(`Export batches now go into ${chosen}.`);
    await expect(field).toHaveValue(chosen);
    expect(offered).toEqual([before]);
    expect(fs.statSync(chosen).isDirectory()).toBe(true);
    expect(await h.invoke('export-folder-get')).toEqual({ ok: true, value: { folder: chosen, isDefault: false } });
    await page.getByTestId('notifier').getByRole('button').click();
    await expect(page.getByTestId('notifier')).toHaveCount(0);
    await field.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'desktop-export-folder-chosen.png') });
  } finally {
    await h.desktop.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the desktop on a local database file shows its name in the app bar', async ({ page, template }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paydesk-e2e-desktop-'));
  const dataDir = path.join(dir, 'userData');
  fs.mkdirSync(dataDir);
  copyDatabase(template, path.join(dataDir, 'paydesk.sqlite'));
  const h = desktopHarness(dataDir);
  try {
    await h.desktop.start();
    await openDesktopWindow(page, h);
    await expect(page.getByTestId('sign-in-where')).toHaveText(`Database: ${path.join(dataDir, 'paydesk.sqlite')}`);
    await page.getByTestId('username').fill('approver');
    await page.getByTestId('password').fill('demo1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('database-file')).toHaveText('paydesk.sqlite');
    await expect(page.getByTestId('connection')).toHaveCount(0);
    // File > Open… from the menu: the main process asks the window for its Open dialog.
    h.window.send('paydesk:open-request', undefined);
    await expect(page.getByRole('dialog')).toContainText(`Now open: ${path.join(dataDir, 'paydesk.sqlite')}`);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'desktop-local-open-dialog.png') });
  } finally {
    await h.desktop.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
