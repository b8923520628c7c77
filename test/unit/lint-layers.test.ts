import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Proves the layer rule bites: the fixtures under test/fixtures/lint import the wrong way on purpose.
const ROOT = path.resolve(__dirname, '../..');

async function lint(file: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT, ignore: false, overrideConfigFile: path.join(ROOT, 'eslint.config.mjs') });
  const [result] = await eslint.lintFiles([path.join(ROOT, file)]);
  return result.messages.filter((m) => m.ruleId === 'paydesk/layers').map((m) => m.message);
}

describe('the layer lint rule', () => {
  it('refuses electron in src/main/core', async () => {
    expect(await lint('test/fixtures/lint/src/main/core/bad-electron.ts')).toEqual([
      expect.stringMatching(/src\/main\/core may not import electron/),
    ]);
  });

  it('refuses an import from src/renderer into src/main/core', async () => {
    expect(await lint('test/fixtures/lint/src/main/core/bad-renderer.ts')).toEqual([expect.stringMatching(/may not import \.\.\/\.\.\/renderer/)]);
  });

  it('refuses core and Node built-ins in src/renderer', async () => {
    const messages = await lint('test/fixtures/lint/src/renderer/src/bad-core.ts');
    expect(messages).toHaveLength(2);
    expect(messages.join('\n')).toMatch(/may import only src\/shared, src\/renderer/);
    expect(messages.join('\n')).toMatch(/runs in the browser: it may not import "node:fs"/);
  });

  it('passes the real source tree', async () => {
    const eslint = new ESLint({ cwd: ROOT });
    const results = await eslint.lintFiles(['src/shared', 'src/main/core', 'src/renderer/src']);
    const layerErrors = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'paydesk/layers').map((m) => `${r.filePath}: ${m.message}`));
    expect(layerErrors).toEqual([]);
  });
});
