// The partner page at the desktop window (1440x900): the chart's "70 needed" label is not clipped, its
// colours have a legend, and the facts get the metric table's width.
import { join } from 'node:path';
import { expect, test, WORKED } from './fixtures';

test('partner page at 1440x900: the "70 needed" label is not clipped, the colours have a legend, and the facts get the metric table\'s width', async ({
  page,
  shots,
  signedIn,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signedIn('ANALYST', `/partners/${WORKED}?designation=SECURITY`);
  const chart = page.getByRole('img', { name: /Security score by month/ });
  await chart.waitFor();
  const label = await chart.evaluate((svg) => {
    const text = [...svg.querySelectorAll('text')].find((t) => t.textContent?.trim() === '70 needed');
    if (!text) return null;
    const box = text.getBBox();
    return { left: box.x, right: box.x + box.width, width: (svg as SVGSVGElement).viewBox.baseVal.width };
  });
  expect(label, 'the chart has a "70 needed" label').toBeTruthy();
  if (!label) return;
  expect(label.left >= 0 && label.right <= label.width, `"70 needed" spans ${label.left}–${label.right} of a ${label.width} wide drawing`).toBe(true);
  const legend = page.locator('figure.chart figcaption');
  await legend.getByText('Requirements met', { exact: true }).waitFor();
  await legend.getByText('Requirements not met', { exact: true }).waitFor();

  const metrics = page.locator('table.metric-table');
  await page.locator('tr[data-metric="INTERMEDIATE_CERTIFICATIONS"]').getByRole('button', { name: /facts/ }).click();
  const facts = page.getByRole('table', { name: 'Facts: Intermediate certifications' });
  await facts.waitFor();
  const [outer, inner] = [(await metrics.boundingBox())!, (await facts.boundingBox())!];
  expect(inner.width, `the facts table is ${inner.width} px wide in a ${outer.width} px metric table`).toBeGreaterThanOrEqual(outer.width * 0.9);
  // The details read in lines of many words, not two or three.
  const detail = (await facts.locator('tbody tr td:nth-child(4)').first().boundingBox())!;
  expect(detail.width, `the Detail column is ${detail.width} px wide`).toBeGreaterThanOrEqual(300);
  await page.screenshot({ path: join(shots, 'partner-page-1440.png'), fullPage: true });
});
