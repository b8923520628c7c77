import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { Core } from '../../src/main/core/core';
import { buildDemoDatabase } from '../../src/main/core/demo/demo';
import { copyDatabase } from '../../src/main/core/audit/key';
import { startWebPreview, type WebPreview } from '../../src/web-preview/server';

// One demo database per worker, copied for every test, so each test starts from the same data.
const RENDERER_DIR = path.resolve(__dirname, '../../out/renderer');
export const SCREENSHOT_DIR = path.resolve(__dirname, '../../test-results/screenshots');

export interface AppFixture {
  url: string;
  core: Core;
  dir: string;
  /** Opens the app and signs in (demo password). */
  signIn(page: Page, username: string): Promise<void>;
  shot(page: Page, name: string): Promise<void>;
}

export const test = base.extend<{ app: AppFixture }, { template: string }>({
  template: [
    async ({}, use) => {
      if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
        throw new Error('out/renderer is missing: run "npm run build" (npm run test:e2e does it).');
      }
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paydesk-e2e-template-'));
      const file = path.join(dir, 'template.sqlite');
      await buildDemoDatabase({ file, seed: 1, scale: 'S', now: new Date('2026-11-25T09:00:00Z') });
      await use(file);
      fs.rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  app: async ({ template }, use) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paydesk-e2e-'));
    const file = path.join(dir, 'paydesk.sqlite');
    copyDatabase(template, file);
    const core = await Core.start({ databaseFile: file, dataDir: dir, isDemo: true, log: () => {} });
    const preview: WebPreview = await startWebPreview({ core, rendererDir: RENDERER_DIR });
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await use({
      url: preview.url,
      core,
      dir,
      async signIn(page, username) {
        await page.goto(preview.url);
        await page.getByTestId('username').fill(username);
        await page.getByTestId('password').fill('demo1234');
        await page.getByRole('button', { name: 'Sign in' }).click();
        await expect(page.getByTestId('signed-in-user')).toBeVisible();
      },
      async shot(page, name) {
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
      },
    });
    await preview.close();
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  },
});

export { expect };
