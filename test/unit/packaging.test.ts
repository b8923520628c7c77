import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { applicationMenuTemplate, installApplicationMenu } from '../../src/main/menu';
import { createMainWindow, denyAllPermissions, secureWebPreferences } from '../../src/main/window';
import { tempDir } from '../helpers/core';

// The packaged app (finding 8 of issue #12): fuses, permissions, menu, icons and signing settings,
// read from the real builder configuration (through electron-builder's own loader) and tested on
// the glue with stand-ins for the electron module.

const ROOT = path.resolve(__dirname, '../..');
// The configuration as plain data, read back loosely: the test says which fields it expects.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;
const { builderConfig } = require('../../scripts/builder-config.cjs') as { builderConfig: (env: Record<string, string | undefined>) => Loose };
const icons = require('../../scripts/make-icons.cjs') as {
  makeIcons(source: string, out: string): string[];
  decodePng(data: Buffer): { width: number; height: number; rgba: Buffer };
  ICO_SIZES: number[];
  ICNS_TYPES: Array<[string, number]>;
  LINUX_SIZES: number[];
};

describe('the builder configuration', () => {
  it('electron-builder itself loads electron-builder.cjs with every fuse set', async () => {
        const { getConfig } = require('app-builder-lib/out/util/config/config') as { getConfig(dir: string): Promise<Loose> };
    const config = await getConfig(ROOT);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
    });
    expect(config.asar).toBe(true);
    expect(config.directories.buildResources).toBe('resources');
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).build).toBeUndefined(); // else package.json would win
    for (const icon of [config.win.icon, config.mac.icon, path.join(config.linux.icon, '512x512.png')]) expect(fs.existsSync(path.join(ROOT, icon)), icon).toBe(true);
    expect(config.mac.hardenedRuntime).toBe(true);
  });

  it('signs and notarizes only with keys from the environment; without them the installer is unsigned', () => {
    const none = builderConfig({});
    expect(none.mac).toMatchObject({ identity: null, notarize: false });
    expect(none.forceCodeSigning).toBe(false);
    const mac = builderConfig({ CSC_LINK: '/keys/dev-id.p12', CSC_KEY_PASSWORD: 'x', APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 'T' });
    expect(mac.mac.identity).toBeUndefined();
    expect(mac.mac.notarize).toBe(true);
    expect(builderConfig({ CSC_LINK: 'x', APPLE_ID: 'a@b.c' }).mac.notarize).toBe(false); // incomplete keys: signed, not notarized
    expect(builderConfig({ CSC_NAME: 'Developer ID Application: Agency', APPLE_API_KEY: 'k.p8', APPLE_API_KEY_ID: 'i', APPLE_API_ISSUER: 'j' }).mac).toMatchObject({ notarize: true });
    expect(builderConfig({ PAYDESK_REQUIRE_SIGNING: '1' }).forceCodeSigning).toBe(true);
    expect(builderConfig({}).win.signtoolOptions.signingHashAlgorithms).toEqual(['sha256']);
    // No key is ever written into the configuration itself.
    expect(JSON.stringify(mac)).not.toMatch(/dev-id\.p12|a@b\.c/);
  });
});

describe('the icons', () => {
  it('are made from the one source image by the script, and the committed ones are what it makes', () => {
    const t = tempDir();
    try {
      const names = icons.makeIcons(path.join(ROOT, 'resources/icon-source.png'), t.dir);
      for (const name of names) {
        const made = fs.readFileSync(path.join(t.dir, name));
        const committed = fs.readFileSync(path.join(ROOT, 'resources', name));
        expect(committed.equals(made), `resources/${name} is not what scripts/make-icons.cjs makes: run npm run icons`).toBe(true);
      }
    } finally {
      t.cleanup();
    }
  });

  it('a Windows .ico and a macOS .icns of PNG images at every size, and the Linux PNGs', () => {
    const ico = fs.readFileSync(path.join(ROOT, 'resources/icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, icons.ICO_SIZES.length]);
    icons.ICO_SIZES.forEach((size, i) => {
      const e = 6 + 16 * i;
      expect(ico[e] || 256).toBe(size);
      const png = icons.decodePng(ico.subarray(ico.readUInt32LE(e + 12), ico.readUInt32LE(e + 12) + ico.readUInt32LE(e + 8)));
      expect([png.width, png.height]).toEqual([size, size]);
    });

    const icns = fs.readFileSync(path.join(ROOT, 'resources/icon.icns'));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const seen: Array<[string, number]> = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      const png = icons.decodePng(icns.subarray(at + 8, at + icns.readUInt32BE(at + 4)));
      seen.push([icns.toString('latin1', at, at + 4), png.width]);
    }
    expect(seen).toEqual(icons.ICNS_TYPES);

    for (const size of icons.LINUX_SIZES) expect(icons.decodePng(fs.readFileSync(path.join(ROOT, `resources/icons/${size}x${size}.png`))).width).toBe(size);
    // The corners are transparent and the middle is not: a real icon, not an empty square.
    const big = icons.decodePng(fs.readFileSync(path.join(ROOT, 'resources/icon.png')));
    expect(big.rgba[3]).toBe(0);
    expect(big.rgba[(256 * 512 + 256) * 4 + 3]).toBe(255);
  });
});

describe('the glue of the packaged app', () => {
  it('denies every permission a page asks for or checks', () => {
    const handlers: Record<string, (...args: unknown[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: never) => (handlers.request = h),
      setPermissionCheckHandler: (h: never) => (handlers.check = h),
      setDevicePermissionHandler: (h: never) => (handlers.device = h),
    };
    denyAllPermissions(session as never);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb']) {
      const callback = vi.fn();
      handlers.request({}, permission, callback, {});
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(handlers.check({}, permission, 'file://', {})).toBe(false);
    }
    expect(handlers.device({ deviceType: 'usb' })).toBe(false);
  });

  it('a packaged build has no developer tools and no reload, in the menu or the window; a development build keeps them', () => {
    const roles = (t: ReturnType<typeof applicationMenuTemplate>): string[] =>
      t.flatMap((item) => [item.role as string, ...roles((item.submenu as ReturnType<typeof applicationMenuTemplate>) ?? [])]).filter(Boolean);
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      const packaged = roles(applicationMenuTemplate({ isPackaged: true, platform }));
      expect(packaged.filter((r) => /devtools|reload/i.test(r)), platform).toEqual([]);
      expect(packaged).toEqual(expect.arrayContaining(['copy', 'paste', 'zoomIn']));
      expect(roles(applicationMenuTemplate({ isPackaged: false, platform }))).toEqual(expect.arrayContaining(['toggleDevTools', 'reload']));
    }
    const Menu = { buildFromTemplate: vi.fn((t: unknown) => ({ t })), setApplicationMenu: vi.fn() };
    installApplicationMenu(Menu as never, { isPackaged: true, platform: 'win32' });
    expect(Menu.setApplicationMenu).toHaveBeenCalledWith({ t: applicationMenuTemplate({ isPackaged: true, platform: 'win32' }) });

    expect(secureWebPreferences('p', { devTools: false })).toMatchObject({ devTools: false });
    let options: Record<string, unknown> = {};
    class Win {
      webContents = { setWindowOpenHandler: vi.fn(), on: vi.fn() };
      constructor(o: Record<string, unknown>) {
        options = o;
      }
      once() {}
      loadURL() {
        return Promise.resolve();
      }
    }
    createMainWindow({ BrowserWindow: Win as never, shell: { openExternal: vi.fn() } }, { preloadPath: 'p', url: 'file:///app/index.html', isPackaged: true });
    expect(options.webPreferences).toMatchObject({ devTools: false, contextIsolation: true, sandbox: true });
    createMainWindow({ BrowserWindow: Win as never, shell: { openExternal: vi.fn() } }, { preloadPath: 'p', url: 'file:///app/index.html', isPackaged: false });
    expect(options.webPreferences).toMatchObject({ devTools: true });
  });
});
