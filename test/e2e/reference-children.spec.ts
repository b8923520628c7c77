import { test, expect } from './fixtures';

// Children and authorizations through the UI: edit an authorization (saved in the core), and an
// overlapping authorization at the same provider is refused with the core's message in the dialog.

interface AuthRow {
  id: number;
  childId: number;
  caseNumber: string;
  providerId: number;
  providerName: string;
  startDate: string;
  endDate: string;
  daysPerWeek: number;
  copayCents: number;
}

test('edit an authorization, and an overlap at the same provider is refused clearly', async ({ page, app }) => {
  // A child with one authorization, so the row to edit is unambiguous.
  const auth = await app.core.store.read(
    ({ sql }) =>
      sql
        .prepare(
          `SELECT a.id, a.child_id AS childId, c.case_number AS caseNumber, a.provider_id AS providerId, p.name AS providerName,
             a.start_date AS startDate, a.end_date AS endDate, a.days_per_week AS daysPerWeek, a.copay_cents AS copayCents
           FROM authorization a JOIN child c ON c.id = a.child_id JOIN provider p ON p.id = a.provider_id
           WHERE (SELECT count(*) FROM authorization x WHERE x.child_id = a.child_id) = 1 ORDER BY a.id LIMIT 1`,
        )
        .get() as AuthRow,
  );
  await app.signIn(page, 'admin');
  await page.getByRole('button', { name: 'Children' }).click();
  const grid = page.getByRole('grid', { name: 'Children' });
  await expect(grid).toBeVisible();
  await expect(grid.getByRole('row')).not.toHaveCount(1);
  await app.shot(page, 'reference-children-grid');

  await page.getByRole('textbox', { name: 'Search Children' }).fill(auth.caseNumber);
  await expect(grid.getByRole('row')).toHaveCount(2);
  await grid.getByRole('row').nth(1).dblclick();
  await expect(page).toHaveURL(new RegExp(`#/children/${auth.childId}$`));
  const table = page.getByRole('table', { name: 'Authorizations' });
  await expect(table.getByText(auth.providerName)).toBeVisible();
  await app.shot(page, 'reference-child');

  // Edit: three days a week and a $12.50 co-payment.
  await page.getByRole('button', { name: `Edit authorization at ${auth.providerName} from ${auth.startDate}` }).click();
  const dialog = page.getByRole('dialog', { name: /Edit authorization/ });
  await expect(dialog.getByRole('combobox', { name: 'Provider' })).toHaveValue(new RegExp(auth.providerName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await dialog.getByRole('combobox', { name: 'Days per week' }).click();
  await page.getByRole('option', { name: '3' }).click();
  await dialog.getByRole('textbox', { name: 'Co-payment per period' }).fill('12.50');
  await app.shot(page, 'reference-authorization-dialog');
  await dialog.getByRole('button', { name: 'Save authorization' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('notifier')).toContainText(`Authorization at ${auth.providerName}`);
  await expect(table.getByRole('row').nth(1)).toContainText('$12.50');
  const stored = await app.core.store.read(
    ({ sql }) => sql.prepare(`SELECT days_per_week AS d, copay_cents AS c FROM authorization WHERE id = ?`).get(auth.id) as { d: number; c: number },
  );
  expect(stored).toEqual({ d: 3, c: 1250 });

  // A second authorization at the same provider overlapping in time is refused, and nothing is added.
  await page.getByRole('button', { name: 'Add authorization' }).click();
  const add = page.getByRole('dialog', { name: /New authorization/ });
  await add.getByRole('combobox', { name: 'Provider' }).fill(auth.providerName);
  await page.getByRole('option', { name: new RegExp(auth.providerName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first().click();
  await add.getByLabel('Start date').fill(auth.startDate);
  await add.getByLabel('End date').fill(auth.endDate);
  await add.getByRole('button', { name: 'Save authorization' }).click();
  await expect(add.getByTestId('authorization-error')).toContainText(`This authorization overlaps authorization ${auth.id} of the same child at the same provider`);
  await app.shot(page, 'reference-authorization-overlap');
  const count = await app.core.store.read(
    ({ sql }) => (sql.prepare(`SELECT count(*) AS n FROM authorization WHERE child_id = ?`).get(auth.childId) as { n: number }).n,
  );
  expect(count).toBe(1);
});

test('a new child through the form, then children and authorizations imported from CSV', async ({ page, app }) => {
  const provider = await app.core.store.read(
    ({ sql }) => sql.prepare(`SELECT license_number AS license, name FROM provider ORDER BY id LIMIT 1`).get() as { license: string; name: string },
  );
  await app.signIn(page, 'admin');
  await page.goto(`${app.url}#/children`);
  await page.getByRole('button', { name: 'New child' }).click();
  await page.getByRole('textbox', { name: 'Case number', exact: true }).fill('CASE-E2E-01');
  await page.getByRole('textbox', { name: 'Last name', exact: true }).fill('Ortiz');
  await page.getByRole('textbox', { name: 'First name', exact: true }).fill('Maya');
  await page.getByLabel('Birth date').fill('2023-04-17');
  await page.getByRole('textbox', { name: 'Parent or guardian', exact: true }).fill('Rosa Ortiz');
  await app.shot(page, 'reference-child-new');
  await page.getByRole('button', { name: 'Create child' }).click();
  await expect(page.getByRole('heading', { name: 'Maya Ortiz' })).toBeVisible();
  await expect(page.getByText('No authorizations')).toBeVisible();

  await page.getByRole('button', { name: 'Children', exact: true }).first().click();
  const children = ['case_number,first_name,last_name,birth_date,guardian_name', 'CASE-E2E-02,Liam,Chen,09/02/2021,Wei Chen'].join('\n');
  await page.getByTestId('import-children-file').setInputFiles({ name: 'children.csv', mimeType: 'text/csv', buffer: Buffer.from(children) });
  const done = page.getByRole('dialog', { name: 'children.csv imported' });
  await expect(done.getByRole('row', { name: /Created/ })).toContainText('1');
  await done.getByRole('button', { name: 'Close' }).click();

  const auths = [
    'case_number,provider_license,start_date,end_date,care_level,days_per_week,copay',
    `CASE-E2E-01,${provider.license},2026-01-01,2026-12-31,full_time,5,25.00`,
    `CASE-E2E-02,${provider.license},2026-03-01,2026-08-31,part_time,3,`,
  ].join('\n');
  await page.getByTestId('import-authorizations-file').setInputFiles({ name: 'authorizations.csv', mimeType: 'text/csv', buffer: Buffer.from(auths) });
  const done2 = page.getByRole('dialog', { name: 'authorizations.csv imported' });
  await expect(done2.getByRole('row', { name: /Created/ })).toContainText('2');
  await done2.getByRole('button', { name: 'Close' }).click();

  const grid = page.getByRole('grid', { name: 'Children' });
  await page.getByRole('textbox', { name: 'Search Children' }).fill('CASE-E2E');
  await expect(grid.getByRole('row')).toHaveCount(3);
  await grid.getByRole('row', { name: /CASE-E2E-01/ }).dblclick();
  const table = page.getByRole('table', { name: 'Authorizations' });
  await expect(table).toContainText(provider.name);
  await expect(table).toContainText('$25.00');
});
