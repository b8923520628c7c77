import fs from 'node:fs';
import path from 'node:path';
import type { Connection } from '../../main/core/core';
import { type Command, stringOption, table, usageError } from '../command';

// Printed attendance sheets from the command line (docs/attendance-sheets.md): the period's
// sheets of every provider on paper in one PDF (or one provider's), each sheet's CSV template
// and the templates in one file, written to --out (default: the current folder). Printing marks
// each payment's sheet printed, as the app's Print button does.

async function periodId(connection: Connection, value: string): Promise<number> {
  const periods = await connection.call('periods-list', {});
  const found = periods.find((p) => p.code === value || String(p.id) === value);
  if (!found) throw usageError(`--period: no service period "${value}" (codes: ${periods.map((p) => p.code).join(', ')})`);
  return found.id;
}

export const sheetsCommand: Command = {
  name: 'sheets',
  summary: "print a period's attendance sheets (PDF, with a CSV template per sheet) for the providers on paper, or one provider's",
  usage:
    'paydesk sheets --as USER --period CODE|ID [--provider ID] [--out DIR] [--db FILE] [--json]\n' +
    '  Writes attendance-sheets-PERIOD.pdf (or attendance-sheet-PERIOD-LICENSE.pdf with --provider), one CSV template per sheet\n' +
    '  and all of them in one CSV (keyed back with paydesk import-paper), and marks each sheet printed.',
  options: { as: { type: 'string' }, period: { type: 'string' }, provider: { type: 'string' }, out: { type: 'string' } },
  async run(ctx) {
    const v = ctx.values;
    const providerText = stringOption(v, 'provider', false);
    if (providerText !== undefined && !/^[1-9]\d{0,14}$/.test(providerText)) throw usageError(`--provider must be a provider's id (a whole number); not "${providerText.slice(0, 40)}"`);
    const out = path.resolve(stringOption(v, 'out', false) ?? '.');
    if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) throw usageError(`--out: ${out} is not a folder`);
    const { core, connection } = await ctx.open({ as: stringOption(v, 'as')! });
    try {
      const r = await connection.call('attendance-sheets-print', {
        periodId: await periodId(connection, stringOption(v, 'period')!),
        ...(providerText !== undefined ? { providerId: Number(providerText) } : {}),
      });
      fs.mkdirSync(out, { recursive: true });
      const files = [path.join(out, r.fileName)];
      fs.writeFileSync(files[0], Buffer.from(r.pdfBase64, 'base64'));
      for (const s of r.sheets) {
        files.push(path.join(out, s.template.fileName));
        fs.writeFileSync(files.at(-1)!, s.template.content);
      }
      if (r.sheets.length > 1) {
        files.push(path.join(out, r.template.fileName));
        fs.writeFileSync(files.at(-1)!, r.template.content);
      }
      const rows = r.sheets.map((s) => ({ provider: s.providerId, license: s.licenseNumber, name: s.providerName, children: s.children, pages: s.pages, printed: `${s.printed.printCount}×` }));
      const { pdfBase64: _pdf, ...rest } = r;
      ctx.out(
        { ...rest, sheets: r.sheets.map(({ template: _t, ...s }) => s), template: undefined, files },
        [r.message, table(rows, ['provider', 'license', 'name', 'children', 'pages', 'printed']), 'Written:', ...files.map((f) => `  ${f}`)].join('\n'),
      );
    } finally {
      await core.close();
    }
  },
};

export const SHEETS_COMMANDS: Command[] = [sheetsCommand];
