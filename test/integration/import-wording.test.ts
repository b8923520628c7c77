import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../src/shared/api/errors';
import { openTestCore, snapshot, type TestCore } from '../helpers/core';
import { generate } from './intake-fixture';

// Issue #15: every import that refuses a file says so in one sentence shape,
// "FILE: N problem(s); nothing was changed. First: row R, COLUMN: what is wrong",
// and a file with the wrong columns reports its columns only, not every row as empty.

let t: TestCore;
beforeAll(async () => {
  t = await openTestCore({ demo: true });
  await generate(t, '2026-03');
});
afterAll(async () => {
  await t.close();
});

const SHAPE = /^(\S+): (\d[\d,]*) problems?; nothing was changed\. First: (row (\d+), )?([a-z_]+: )?\S.*$/;

async function refused(user: string, handler: string, fileName: string, content: string): Promise<AppError> {
  const before = await snapshot(t.core);
  const conn = await t.as(user);
  const error = await (conn.call as (h: string, a: unknown) => Promise<unknown>)(handler, { fileName, content }).then(
    () => null,
    (e: AppError) => e,
  );
  expect(error, `${handler} accepted ${fileName}`).not.toBeNull();
  expect(error!.code).toBe('INVALID_FILE');
  expect(await snapshot(t.core)).toEqual(before); // nothing was changed
  return error!;
}

const rows = (n: number, cells: string) => Array.from({ length: n }, () => cells).join('\n');

describe('import problems, one wording', () => {
  it('a reference CSV, the paper attendance CSV and a confirmation file say it the same way', async () => {
    const children = await refused('admin', 'reference-import-children', 'kids.csv', 'case_number,first_name,last_name,birth_date\nC-1,Ann,Lee,2031-13-45\n');
    expect(children.message).toMatch(SHAPE);
    expect(children.message).toMatch(/^kids\.csv: 1 problem; nothing was changed\. First: row 2, birth_date: /);

    const paper = await refused('approver', 'intake-import-paper-csv', 'paper.csv', 'license_number,period,case_number,date,hours,absence_code\nLIC-NOPE,2026-03,C-1,2026-03-02,8,\n');
    expect(paper.message).toMatch(SHAPE);
    // Two problems on row 2 (an unknown child and an unknown provider); the first is named.
    expect(paper.message).toMatch(/^paper\.csv: 2 problems; nothing was changed\. First: row 2, (case_number|license_number): there is no /);

    const confirmation = await refused('payor', 'export-import-confirmation', 'confirm.csv', 'payment_id,status,date\n999999,Paid,2026-03-20\n');
    expect(confirmation.message).toMatch(SHAPE);
    expect(confirmation.message).toMatch(/^confirm\.csv: 1 problem; nothing was changed\. First: row 2, payment_id: /);
  });

  it('a file with the wrong columns reports the columns, not every row as empty', async () => {
    const body = rows(40, 'a,b,c');
    const paper = await refused('approver', 'intake-import-paper-csv', 'wrong.csv', `lic,per,kid\n${body}\n`);
    expect(paper.issues!.every((i) => i.row === 1)).toBe(true);
    expect(paper.issues!.some((i) => /empty/.test(i.message))).toBe(false);
    expect(paper.message).toMatch(SHAPE);
    expect(paper.message).toMatch(/^wrong\.csv: \d+ problems; nothing was changed\. First: row 1, /);

    const providers = await refused('admin', 'reference-import-providers', 'wrong.csv', `lic,per,kid\n${body}\n`);
    expect(providers.issues!.every((i) => i.row === 1)).toBe(true);
    expect(providers.message).toMatch(SHAPE);

    const confirmation = await refused('payor', 'export-import-confirmation', 'wrong.csv', `lic,per,kid\n${body}\n`);
    expect(confirmation.issues!.every((i) => i.row === 1)).toBe(true);
    expect(confirmation.message).toMatch(/^wrong\.csv: 3 problems; nothing was changed\. First: row 1, payment_id: the required column payment_id is missing/);
  });

  it('a file that is not text says so, in the same shape', async () => {
    const e = await refused('payor', 'export-import-confirmation', 'binary.csv', 'payment_id\u0000status');
    expect(e.message).toMatch(/^binary\.csv: 1 problem; nothing was changed\. First: the file /);
  });
});
