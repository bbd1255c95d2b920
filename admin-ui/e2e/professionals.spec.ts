// Changing the worked partner's professionals: one association with its score impact and audit entry,
// two concurrent edits of one association, and a bulk upload.
//
// In this order, after the files that read the worked partner's scores and professionals as imported
// (access, overview, partners: the scenarios project runs files in alphabetical order, one test at a
// time): the association expects Security at 36.68 before it.
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { ADMIN, expect, test, WORKED } from './fixtures';

test('admin associates a professional holding the Security set; the Security score rises by a sixth of 40 points and the audit entry appears', async ({
  page,
  server,
  shots,
  signedIn,
}) => {
  for (const f of ['createProfessional', 'addCertification', 'associateProfessional', 'auditEvents']) {
    test.skip(!server.schema.has(f), `the server's schema does not have ${f} yet`);
  }
  await signedIn('ADMIN', `/partners/${WORKED}/professionals?asOf=2024-06`);
  await page.getByRole('button', { name: 'Associate a professional' }).click();
  await page.getByLabel('Professional ID').fill('E2E-M9');
  await page.getByLabel('Associated on').fill('2024-01-01');
  await page.getByLabel(/New professional/).check();
  await page.getByLabel('Name', { exact: true }).fill('E2E Professional');
  await page.getByLabel('Certifications', { exact: true }).fill('MS-500, AZ-500, SC-400');
  await page.getByLabel('Earned on').fill('2023-03-01');
  // June 2024 is scored by rule set 2023-12: the example's four professionals fill steps 1 and 2 but
  // hold no step-3 certification (0 of 40 points); E2E-M9's SC-400 is the first: one sixth of 40,
  // 0 → 6.67 and a total of 36.68 → 43.35.
  const expectImpact = async (table: Locator, label: string) => {
    await table.waitFor();
    const row = table.locator('tr[data-designation="SECURITY"]');
    const metric = await row.locator('li[data-metric="INTERMEDIATE_CERTIFICATIONS"]').innerText();
    expect(metric, `${label}: intermediate certifications ${metric}`).toContain('→ 6.67');
    const cells = await row.locator('td').allInnerTexts();
    const [before = NaN, after = NaN, delta = NaN] = cells.map((c) => Number(c.replace('−', '-').replace('+', '')));
    expect(before, `${label}: Security before ${cells}`).toBe(36.68);
    expect(Math.abs(delta - 40 / 6) < 0.011 && Math.abs(after - before - delta) < 0.001, `${label}: ${cells}`).toBe(true);
    return after;
  };
  await page.getByRole('button', { name: 'Preview score impact' }).click();
  await expectImpact(page.getByRole('table', { name: 'Score impact preview' }), 'preview');
  await page.getByRole('button', { name: 'Associate', exact: true }).click();
  const after = await expectImpact(page.getByRole('table', { name: 'Score impact', exact: true }), 'saved');
  await page.screenshot({ path: join(shots, 'association-impact.png') });
  await page.locator('tr[data-professional="E2E-M9"]').waitFor();
  await page.getByRole('link', { name: 'Scores' }).click();
  await page.locator('.score-card[data-designation="SECURITY"]').click();
  await page.getByTestId('detail-total').filter({ hasText: String(after) }).waitFor();
  await page.getByRole('link', { name: 'Audit log' }).click();
  const audit = page.locator('table[aria-label="Audit events"] tbody tr', { hasText: 'E2E-M9' });
  await audit.first().waitFor();
  const actions = (await audit.allInnerTexts()).join('\n');
  expect(actions, `an association entry for E2E-M9 in the audit log: ${actions}`).toMatch(/associat/i);
  expect(actions, `the audit entry names the admin: ${actions}`).toContain(ADMIN);
  await page.screenshot({ path: join(shots, 'audit-log.png') });
});

test('two concurrent edits of one association: one succeeds, the other gets CONFLICT, nothing is lost', async ({
  page,
  context,
  server,
  signedIn,
}) => {
  test.skip(!server.schema.has('endAssociation') || !server.schema.has('moveProfessional'), "the server's schema does not have the mutations yet");
  // A second tab of the same browser, signed in by the browser's session.
  const second = await context.newPage();
  try {
    await signedIn('ADMIN', `/partners/${WORKED}/professionals`);
    await second.goto(`${server.base}/admin/partners/${WORKED}/professionals`);
    await second.getByRole('table', { name: 'Certified professionals' }).waitFor();
    const row = (p: Page) => p.locator('tr[data-professional="M3"]');
    await row(page).getByRole('button', { name: /^End the association/ }).click();
    await row(second).getByRole('button', { name: /^End the association/ }).click();
    await row(page).getByLabel('Last day counted').fill('2024-05-31');
    await row(second).getByLabel('Last day counted').fill('2024-04-30');
    await row(page).getByRole('button', { name: 'End association' }).click();
    await page.getByText(/association with P ends on 2024-05-31/).waitFor();
    await row(second).getByRole('button', { name: 'End association' }).click();
    const alert = row(second).locator('[data-code="CONFLICT"]');
    await alert.waitFor();
    expect(await alert.innerText(), 'conflict message').toContain('Someone else changed this record');
    // The first edit is kept: the association ended on 2024-05-31, not 2024-04-30.
    const body = await server.gql(
      '{ partner(partnerId: "P") { professionals(activeOnly: false) { nodes { removedOn professional { professionalId } } } } }',
    );
    const m3 = (body.data.partner.professionals.nodes as { removedOn: string | null; professional: { professionalId: string } }[]).filter(
      (n) => n.professional.professionalId === 'M3',
    );
    expect(m3.some((n) => n.removedOn === '2024-05-31'), `M3 kept the first edit: ${JSON.stringify(m3)}`).toBe(true);
    expect(m3.some((n) => n.removedOn === '2024-04-30'), `the second edit was not applied: ${JSON.stringify(m3)}`).toBe(false);
  } finally {
    await second.close();
  }
});

test('bulk upload: the dry run reports each row and the score impact, then only checked rows are applied', async ({
  page,
  server,
  shots,
  signedIn,
}) => {
  test.skip(!server.schema.has('bulkAssociate'), "the server's schema does not have bulkAssociate yet");
  // A professional with a step-3 Security certification (SC-400), not yet associated: associating
  // it moves Security under the rules in force.
  const created = await server.gql(
    `mutation { createProfessional(input: {professionalId: "E2E-B1", name: "E2E Bulk", email: "e2e-b1@example.com"}) { userErrors { code } } }`,
  );
  expect(created?.data?.createProfessional?.userErrors?.length, `create E2E-B1: ${JSON.stringify(created)}`).toBe(0);
  const cert = await server.gql(
    `mutation { addCertification(input: {professionalId: "E2E-B1", code: "SC-400", earnedOn: "2023-03-01"}) { userErrors { code } } }`,
  );
  expect(cert?.data?.addCertification?.userErrors?.length, `certify E2E-B1: ${JSON.stringify(cert)}`).toBe(0);
  await signedIn('ADMIN', `/partners/${WORKED}/professionals?asOf=2024-06`);
  await page.getByRole('button', { name: 'Bulk upload' }).click();
  // The textbox: the list's "Rows per page" select is labelled with the same start.
  const rows = page.getByRole('textbox', { name: 'Rows', exact: true });
  await rows.fill('professional_id,action,date\nE2E-B1,ASSOCIATE,2024-01-01\nNO-SUCH-PRO,ASSOCIATE,2024-05-01\n');
  await page.getByRole('button', { name: 'Check (dry run)' }).click();
  const report = page.getByRole('table', { name: 'Dry-run report' });
  await report.waitFor();
  const outcomes = await report.locator('tbody tr').evaluateAll((trs) => (trs as HTMLElement[]).map((tr) => tr.dataset.outcome));
  expect(outcomes, `the unknown professional is an error: ${outcomes}`).toContain('ERROR');
  expect(await page.getByRole('button', { name: 'Apply' }).isDisabled(), 'Apply waits for a clean dry run').toBe(true);
  await rows.fill('professional_id,action,date\nE2E-B1,ASSOCIATE,2024-01-01\n');
  expect(await page.getByRole('button', { name: 'Apply' }).isDisabled(), 'changed rows need a new dry run').toBe(true);
  await page.getByRole('button', { name: 'Check (dry run)' }).click();
  await page.locator('table[aria-label="Dry-run report"] tr[data-outcome="WOULD_APPLY"]').waitFor();
  const impact = page.getByRole('table', { name: 'Score impact if applied' });
  await impact.locator('tr[data-designation="SECURITY"]').waitFor();
  await page.getByRole('heading', { name: 'Bulk upload associations' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, 'bulk-dry-run.png') });
  // Nothing was saved by the dry run.
  expect(await page.locator('tr[data-professional="E2E-B1"]').count(), 'E2E-B1 not listed after the dry run').toBe(0);
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByText(/1 of 1 rows applied/).waitFor();
  await page.getByRole('table', { name: 'Score impact', exact: true }).waitFor();
});
