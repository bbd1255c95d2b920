// Times the admin UI's partner page in headless Chromium (Debian's, driven by playwright-core from
// admin-ui/node_modules), for bench/data.py:
//
//   node bench/data/partner-page.mjs BASE EMAIL PASSWORD PATH RUNS CHROMIUM
//
// Each run is a fresh browser context (empty HTTP cache) that already holds a session cookie, as
// after a sign-in (POST /auth/login through the context's own request client, untimed). It opens BASE+PATH and waits until the metric table is visible, then for the next
// animation frame (the page has painted and its main thread answers); the time is the frame's
// `performance.now()`, which counts from the navigation start. One warm-up run (the browser's own
// start) is not counted. Prints one JSON line: {"ms": [...], "problems": [...]}.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(repo, 'admin-ui', 'package.json'));
const { chromium } = require('playwright-core');

const [base, email, password, path, runsText, executablePath] = process.argv.slice(2);
const runs = Number(runsText);
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const ms = [];
const problems = [];
try {
  for (let i = 0; i <= runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const login = await context.request.post(`${base}/auth/login`, { data: { email, password } });
    if (!login.ok()) throw new Error(`sign-in for the page: HTTP ${login.status()}`);
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    const answers = [];
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} for ${r.url()}`);
      if (new URL(r.url()).pathname === '/graphql') {
        answers.push(
          r.json().then(
            (body) => body?.errors && problems.push(`GraphQL errors: ${JSON.stringify(body.errors).slice(0, 500)}`),
            () => {},
          ),
        );
      }
    });
    await page.goto(`${base}${path}`);
    await page.waitForSelector('table.metric-table', { state: 'visible', timeout: 30_000 });
    const at = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
    if (new URL(page.url()).pathname.endsWith('/sign-in')) problems.push('the page asked to sign in');
    if (i > 0) ms.push(at);
    await Promise.all(answers);
    await context.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(`${JSON.stringify({ ms, problems })}\n`);
