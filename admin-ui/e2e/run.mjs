// End-to-end tests of the admin UI in real headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core) against a real `partnergraph serve` started here on a fresh SQLite database with
// demo data and the Security worked example (tests/examples/security-2023-worked in this repository).
//
//   npm run e2e                      # builds what is missing, runs every scenario
//   E2E_ONLY=analyst npm run e2e     # scenarios whose name contains "analyst" (a|b: either)
//   PARTNERGRAPH_BIN=... CHROMIUM=... KEEP_SERVER=1 (leave the server running, print its URL)
//   E2E_SHOTS=<dir>                  # where the screenshots go (default: a new temp folder; the run
//                                    # prints it). E2E_NARROW_SHOTS, its former name, still works.
//
// Every page is checked with axe-core at 1440x900 and 390x844 for each role; a `serious` or
// `critical` violation fails the run. The server log lands in admin-ui/e2e/output/.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { createHmac } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const ui = resolve(here, '..');
const repo = resolve(ui, '..');
const screenshots = resolve(
  process.env.E2E_SHOTS || process.env.E2E_NARROW_SHOTS || mkdtempSync(join(tmpdir(), 'partnergraph-e2e-shots-')),
);
const axeScript = join(ui, 'node_modules/axe-core/axe.min.js');
let axeCode;
const axeSource = () => (axeCode ??= readFileSync(axeScript, 'utf8'));
const output = join(here, 'output');
const example = join(repo, 'tests/examples/security-2023-worked');
const PASSWORD = 'e2e correct horse battery';
const ADMIN = 'admin@e2e.example';
const PARTNER_ADMIN = 'partner-admin@e2e.example';
const ANALYST = 'analyst@e2e.example';
const WORKED = 'P'; // the worked example's PartnerID
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

function log(message) {
  process.stdout.write(`${message}\n`);
}

function run(cmd, args, options = {}) {
  return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });
}

function binary() {
  if (process.env.PARTNERGRAPH_BIN) return process.env.PARTNERGRAPH_BIN;
  log('building the server (cargo build --workspace: the same features as the test build, so nothing is rebuilt after it)…');
  execFileSync('cargo', ['build', '--workspace', '--locked'], { cwd: repo, stdio: 'inherit' });
  return join(repo, 'target/debug/partnergraph');
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

async function waitReady(base, server) {
  for (let i = 0; i < 240; i++) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}; see e2e/output/server.log`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the server did not become ready in 120 s');
}

/** One GraphQL request outside the browser (setup and checks). */
async function gql(base, token, query, variables = {}) {
  const r = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return r.json();
}

async function tokenFor(base, email) {
  const body = await gql(base, null, 'mutation($e:String!,$p:String!){login(email:$e,password:$p){token}}', {
    e: email,
    p: PASSWORD,
  });
  const token = body?.data?.login?.token;
  if (!token) throw new Error(`login of ${email} failed: ${JSON.stringify(body)}`);
  return token;
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// ---------------------------------------------------------------------------------------------------

async function main() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} is missing: apt-get update && apt-get install -y chromium`);
  }
  if (!process.env.E2E_UI_DIR && (!existsSync(join(ui, 'dist/index.html')) || !existsSync(join(ui, 'dist/graphiql.html')))) {
    log('building the UI (npm run build)…');
    execFileSync('npm', ['run', 'build'], { cwd: ui, stdio: 'inherit' });
  }
  const bin = binary();
  mkdirSync(screenshots, { recursive: true });
  log(`screenshots go to ${screenshots}`);
  mkdirSync(output, { recursive: true });
  const data = mkdtempSync(join(tmpdir(), 'partnergraph-e2e-'));
  const profile = mkdtempSync(join(tmpdir(), 'partnergraph-e2e-chromium-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    // E2E_UI_DIR: a build of the UI elsewhere (e.g. `vite build --outDir`), instead of admin-ui/dist.
    ADMIN_UI_DIR: process.env.E2E_UI_DIR ?? join(ui, 'dist'),
    RUST_LOG: process.env.RUST_LOG ?? 'info,sqlx=warn',
    // The webhook scenario's receiver listens on 127.0.0.1, and its retries should not take minutes.
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOK_RETRY_BASE_SECS: '1',
  };
  delete env.DATABASE_URL;

  log(`starting partnergraph on ${base} (data in ${data})…`);
  const serverLog = createWriteStream(join(output, 'server.log'));
  const server = spawn(bin, ['--data-dir', data, 'serve', '--bind', `127.0.0.1:${port}`, '--demo', '30'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.pipe(serverLog);
  server.stderr.pipe(serverLog);
  let browser;
  const results = [];
  try {
    await waitReady(base, server);
    if (existsSync(example)) {
      run(bin, ['--data-dir', data, 'import', example], { env });
    } else {
      throw new Error(`the worked example is missing at ${example}`);
    }
    const users = [
      [ADMIN, 'ADMIN', []],
      [PARTNER_ADMIN, 'PARTNER_ADMIN', ['--partner', WORKED]],
      [ANALYST, 'ANALYST', []],
    ];
    for (const [email, role, extra] of users) {
      run(bin, ['--data-dir', data, 'users', 'add', '--email', email, '--role', role, ...extra, '--password', PASSWORD], {
        env,
      });
    }
    const adminToken = await tokenFor(base, ADMIN);
    const ctx = { base, adminToken, schema: await schemaFields(base, adminToken) };

    browser = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    ctx.browser = browser;

    const only = process.env.E2E_ONLY;
    for (const [name, scenario] of SCENARIOS) {
      if (only && !only.split('|').some((o) => name.includes(o))) continue;
      const started = Date.now();
      const page = await browser.newPage();
      const problems = watch(page);
      try {
        const skipped = await scenario(page, ctx);
        if (problems.length > 0) throw new Error(`the page reported:\n  ${problems.join('\n  ')}`);
        if (skipped === 'skip') {
          results.push({ name, status: 'skipped' });
          log(`SKIP ${name}: the server's schema does not have the mutations yet`);
        } else {
          results.push({ name, status: 'passed' });
          log(`ok   ${name} (${Date.now() - started} ms)`);
        }
      } catch (e) {
        results.push({ name, status: 'failed' });
        const shot = join(output, `failed-${name.replace(/\W+/g, '-')}.png`);
        await page.screenshot({ path: shot }).catch(() => {});
        log(`FAIL ${name}: ${e instanceof Error ? e.message : e}\n     page: ${page.url()}\n     screenshot: ${shot}`);
      } finally {
        await page.close();
      }
    }
    if (process.env.KEEP_SERVER) {
      log(`KEEP_SERVER: ${base}/admin/ (users ${ADMIN}, ${PARTNER_ADMIN}, ${ANALYST}; password "${PASSWORD}"). Ctrl-C to stop.`);
      await new Promise(() => {});
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
    rmSync(profile, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  }
  const count = (s) => results.filter((r) => r.status === s).length;
  writeFileSync(join(output, 'results.json'), JSON.stringify(results, null, 2));
  log(`\nscreenshots: ${screenshots}`);
  log(`e2e: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`);
  if (count('failed') > 0 || count('passed') === 0) process.exitCode = 1;
}

/** Mutation and query field names the server has, to skip scenarios whose API has not landed. */
async function schemaFields(base, token) {
  const body = await gql(base, token, '{ __schema { mutationType { fields { name } } queryType { fields { name } } } }');
  const names = new Set();
  for (const t of [body?.data?.__schema?.mutationType, body?.data?.__schema?.queryType]) {
    for (const f of t?.fields ?? []) names.add(f.name);
  }
  return names;
}

/** Collects what must never happen: script errors, CSP violations, failed requests for the app's files. */
function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
  });
  page.on('response', (r) => {
    if (r.url().includes('/admin/assets/') && r.status() >= 400) problems.push(`${r.status()} for ${r.url()}`);
  });
  return problems;
}

/**
 * Stricter watch for the GraphiQL page: every request must go to the server itself, and any console
 * error or CSP violation (reported by the page's `securitypolicyviolation` events) is a problem.
 */
async function watchStrict(page, base) {
  const problems = [];
  const origin = new URL(base).origin;
  page.on('request', (r) => {
    const url = r.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) problems.push(`request to another host: ${r.method()} ${url}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  // Added through the DevTools protocol, so the CSP under test does not apply to it.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} refused ${e.blockedURI || '(inline)'}`);
    });
  });
  return {
    problems,
    async check() {
      const csp = await page.evaluate(() => window.__cspViolations ?? []);
      const all = [...problems, ...csp.map((v) => `CSP violation: ${v}`)];
      if (all.length > 0) throw new Error(`the GraphiQL page reported:\n  ${all.join('\n  ')}`);
    },
  };
}

/** Runs `query` in GraphiQL's query editor and returns the parsed result pane. */
async function runInGraphiql(page, query) {
  const editor = page.locator('.graphiql-query-editor .CodeMirror');
  await editor.waitFor();
  await page.evaluate((q) => document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(q), query);
  await page.getByRole('button', { name: /^Execute query/ }).click();
  await page.waitForFunction(() => {
    const value = document.querySelector('.result-window .CodeMirror')?.CodeMirror?.getValue() ?? '';
    return value.trim().startsWith('{');
  });
  return JSON.parse(await page.evaluate(() => document.querySelector('.result-window .CodeMirror').CodeMirror.getValue()));
}

/** The header editor's text (the visible editor of GraphiQL's lower tools). */
function graphiqlHeaders(page) {
  return page.evaluate(
    () => document.querySelector('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror')?.CodeMirror?.getValue() ?? '',
  );
}

async function signIn(page, email, expectPath) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (expectPath) await page.waitForURL((u) => u.pathname.startsWith(expectPath), { timeout: 15_000 });
}

/** The start page (the router's basename, with or without its slash). */
function atHome(u) {
  return u.pathname === '/admin' || u.pathname === '/admin/';
}

async function openSignedIn(page, ctx, email, path) {
  await page.goto(`${ctx.base}/admin${path}`);
  await page.waitForURL((u) => u.pathname === '/admin/sign-in');
  await signIn(page, email, `/admin${path.split('?')[0]}`);
}

/**
 * A demo partner with a realistic name for the screenshots: the best Security score short of full
 * marks (so points missing show), or the best of all.
 */
async function showcasePartner(ctx) {
  for (const filter of ['{designation: SECURITY, minScore: 40, maxScore: 99}', '{designation: SECURITY}']) {
    const body = await gql(
      ctx.base,
      ctx.adminToken,
      `{ partners(first: 1, filter: ${filter}, orderBy: SCORE) { nodes { partnerId name } } }`,
    );
    const node = body?.data?.partners?.nodes?.[0];
    if (node && node.partnerId !== WORKED) return node;
  }
  throw new Error('no demo partner to show');
}

/**
 * A webhook receiver on 127.0.0.1 answering 204 to every POST, keeping what it got; `url` is where it
 * listens.
 */
async function startReceiver() {
  const received = [];
  const server = createHttpServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method, path: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise((res, rej) => {
    server.once('error', rej);
    server.listen(0, '127.0.0.1', res);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks/e2e`,
    received,
    close: () => new Promise((res) => server.close(() => res())),
  };
}

/** Whether a delivery carries a Standard Webhooks signature made with `secret` (`whsec_` + base64 key). */
function signedWith(delivery, secret) {
  const id = delivery.headers['webhook-id'];
  const timestamp = delivery.headers['webhook-timestamp'];
  const header = delivery.headers['webhook-signature'] ?? '';
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${delivery.body}`).digest('base64');
  return header.split(' ').includes(`v1,${expected}`);
}

/** Waits until the page has its main heading and nothing is loading any more. */
async function settled(page) {
  await page.locator('main h1').first().waitFor();
  await page
    .waitForFunction(() => document.querySelectorAll('.loading').length === 0, null, { timeout: 15_000 })
    .catch(() => {});
}

/**
 * What does not fit a narrow viewport: the page wider than the window, Sign out outside the window or
 * its top bar, and tables wider than their box that are clipped instead of scrolling in a focusable
 * region. Returns the problems (empty when none).
 */
function narrowProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    window.scrollTo(0, 0);
    const vw = window.innerWidth;
    const root = document.documentElement;
    if (root.scrollWidth > vw) {
      const wide = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > vw + 0.5)
        .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= vw + 0.5)
        .slice(0, 6)
        .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} (right ${Math.round(el.getBoundingClientRect().right)})`);
      problems.push(`the page is ${root.scrollWidth} px wide in a ${vw} px window: ${wide.join(', ')}`);
    }
    const signOut = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Sign out');
    if (signOut) {
      const r = signOut.getBoundingClientRect();
      const bar = signOut.closest('header')?.getBoundingClientRect();
      if (r.width === 0 || r.left < 0 || r.right > vw || r.top < 0 || r.bottom > window.innerHeight) {
        problems.push(`Sign out is outside the window: ${JSON.stringify(r)}`);
      } else if (!bar || r.left < bar.left || r.right > bar.right || r.top < bar.top || r.bottom > bar.bottom) {
        problems.push(`Sign out is outside its top bar: ${JSON.stringify(r)} in ${JSON.stringify(bar)}`);
      }
    }
    for (const table of document.querySelectorAll('main table')) {
      const name = table.getAttribute('aria-label') ?? 'a table';
      for (let box = table.parentElement; box && box !== document.body; box = box.parentElement) {
        const style = getComputedStyle(box);
        if (style.overflowX === 'visible') continue;
        const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
        if (table.getBoundingClientRect().width > box.clientWidth + 0.5) {
          if (!scrolls) problems.push(`${name} is clipped by ${box.tagName.toLowerCase()}.${box.className} (overflow-x ${style.overflowX})`);
          else if (box.tabIndex < 0) problems.push(`${name} scrolls in a box the keyboard cannot reach`);
        }
        break;
      }
    }
    return problems;
  });
}

const NARROW = { width: 390, height: 844 };
const WIDE = { width: 1440, height: 900 };

/**
 * Rules axe reports that are not problems here. Each entry: rule id, why, and the targets it may
 * match (a narrow exclusion, never a whole rule for the whole page).
 */
const AXE_EXCLUDE = [];

/**
 * Runs axe-core on the page as it is and returns its `serious` and `critical` violations, one line
 * each: rule id, impact, the target selectors and the help URL.
 */
async function axeProblems(page) {
  // page.addScriptTag({ path }) would add an inline <script>, which the UI's CSP (script-src 'self')
  // rightly refuses; evaluating the same file through the DevTools protocol is not subject to it, so
  // the CSP under test stays on.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document);
    window.__axeIncomplete = result.incomplete.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target.join(' ')}: ${n.any.map((c) => c.message).join('; ')}`));
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.filter((n) => n.impact === 'serious' || n.impact === 'critical').map((n) => n.target.join(' ')),
    }));
  });
  if (process.env.AXE_DEBUG) log(`axe ${page.url()}: ${JSON.stringify(await page.evaluate(() => window.__axeIncomplete))}`);
  const problems = [];
  for (const v of violations) {
    const targets = v.targets.filter((t) => !AXE_EXCLUDE.some((e) => e.id === v.id && e.target.test(t)));
    if (targets.length === 0) continue;
    problems.push(`${v.id} (${v.impact}): ${v.help}; ${targets.slice(0, 8).join(' | ')}${targets.length > 8 ? ` …and ${targets.length - 8} more` : ''}; ${v.helpUrl}`);
  }
  return problems;
}

/** The pages each role can open (the paths after /admin). */
function narrowPages(role, other) {
  const common = ['/', '/near-misses/SECURITY', `/partners/${WORKED}?designation=SECURITY`, `/partners/${WORKED}/professionals`, '/audit'];
  if (role === 'ADMIN') return [...common, '/partners', `/partners/${other}`, '/users', '/webhooks', '/no-such-page'];
  if (role === 'PARTNER_ADMIN') return [...common, '/webhooks'];
  return [...common, '/partners'];
}

// ---------------------------------------------------------------------------------------------------
// Scenarios

const SCENARIOS = [
  [
    'GraphiQL at /graphql runs a query with nothing loaded from another host and no CSP violation',
    async (page, ctx) => {
      const strict = await watchStrict(page, ctx.base);
      const res = await page.goto(`${ctx.base}/graphql`);
      assert(res?.status() === 200, `GET /graphql: ${res?.status()}`);
      const csp = res.headers()['content-security-policy'] ?? '';
      assert(csp.includes("script-src 'self'") && csp.includes("frame-ancestors 'none'"), `CSP of /graphql: ${csp}`);
      assert(new URL(page.url()).pathname === '/graphql', `the page stays at /graphql: ${page.url()}`);
      const result = await runInGraphiql(page, '{ designations { code } }');
      const codes = (result?.data?.designations ?? []).map((d) => d.code);
      assert(codes.includes('SECURITY') && codes.length === 6, `designations: ${JSON.stringify(result)}`);
      assert((await graphiqlHeaders(page)).trim() === '', 'no token without an admin UI session');
      await page.screenshot({ path: join(screenshots, 'graphiql.png') });
      // The schema loaded (within the server's depth limit): the docs list the root types.
      await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
      await page.getByRole('link', { name: 'Mutation', exact: true }).waitFor();
      // A dialog locks scrolling with a stylesheet, which must not be an inline <style>.
      await page.getByRole('button', { name: 'Open settings dialog' }).click();
      await page.getByRole('dialog').getByText('Theme').waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await strict.check();
    },
  ],
  [
    'GraphiQL opened in a signed-in admin UI tab sends the session token',
    async (page, ctx) => {
      const strict = await watchStrict(page, ctx.base);
      await openSignedIn(page, ctx, ADMIN, '/partners');
      await page.getByText(/of 31 partners/).waitFor();
      await page.goto(`${ctx.base}/graphql`);
      await page.locator('.graphiql-query-editor .CodeMirror').waitFor();
      const headers = await graphiqlHeaders(page);
      assert(/"Authorization": "Bearer [^"]+"/.test(headers), `the header editor has the token: ${headers}`);
      const result = await runInGraphiql(page, '{ viewer { role } }');
      assert(result?.data?.viewer?.role === 'ADMIN', `viewer: ${JSON.stringify(result)}`);
      await strict.check();
    },
  ],
  [
    'admin signs in, lists and finds partners, opens a partner page with scores, facts and history',
    async (page, ctx) => {
      await page.goto(`${ctx.base}/`);
      await page.waitForURL((u) => u.pathname === '/admin/sign-in');
      await signIn(page, ADMIN);
      // The start page is the program overview; the partners are one click away.
      await page.waitForURL(atHome);
      await page.getByRole('heading', { name: 'Program overview' }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Partners' }).click();
      await page.getByText(/Showing 1–25 of 31 partners/).waitFor();
      assert((await page.locator('table[aria-label="Partners"] tbody tr').count()) === 25, 'a page of 25 partners');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText(/Showing 26–31 of 31 partners/).waitFor();
      // The page is in the URL: a reload shows the same page, caption and a working Previous; Back too.
      await page.reload();
      await page.getByText(/Showing 26–31 of 31 partners/).waitFor();
      assert(await page.getByRole('button', { name: 'Previous' }).isEnabled(), 'Previous works after a reload');
      await page.getByRole('button', { name: 'Previous' }).click();
      await page.getByText(/Showing 1–25 of 31 partners/).waitFor();
      await page.goBack();
      await page.getByText(/Showing 26–31 of 31 partners/).waitFor();

      await page.getByLabel('Search').fill('Partner P');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByText(/of 1 partners/).waitFor();
      await page.getByRole('link', { name: 'Partner P' }).click();
      await page.waitForURL((u) => u.pathname === `/admin/partners/${WORKED}`);
      await page.getByRole('heading', { name: 'Partner P' }).waitFor();
      assert((await page.locator('.score-card').count()) === 6, 'six designation cards');
      // A month that is not one, and a month after the data, are said as such.
      await page.goto(`${ctx.base}/admin/partners/${WORKED}?asOf=garbage`);
      await page.getByText('“garbage” is not a valid month').waitFor();
      await page.getByRole('link', { name: 'Show the latest month with data' }).click();
      await page.getByRole('heading', { name: 'Partner P' }).waitFor();
      await page.goto(`${ctx.base}/admin/partners/${WORKED}?asOf=2026-11`);
      await page.getByText(/There is no data for Nov 2026 yet: the data ends in/).waitFor();
      await page.goto(`${ctx.base}/admin/partners/${WORKED}`);
      await page.getByRole('heading', { name: 'Partner P' }).waitFor();

      const security = page.locator('.score-card[data-designation="SECURITY"]');
      await security.click();
      await page.getByRole('heading', { name: 'Security: metric breakdown' }).waitFor();
      // June 2024 is scored by rule set 2023-12: the example's SC-200 holders fill steps 1 and 2 but
      // no one holds a step-3 certification.
      await page.getByTestId('detail-total').filter({ hasText: '36.68' }).waitFor();
      await page.getByText(/rule set 2023-12/).first().waitFor();
      // Partner P has no anniversary date and has not met Security: in progress.
      await security.locator('[data-enrollment="IN_PROGRESS"]').filter({ hasText: 'In progress' }).waitFor();
      // The worked example's own numbers are rule set 2023-07's: the what-if shows them.
      await page.getByLabel('Rule set').selectOption('2023-07');
      await page.getByTestId('what-if').filter({ hasText: 'scored under rule set 2023-07' }).waitFor();
      assert(new URL(page.url()).searchParams.get('ruleSet') === '2023-07', `the URL keeps the rule set: ${page.url()}`);
      await page.getByTestId('detail-total').filter({ hasText: '63.35' }).waitFor();
      // The cards come with the overview query, which may answer after the breakdown's.
      await security.filter({ hasText: '63.35' }).waitFor();
      const text = await security.innerText();
      assert(text.includes('63.35') && text.includes('6.65 points missing to 70'), `Security card: ${text}`);
      const row = page.locator('tr[data-metric="INTERMEDIATE_CERTIFICATIONS"]');
      assert((await row.innerText()).includes('26.67'), 'intermediate certifications give 26.67 points under 2023-07');
      await row.getByRole('button', { name: /facts/ }).click();
      await page.getByRole('table', { name: 'Facts: Intermediate certifications' }).waitFor();
      await page.getByRole('img', { name: /Security score by month/ }).waitFor();
      // The specialization requirements at the month, under the rules in force (2023-12).
      const threat = page.getByRole('list', { name: 'Requirements of Threat Protection' });
      await threat.filter({ hasText: '6 professionals with SC-200: 4 of 6' }).waitFor();
      // Back to the rules in force.
      await page.getByLabel('Rule set').selectOption('');
      await page.getByTestId('what-if').waitFor({ state: 'detached' });
      await page.getByTestId('detail-total').filter({ hasText: '36.68' }).waitFor();
      // Under the rules in force at the latest month the chart goes on with the forecast (a what-if has none).
      await page.getByRole('img', { name: /Security score by month\..*Forecast, if nothing new happens: Jul 2024/ }).waitFor();
      await page.getByTestId('forecast-legend').waitFor();
      await page.getByTestId('forecast-losses').waitFor();
    },
  ],
  [
    'an admin records a specialization on the partner page and sees it held, then ends it',
    async (page, ctx) => {
      const strict = await watchStrict(page, ctx.base);
      await openSignedIn(page, ctx, ADMIN, `/partners/${WORKED}`);
      await page.getByRole('heading', { name: 'Specializations granted' }).waitFor();
      await page.getByRole('button', { name: 'Record a specialization' }).click();
      const form = page.getByRole('form', { name: 'Record a specialization' });
      await form.getByLabel('Specialization').selectOption('THREAT_PROTECTION');
      await form.getByLabel('Granted on').fill('2024-01-01');
      await form.getByLabel('Valid till').fill('2025-12-31');
      await form.getByLabel('Validation').selectOption('CUSTOMER_REFERENCES');
      await form.getByRole('button', { name: 'Record' }).click();
      await page.getByText('Threat Protection recorded from 2024-01-01.').waitFor();
      const impact = page.getByRole('list', { name: 'Standing impact' });
      assert((await impact.innerText()).includes('Threat Protection: not held → held, no benefits'), await impact.innerText());
      // Partner P does not attain Security (63.35 points): held, but its prerequisite is not attained.
      const row = page.locator('table[aria-label="Specialization grants"] tr[data-code="THREAT_PROTECTION"]');
      await row.getByText('Held · prerequisite not attained').waitFor();
      const held = page.getByRole('list', { name: 'Specializations held' });
      await held.getByText('Threat Protection').waitFor();

      await row.getByRole('button', { name: 'End Threat Protection' }).click();
      const end = page.getByRole('form', { name: 'End Threat Protection' });
      await end.getByLabel('Last day in force').fill('2024-03-31');
      await end.getByRole('button', { name: 'End' }).click();
      await page.getByText('Threat Protection ends on 2024-03-31.').waitFor();
      await row.getByText('Not held at this month').or(row.getByText('Not in force')).waitFor();
      await strict.check();
    },
  ],
  [
    'screenshots of the partner page and the professionals page at 1280x800',
    async (page, ctx) => {
      const partner = await showcasePartner(ctx);
      await openSignedIn(page, ctx, ADMIN, `/partners/${partner.partnerId}?designation=SECURITY`);
      await page.getByRole('heading', { name: partner.name }).waitFor();
      await page.locator('table.metric-table').waitFor();
      await page.getByRole('img', { name: /score by month/ }).waitFor();
      await page.locator('.loading').first().waitFor({ state: 'detached' }).catch(() => {});
      await page.screenshot({ path: join(screenshots, 'partner-page.png') });
      // The whole page too, for review (not asked for, but shows the chart and standing below the fold).
      await page.screenshot({ path: join(screenshots, 'partner-page-full.png'), fullPage: true });

      await page.getByRole('link', { name: 'Certified professionals' }).click();
      await page.waitForURL((u) => u.pathname.endsWith('/professionals'));
      const table = page.getByRole('table', { name: 'Certified professionals' });
      await table.waitFor();
      assert((await table.locator('tbody tr').count()) > 0, 'the showcase partner has professionals');
      await page.screenshot({ path: join(screenshots, 'professionals-page.png') });
    },
  ],
  [
    'the home overview links each near miss to its list; a near miss\'s recommendations and path to 70 preview in the simulator without writing',
    async (page, ctx) => {
      for (const f of ['programSummary', 'simulateScore', 'capabilityScores']) if (!ctx.schema.has(f)) return 'skip';
      const num = (text) => Number(text.trim().replace('−', '-').replace('+', '').replace(/,/g, ''));
      await page.goto(`${ctx.base}/admin/`);
      await page.waitForURL((u) => u.pathname === '/admin/sign-in');
      await signIn(page, ADMIN);
      await page.waitForURL(atHome);

      // The overview shows the program summary of the latest month, as the API gives it to an admin.
      const table = page.getByRole('table', { name: 'Designations at a glance' });
      await table.waitFor();
      // The badges and at-risk counts fill in from a query of their own.
      await page.locator('[data-testid="program-summary"][data-standings="loaded"]').waitFor();
      const shown = await table.locator('tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({
          designation: tr.dataset.designation,
          label: tr.querySelector('th').innerText.trim(),
          partners: Number(tr.querySelector('[data-testid="partners"]').innerText),
          meetingRequirements: Number(tr.querySelector('[data-testid="meeting"]').innerText),
          nearMiss: Number(tr.querySelector('[data-testid="near-miss"]').innerText),
          atRisk: Number(tr.querySelector('[data-testid="at-risk-count"]').innerText),
        })),
      );
      const api = await gql(
        ctx.base,
        ctx.adminToken,
        '{ latestMonth programSummary { asOf microsoftCloudBadges designations { designation partners meetingRequirements nearMiss atRisk } } }',
      );
      const summary = api.data.programSummary;
      assert(summary.asOf === api.data.latestMonth, `the summary is of the latest month: ${JSON.stringify(api)}`);
      assert(
        JSON.stringify(shown.map(({ label: _, ...rest }) => rest)) === JSON.stringify(summary.designations),
        `the overview shows the summary:\n  shown ${JSON.stringify(shown)}\n  api   ${JSON.stringify(summary.designations)}`,
      );
      const badges = (await page.getByTestId('cloud-badges').innerText()).replace(/\s+/g, ' ').trim();
      assert(badges.startsWith(`${summary.microsoftCloudBadges} `) && badges.includes('Microsoft Cloud badge'), `Cloud badges: ${badges}`);
      await page.screenshot({ path: join(screenshots, 'program-overview.png') });

      // One click on a near-miss count lands on the list of those partners.
      const target = shown.find((d) => d.nearMiss > 0);
      assert(target, `some designation has a near miss in the demo data: ${JSON.stringify(shown)}`);
      const noun = target.nearMiss === 1 ? 'near miss' : 'near misses';
      await page.getByRole('link', { name: `${target.nearMiss} ${noun} in ${target.label}` }).click();
      await page.waitForURL((u) => u.pathname === `/admin/near-misses/${target.designation}`);
      await page.getByRole('heading', { name: `${target.label}: near misses` }).waitFor();
      const list = page.getByRole('table', { name: `Near misses in ${target.label}` });
      await list.waitFor();
      await page.getByTestId('near-miss-count').filter({ hasText: `of ${target.nearMiss} near misses` }).waitFor();
      const rows = await list.locator('tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({
          partnerId: tr.dataset.partner,
          name: tr.querySelector('a').innerText.trim(),
          total: Number(tr.querySelector('[data-testid="near-miss-total"]').innerText.replace(/,/g, '')),
        })),
      );
      assert(rows.length === target.nearMiss, `the list has the ${target.nearMiss} near misses counted: ${JSON.stringify(rows)}`);
      assert(rows.every((r) => r.total >= 65), `every near miss has at least 65 points: ${JSON.stringify(rows)}`);
      await page.screenshot({ path: join(screenshots, 'near-misses.png') });

      // A near miss with a path to 70 (asked of the API: which ones have one is the data's business).
      let chosen;
      for (const r of rows) {
        const body = await gql(
          ctx.base,
          ctx.adminToken,
          `query($p:String!,$d:DesignationCode!){ partner(partnerId:$p){ pathToThreshold(designation:$d){ totalAfter actions { detail } } } }`,
          { p: r.partnerId, d: target.designation },
        );
        const path = body?.data?.partner?.pathToThreshold;
        if (path && path.actions.length > 0) {
          chosen = { ...r, path };
          break;
        }
      }
      assert(chosen, `a near miss of ${target.designation} has a path to 70: ${JSON.stringify(rows)}`);
      const auditBefore = await gql(ctx.base, ctx.adminToken, '{ auditEvents(first: 1) { totalCount } }');
      await list.getByRole('link', { name: chosen.name }).click();
      await page.waitForURL((u) => u.pathname === `/admin/partners/${chosen.partnerId}`);
      assert(new URL(page.url()).searchParams.get('designation') === target.designation, `designation selected: ${page.url()}`);
      await page.getByRole('heading', { name: `${target.label}: metric breakdown` }).waitFor();
      const detailTotal = (await page.getByTestId('detail-total').innerText()).trim();
      assert(num(detailTotal) === chosen.total, `the page shows the listed total: ${detailTotal} vs ${chosen.total}`);
      // The forecast stays beside the chart.
      await page.getByTestId('forecast-losses').waitFor();

      const panel = page.getByTestId('recommendations');
      await panel.getByRole('heading', { name: `${target.label}: recommendations` }).waitFor();
      const recommendations = panel.getByRole('list', { name: `Recommendations for ${target.label}` });
      await recommendations.waitFor();
      assert((await recommendations.getByRole('listitem').count()) > 0, 'the near miss has recommendations');
      const path = panel.getByRole('region', { name: 'Path to 70' });
      const steps = await path.getByRole('list', { name: 'Actions of the path to 70' }).getByRole('listitem').allInnerTexts();
      assert(steps.length === chosen.path.actions.length, `the path's ${chosen.path.actions.length} actions: ${steps}`);
      assert(steps[0].includes(chosen.path.actions[0].detail), `the first step says what to do: ${steps[0]}`);
      const totalAfter = (await path.getByTestId('path-total-after').innerText()).trim();
      assert(num(totalAfter) === Math.round(chosen.path.totalAfter * 100) / 100, `total after ${totalAfter}`);
      await path.getByRole('button', { name: 'Apply in the simulator' }).click();
      const impact = path.getByRole('table', { name: 'Simulated impact of the path to 70' });
      const row = impact.locator(`tr[data-designation="${target.designation}"]`);
      await row.waitFor();
      const [before, after, delta, verdict] = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
      assert(after === totalAfter, `the preview's after (${after}) is the path's total after (${totalAfter})`);
      assert(before === detailTotal, `the preview's before (${before}) is the page's total (${detailTotal})`);
      assert(Math.abs(num(before) + num(delta) - num(after)) < 0.011, `before + change = after: ${before} ${delta} ${after}`);
      assert(verdict === 'Now met', `the path meets the requirements: ${verdict}`);
      await path.getByText(/nothing is saved/).waitFor();
      await panel.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshots, 'recommendations-simulated.png') });

      // The preview wrote nothing: the stored score and the audit log are as they were.
      const after2 = await gql(
        ctx.base,
        ctx.adminToken,
        `query($p:String!,$d:DesignationCode!){ partner(partnerId:$p){ capabilityScore(designation:$d){ total } } auditEvents(first: 1) { totalCount } }`,
        { p: chosen.partnerId, d: target.designation },
      );
      assert(after2.data.partner.capabilityScore.total === chosen.total, `the score is unchanged: ${JSON.stringify(after2)}`);
      assert(
        after2.data.auditEvents.totalCount === auditBefore.data.auditEvents.totalCount,
        `no audit event: ${JSON.stringify(auditBefore)} → ${JSON.stringify(after2)}`,
      );

      // The worked partner's Security: the path's total, or the sentence saying why there is none, as
      // the API gives them; and its best action previews the points it says it gains.
      await page.goto(`${ctx.base}/admin/partners/${WORKED}?designation=SECURITY`);
      const why = await gql(
        ctx.base,
        ctx.adminToken,
        '{ partner(partnerId: "P") { pathToThreshold(designation: SECURITY) { totalAfter } pathToThresholdShortfall(designation: SECURITY) } }',
      );
      const worked = page.getByTestId('recommendations');
      const { pathToThreshold: workedPath, pathToThresholdShortfall: workedShortfall } = why.data.partner;
      if (workedPath === null) {
        const text = (await worked.getByTestId('path-shortfall').innerText()).trim();
        assert(text === workedShortfall, `the shortfall: ${text} vs ${workedShortfall}`);
      } else {
        const text = (await worked.getByTestId('path-total-after').innerText()).trim();
        assert(num(text) === Math.round(workedPath.totalAfter * 100) / 100, `the worked path's total after: ${text}`);
        assert(workedShortfall === null, `no shortfall beside a path: ${workedShortfall}`);
      }
      const first = worked.getByRole('list', { name: 'Recommendations for Security' }).getByRole('listitem').first();
      const gained = (await first.getByTestId('points-gained').innerText()).trim();
      await first.getByRole('button', { name: 'Apply in the simulator' }).click();
      const one = first.getByRole('table', { name: 'Simulated impact of this action' }).locator('tr[data-designation="SECURITY"]');
      await one.waitFor();
      const oneDelta = (await one.getByTestId('impact-delta').innerText()).trim();
      assert(`${oneDelta} points` === gained, `the preview's change (${oneDelta}) is the points gained (${gained})`);
    },
  ],
  [
    'an expired or invalid session returns to sign-in and then back to the page',
    async (page, ctx) => {
      await openSignedIn(page, ctx, ADMIN, '/partners');
      await page.getByText(/of 31 partners/).waitFor();
      await page.evaluate(() => sessionStorage.setItem('partnergraph.token', 'not-a-valid-token'));
      const target = `/partners/${WORKED}/professionals`;
      await page.goto(`${ctx.base}/admin${target}?asOf=2024-06`);
      await page.waitForURL((u) => u.pathname === '/admin/sign-in');
      const url = new URL(page.url());
      assert(url.searchParams.get('next') === `${target}?asOf=2024-06`, `next kept: ${page.url()}`);
      await page.getByText('Your session has ended').waitFor();
      await signIn(page, ADMIN, `/admin${target}`);
      assert(new URL(page.url()).search === '?asOf=2024-06', `query kept: ${page.url()}`);
      await page.getByRole('table', { name: 'Certified professionals' }).waitFor();
    },
  ],
  [
    'a partner admin sees its own partner and cannot open another partner by URL',
    async (page, ctx) => {
      const other = await showcasePartner(ctx);
      await page.goto(`${ctx.base}/admin/`);
      await page.waitForURL((u) => u.pathname === '/admin/sign-in');
      await signIn(page, PARTNER_ADMIN);
      // Its overview counts its own partner only: one partner scored per designation.
      await page.waitForURL(atHome);
      const overview = page.getByRole('table', { name: 'Designations at a glance' });
      await overview.waitFor();
      const scored = await overview.locator('td[data-testid="partners"]').allInnerTexts();
      assert(scored.length === 6 && scored.every((n) => n === '1'), `a partner admin's overview counts its partner: ${scored}`);
      await page.getByRole('link', { name: 'Open my partner' }).click();
      await page.waitForURL((u) => u.pathname === `/admin/partners/${WORKED}`);
      await page.getByRole('heading', { name: 'Partner P' }).waitFor();
      await page.goto(`${ctx.base}/admin/partners/${other.partnerId}`);
      await page.getByTestId('partner-not-found').waitFor();
      const text = await page.getByTestId('partner-not-found').innerText();
      assert(text.includes('not yours to see'), text);
      assert(!(await page.content()).includes(other.name), 'the other partner name is not shown');
      // The list sends a partner admin to its own partner.
      await page.goto(`${ctx.base}/admin/partners`);
      await page.waitForURL((u) => u.pathname === `/admin/partners/${WORKED}`);
      // Its own professionals are editable.
      await page.getByRole('link', { name: 'Certified professionals' }).click();
      await page.getByRole('button', { name: 'Associate a professional' }).waitFor();
    },
  ],
  [
    'an analyst sees every partner and no edit control',
    async (page, ctx) => {
      await openSignedIn(page, ctx, ANALYST, `/partners/${WORKED}/professionals`);
      await page.getByTestId('viewer-role').filter({ hasText: 'Analyst' }).waitFor();
      const table = page.getByRole('table', { name: 'Certified professionals' });
      await table.waitFor();
      assert((await table.locator('tbody tr').count()) === 4, 'the worked example has four professionals');
      const controls = page.getByRole('button', { name: /associate|bulk upload|^end|^move/i });
      assert((await controls.count()) === 0, `edit controls shown to an analyst: ${await controls.allInnerTexts()}`);
      assert((await page.getByRole('columnheader', { name: 'Actions' }).count()) === 0, 'no Actions column');
      assert((await page.getByRole('link', { name: 'Users' }).count()) === 0, 'no Users link');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Partners' }).click();
      await page.getByText(/of 31 partners/).waitFor();
    },
  ],
  [
    'an admin sees the edit controls that an analyst does not',
    async (page, ctx) => {
      await openSignedIn(page, ctx, ADMIN, `/partners/${WORKED}/professionals`);
      await page.getByRole('table', { name: 'Certified professionals' }).waitFor();
      await page.getByRole('button', { name: 'Associate a professional' }).waitFor();
      await page.getByRole('button', { name: 'Bulk upload' }).waitFor();
      assert((await page.getByRole('button', { name: /^End the association/ }).count()) === 4, 'End on each row');
      await page.getByRole('link', { name: 'Users' }).waitFor();
    },
  ],
  [
    'admin associates a professional holding the Security set; the Security score rises by a sixth of 40 points and the audit entry appears',
    async (page, ctx) => {
      for (const f of ['createProfessional', 'addCertification', 'associateProfessional', 'auditEvents']) {
        if (!ctx.schema.has(f)) return 'skip';
      }
      await openSignedIn(page, ctx, ADMIN, `/partners/${WORKED}/professionals?asOf=2024-06`);
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
      const expectImpact = async (table, label) => {
        await table.waitFor();
        const row = table.locator('tr[data-designation="SECURITY"]');
        const metric = await row.locator('li[data-metric="INTERMEDIATE_CERTIFICATIONS"]').innerText();
        assert(metric.includes('→ 6.67'), `${label}: intermediate certifications ${metric}`);
        const cells = await row.locator('td').allInnerTexts();
        const [before, after, delta] = cells.map((c) => Number(c.replace('−', '-').replace('+', '')));
        assert(before === 36.68, `${label}: Security before ${cells}`);
        assert(Math.abs(delta - 40 / 6) < 0.011 && Math.abs(after - before - delta) < 0.001, `${label}: ${cells}`);
        return after;
      };
      await page.getByRole('button', { name: 'Preview score impact' }).click();
      await expectImpact(page.getByRole('table', { name: 'Score impact preview' }), 'preview');
      await page.getByRole('button', { name: 'Associate', exact: true }).click();
      const after = await expectImpact(page.getByRole('table', { name: 'Score impact', exact: true }), 'saved');
      await page.screenshot({ path: join(screenshots, 'association-impact.png') });
      await page.locator('tr[data-professional="E2E-M9"]').waitFor();
      await page.getByRole('link', { name: 'Scores' }).click();
      await page.locator('.score-card[data-designation="SECURITY"]').click();
      await page.getByTestId('detail-total').filter({ hasText: String(after) }).waitFor();
      await page.getByRole('link', { name: 'Audit log' }).click();
      const audit = page.locator('table[aria-label="Audit events"] tbody tr', { hasText: 'E2E-M9' });
      await audit.first().waitFor();
      const actions = (await audit.allInnerTexts()).join('\n');
      assert(/associat/i.test(actions), `an association entry for E2E-M9 in the audit log: ${actions}`);
      assert(actions.includes(ADMIN), `the audit entry names the admin: ${actions}`);
      await page.screenshot({ path: join(screenshots, 'audit-log.png') });
    },
  ],
  [
    'two concurrent edits of one association: one succeeds, the other gets CONFLICT, nothing is lost',
    async (page, ctx) => {
      if (!ctx.schema.has('endAssociation') || !ctx.schema.has('moveProfessional')) return 'skip';
      const second = await ctx.browser.newPage();
      try {
        await openSignedIn(page, ctx, ADMIN, `/partners/${WORKED}/professionals`);
        await openSignedIn(second, ctx, ADMIN, `/partners/${WORKED}/professionals`);
        const row = (p) => p.locator('tr[data-professional="M3"]');
        await row(page).getByRole('button', { name: /^End the association/ }).click();
        await row(second).getByRole('button', { name: /^End the association/ }).click();
        await row(page).getByLabel('Last day counted').fill('2024-05-31');
        await row(second).getByLabel('Last day counted').fill('2024-04-30');
        await row(page).getByRole('button', { name: 'End association' }).click();
        await page.getByText(/association with P ends on 2024-05-31/).waitFor();
        await row(second).getByRole('button', { name: 'End association' }).click();
        const alert = row(second).locator('[data-code="CONFLICT"]');
        await alert.waitFor();
        assert((await alert.innerText()).includes('Someone else changed this record'), 'conflict message');
        // The first edit is kept: the association ended on 2024-05-31, not 2024-04-30.
        const body = await gql(
          ctx.base,
          ctx.adminToken,
          '{ partner(partnerId: "P") { professionals(activeOnly: false) { nodes { removedOn professional { professionalId } } } } }',
        );
        const m3 = body.data.partner.professionals.nodes.filter((n) => n.professional.professionalId === 'M3');
        assert(m3.some((n) => n.removedOn === '2024-05-31'), `M3 kept the first edit: ${JSON.stringify(m3)}`);
        assert(!m3.some((n) => n.removedOn === '2024-04-30'), `the second edit was not applied: ${JSON.stringify(m3)}`);
      } finally {
        await second.close();
      }
    },
  ],
  [
    'bulk upload: the dry run reports each row and the score impact, then only checked rows are applied',
    async (page, ctx) => {
      if (!ctx.schema.has('bulkAssociate')) return 'skip';
      // A professional with a step-3 Security certification (SC-400), not yet associated: associating
      // it moves Security under the rules in force.
      const created = await gql(
        ctx.base,
        ctx.adminToken,
        `mutation { createProfessional(input: {professionalId: "E2E-B1", name: "E2E Bulk", email: "e2e-b1@example.com"}) { userErrors { code } } }`,
      );
      assert(created?.data?.createProfessional?.userErrors?.length === 0, `create E2E-B1: ${JSON.stringify(created)}`);
      const cert = await gql(
        ctx.base,
        ctx.adminToken,
        `mutation { addCertification(input: {professionalId: "E2E-B1", code: "SC-400", earnedOn: "2023-03-01"}) { userErrors { code } } }`,
      );
      assert(cert?.data?.addCertification?.userErrors?.length === 0, `certify E2E-B1: ${JSON.stringify(cert)}`);
      await openSignedIn(page, ctx, ADMIN, `/partners/${WORKED}/professionals?asOf=2024-06`);
      await page.getByRole('button', { name: 'Bulk upload' }).click();
      const rows = page.getByLabel('Rows');
      await rows.fill('professional_id,action,date\nE2E-B1,ASSOCIATE,2024-01-01\nNO-SUCH-PRO,ASSOCIATE,2024-05-01\n');
      await page.getByRole('button', { name: 'Check (dry run)' }).click();
      const report = page.getByRole('table', { name: 'Dry-run report' });
      await report.waitFor();
      const outcomes = await report.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.outcome));
      assert(outcomes.includes('ERROR'), `the unknown professional is an error: ${outcomes}`);
      assert(await page.getByRole('button', { name: 'Apply' }).isDisabled(), 'Apply waits for a clean dry run');
      await rows.fill('professional_id,action,date\nE2E-B1,ASSOCIATE,2024-01-01\n');
      assert(await page.getByRole('button', { name: 'Apply' }).isDisabled(), 'changed rows need a new dry run');
      await page.getByRole('button', { name: 'Check (dry run)' }).click();
      await page.locator('table[aria-label="Dry-run report"] tr[data-outcome="WOULD_APPLY"]').waitFor();
      const impact = page.getByRole('table', { name: 'Score impact if applied' });
      await impact.locator('tr[data-designation="SECURITY"]').waitFor();
      await page.getByRole('heading', { name: 'Bulk upload associations' }).scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(screenshots, 'bulk-dry-run.png') });
      // Nothing was saved by the dry run.
      assert((await page.locator('tr[data-professional="E2E-B1"]').count()) === 0, 'E2E-B1 not listed after the dry run');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByText(/1 of 1 rows applied/).waitFor();
      await page.getByRole('table', { name: 'Score impact', exact: true }).waitFor();
    },
  ],
  [
    'an admin creates and disables a user, and exports the audit log as CSV',
    async (page, ctx) => {
      for (const f of ['users', 'createUser', 'disableUser', 'auditEvents']) if (!ctx.schema.has(f)) return 'skip';
      await openSignedIn(page, ctx, ADMIN, '/users');
      const form = page.getByRole('form', { name: 'Create a user' });
      await form.getByLabel('E-mail').fill('new-analyst@e2e.example');
      await form.getByLabel('Role').selectOption('ANALYST');
      await form.getByLabel('Initial password').fill('a long enough password');
      await form.getByRole('button', { name: 'Create user' }).click();
      await page.getByText('Created new-analyst@e2e.example.').waitFor();
      const row = page.getByRole('row', { name: /new-analyst@e2e\.example/ });
      await row.getByRole('button', { name: 'Disable' }).click();
      // Disable asks first; the signed-in administrator's own row offers no Disable.
      await row.getByRole('button', { name: 'Yes, disable' }).click();
      await row.getByText('Disabled').waitFor();
      const own = page.getByRole('row', { name: new RegExp('^' + ADMIN.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
      assert((await own.getByRole('button', { name: /^Disable/ }).count()) === 0, 'no Disable on the own row');
      if (ctx.schema.has('enableUser')) {
        await row.getByRole('button', { name: 'Enable' }).click();
        await page.getByText('Enabled new-analyst@e2e.example: it may sign in again.').waitFor();
        await row.getByText('Active').waitFor();
        await row.getByRole('button', { name: 'Disable' }).click();
        await row.getByRole('button', { name: 'Yes, disable' }).click();
        await row.getByText('Disabled').waitFor();
      }
      await page.screenshot({ path: join(screenshots, 'users-page.png') });

      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
      await page.getByRole('table', { name: 'Audit events' }).waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      const file = join(output, 'audit-log.csv');
      await download.saveAs(file);
      const csv = (await import('node:fs')).readFileSync(file, 'utf8');
      assert(csv.split('\n').length > 2, `the CSV has a header and rows: ${csv.slice(0, 200)}`);
      assert(csv.includes('new-analyst@e2e.example'), 'the CSV holds the user changes');
    },
  ],
  [
    'webhooks: an admin registers a webhook, sees its secret once, a test event is delivered, then pauses it',
    async (page, ctx) => {
      for (const f of ['webhooks', 'createWebhook', 'updateWebhook', 'sendTestWebhookEvent']) if (!ctx.schema.has(f)) return 'skip';
      const receiver = await startReceiver();
      try {
        await openSignedIn(page, ctx, ADMIN, '/');
        await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
        await page.waitForURL((u) => u.pathname === '/admin/webhooks');
        await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
        await page.getByRole('button', { name: 'Register webhook' }).click();
        const form = page.getByRole('form', { name: 'Register webhook' });
        const kinds = form.getByRole('group', { name: 'Event kinds' }).getByRole('checkbox');
        assert((await kinds.count()) === 4, 'four event kinds to choose');
        for (const box of await kinds.all()) assert(await box.isChecked(), 'every kind is chosen by default');
        assert((await form.getByLabel('Min points change').inputValue()) === '1', 'the minimum change is 1 by default');
        await form.getByLabel('URL').fill(receiver.url);
        await form.getByLabel('Description (optional)').fill('E2E receiver');
        await form.getByRole('button', { name: 'Register webhook' }).click();

        const box = page.getByTestId('webhook-secret');
        await box.waitFor();
        const secret = (await box.getByTestId('webhook-secret-value').innerText()).trim();
        assert(/^whsec_[A-Za-z0-9+/=]{40,}$/.test(secret), `a Standard Webhooks secret: ${secret}`);
        assert((await box.innerText()).includes('will not be shown again'), 'the secret is marked as shown once');
        await box.getByRole('button', { name: 'Copy secret' }).waitFor();
        await page.screenshot({ path: join(screenshots, 'webhook-secret.png') });
        await box.getByRole('button', { name: 'I have stored the secret' }).click();
        await box.waitFor({ state: 'detached' });
        assert(!(await page.content()).includes(secret), 'the secret is gone once dismissed');

        const card = page.getByRole('article', { name: receiver.url });
        await card.waitFor();
        const text = await card.innerText();
        assert(text.includes('E2E receiver') && text.includes('All partners'), `the webhook is listed: ${text}`);
        await card.getByTestId('webhook-state').filter({ hasText: 'Active' }).waitFor();

        await card.getByRole('button', { name: 'Send test event' }).click();
        await card.getByText(/Test event queued/).waitFor();
        const log = card.getByRole('table', { name: `Delivery log of ${receiver.url}` });
        const row = log.locator('tbody tr').first();
        await row.locator('[data-testid="delivery-status"]', { hasText: 'Delivered' }).waitFor({ timeout: 30_000 });
        const rowText = await row.innerText();
        assert(rowText.includes('Test event') && rowText.includes('HTTP 204'), `the delivered row: ${rowText}`);
        assert(receiver.received.length === 1, `the receiver got one delivery: ${receiver.received.length}`);
        const [got] = receiver.received;
        assert(got.method === 'POST' && got.path === '/hooks/e2e', `POST to the URL: ${got.method} ${got.path}`);
        assert(signedWith(got, secret), `signed with the secret shown: ${JSON.stringify(got.headers)}`);
        assert(JSON.parse(got.body).type === 'TEST', `a test event body: ${got.body}`);
        await card.getByTestId('delivery-counts').filter({ hasText: '1 delivered' }).waitFor();
        await page.screenshot({ path: join(screenshots, 'webhook-delivery-log.png') });

        await card.getByRole('button', { name: 'Pause' }).click();
        await card.getByTestId('webhook-state').filter({ hasText: 'Paused' }).waitFor();
        await card.getByRole('button', { name: 'Resume' }).waitFor();
        const stored = await gql(ctx.base, ctx.adminToken, '{ webhooks { nodes { url paused } } }');
        const mine = stored?.data?.webhooks?.nodes?.find((w) => w.url === receiver.url);
        assert(mine?.paused === true, `the server has it paused: ${JSON.stringify(stored)}`);
      } finally {
        await receiver.close();
      }
    },
  ],
  [
    'every page at 1440x900 and 390x844, for an admin, a partner admin and an analyst, has no serious or critical axe-core violation; at 390x844 it fits the window with Sign out in view and wide tables scroll in a focusable region',
    async (page, ctx) => {
      const other = (await showcasePartner(ctx)).partnerId;
      const pages = join(screenshots, 'pages');
      mkdirSync(pages, { recursive: true });
      const problems = [];
      const a11y = [];
      for (const size of [WIDE, NARROW]) {
        const at = `${size.width}x${size.height}`;
        const narrow = size.width === NARROW.width;
        await page.setViewportSize(size);
        await page.goto(`${ctx.base}/admin/sign-in`);
        await page.getByRole('button', { name: 'Sign in' }).waitFor();
        if (narrow) for (const p of await narrowProblems(page)) problems.push(`sign-in: ${p}`);
        for (const p of await axeProblems(page)) a11y.push(`${at} sign-in: ${p}`);
        for (const [email, role] of [
          [ADMIN, 'ADMIN'],
          [PARTNER_ADMIN, 'PARTNER_ADMIN'],
          [ANALYST, 'ANALYST'],
        ]) {
          const tab = await ctx.browser.newPage();
          try {
            await tab.setViewportSize(size);
            await openSignedIn(tab, ctx, email, '/audit').catch((e) => {
              throw new Error(`${at} ${role} signing in: ${e.message}`);
            });
            await settled(tab);
            for (const path of narrowPages(role, other)) {
              await tab.goto(`${ctx.base}/admin${path}`);
              await settled(tab).catch(async (e) => {
                await tab.screenshot({ path: join(output, `failed-${at}-${role}${path.replace(/\W+/g, '-')}.png`) }).catch(() => {});
                throw new Error(`${at} ${role} ${path} (now at ${tab.url()}): ${e.message}`);
              });
              if (path.includes('?designation=')) {
                // The facts of a metric open in the metric table, which scrolls with them.
                await tab.getByRole('button', { name: /\d+ facts?/ }).first().click().catch(() => {});
              }
              await tab.screenshot({ path: join(pages, `${at}-${role}${path.replace(/\W+/g, '-')}.png`), fullPage: true });
              if (narrow) for (const p of await narrowProblems(tab)) problems.push(`${role} ${path}: ${p}`);
              for (const p of await axeProblems(tab)) a11y.push(`${at} ${role} ${path}: ${p}`);
            }
            if (role === 'ADMIN') {
              // The row actions of the professionals can be scrolled to and tapped, and the form they open passes axe.
              await tab.goto(`${ctx.base}/admin/partners/${WORKED}/professionals`);
              const end = tab.locator('tr[data-professional="M1"]').getByRole('button', { name: /^End the association/ });
              await end.scrollIntoViewIfNeeded();
              const box = await end.boundingBox();
              if (!box || box.x < 0 || box.x + box.width > size.width) problems.push(`${at} End is not in view once scrolled to: ${JSON.stringify(box)}`);
              await end.click();
              await tab.getByRole('form', { name: 'End association' }).waitFor();
              if (narrow) for (const p of await narrowProblems(tab)) problems.push(`ADMIN with the End form open: ${p}`);
              for (const p of await axeProblems(tab)) a11y.push(`${at} ADMIN End form: ${p}`);
              await tab.keyboard.press('Escape');
            }
          } finally {
            await tab.close();
          }
        }
      }
      if (a11y.length > 0) log(`axe-core (serious and critical):\n  ${a11y.join('\n  ')}`);
      assert(problems.length === 0 && a11y.length === 0, [...problems, ...a11y].join('\n  '));
    },
  ],
  [
    'screenshots with demo data at 1440x900 and 390x844: the partners list, a partner page, and its professionals tab',
    async (page, ctx) => {
      const showcase = await showcasePartner(ctx);
      await openSignedIn(page, ctx, ADMIN, '/partners');
      for (const size of [WIDE, NARROW]) {
        const at = `${size.width}x${size.height}`;
        await page.setViewportSize(size);
        const shots = [
          ['partners-list', '/partners', async () => assert((await page.locator('main table tbody tr').count()) >= 10, 'the partners list shows the demo partners')],
          ['partner-page', `/partners/${showcase.partnerId}`, async () => page.getByRole('heading', { level: 1, name: showcase.name }).waitFor()],
          ['partner-professionals', `/partners/${showcase.partnerId}/professionals`, async () => page.locator('main table tbody tr').first().waitFor()],
        ];
        for (const [name, path, check] of shots) {
          await page.goto(`${ctx.base}/admin${path}`);
          await settled(page);
          await check();
          await page.screenshot({ path: join(screenshots, `${name}-${at}.png`), fullPage: true });
        }
      }
    },
  ],
  [
    'focus and titles: a wrong password focuses the password field, every route change focuses the page heading and names the page, cards and controls show a focus ring',
    async (page, ctx) => {
      await page.goto(`${ctx.base}/admin/partners`);
      await page.waitForURL((u) => u.pathname === '/admin/sign-in');
      await page
        .waitForFunction(() => document.title === 'Sign in · partnergraph', null, { timeout: 5_000 })
        .catch(async () => assert(false, `sign-in title: ${await page.title()}`));
      await page.getByLabel('E-mail').fill(ADMIN);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'wrong' }).waitFor();
      const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.tagName);
      assert((await focusedName()) === 'password', `after a wrong password focus is on ${await focusedName()}`);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();

      const onHeading = async (title) => {
        await page.waitForFunction(
          (t) => document.activeElement?.tagName === 'H1' && document.activeElement.textContent.trim() === t,
          title,
          { timeout: 15_000 },
        ).catch(async () => {
          const where = await page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.slice(0, 40)}`);
          throw new Error(`focus is not on the heading "${title}" but on ${where}`);
        });
        await page.waitForFunction((t) => document.title === `${t} · partnergraph`, title, { timeout: 5_000 }).catch(async () => {
          throw new Error(`the title is "${await page.title()}", not "${title} · partnergraph"`);
        });
      };
      await onHeading('Partners');
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Overview' }).click();
      await onHeading('Program overview');
      await nav.getByRole('link', { name: 'Partners' }).click();
      await onHeading('Partners');
      await page.getByLabel('Search').fill('Partner P');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByRole('link', { name: 'Partner P' }).click();
      await onHeading('Partner P');
      await nav.getByRole('link', { name: 'Audit log' }).click();
      await onHeading('Audit log');
      await page.goBack();
      await onHeading('Partner P');

      // Every control Tab reaches on the partner page shows a focus ring, the score cards too.
      const ring = () =>
        page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return { tag: 'BODY', ok: false };
          const s = getComputedStyle(el);
          const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
          const shadow = s.boxShadow.includes('rgba(31, 95, 168, 0.35)') || s.boxShadow.includes('rgb(31, 95, 168)');
          const name = el.getAttribute('aria-label') ?? el.getAttribute('type') ?? el.textContent ?? '';
          const label = `${el.tagName.toLowerCase()}.${el.className} "${name.trim().slice(0, 30)}" (outline ${s.outlineStyle} ${s.outlineWidth}, shadow ${s.boxShadow})`;
          return { tag: el.tagName, ok: outline || shadow, label, card: el.classList.contains('score-card') };
        });
      await page.locator('.score-card').first().waitFor();
      const missing = [];
      let cards = 0;
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        const r = await ring();
        if (r.tag === 'BODY') continue;
        if (r.card) cards += 1;
        if (!r.ok) missing.push(r.label);
      }
      assert(cards >= 6, `Tab reaches the six score cards: ${cards}`);
      assert(missing.length === 0, `no focus ring on:\n  ${[...new Set(missing)].join('\n  ')}`);

      // Escape closes an inline form and gives focus back to its button.
      await page.getByRole('link', { name: 'Certified professionals' }).click();
      await page.waitForURL((u) => u.pathname.endsWith('/professionals'));
      const end = page.locator('tr[data-professional="M1"]').getByRole('button', { name: /^End the association/ });
      await end.click();
      await page.getByLabel('Last day counted').focus();
      await page.keyboard.press('Escape');
      await page.getByRole('form', { name: 'End association' }).waitFor({ state: 'detached' });
      assert(await end.evaluate((el) => el === document.activeElement), 'focus is back on End after Escape');
    },
  ],
  [
    'partner page at 1440x900: the "70 needed" label is not clipped, the colours have a legend, and the facts get the metric table\'s width',
    async (page, ctx) => {
      await page.setViewportSize({ width: 1440, height: 900 });
      await openSignedIn(page, ctx, ANALYST, `/partners/${WORKED}?designation=SECURITY`);
      const chart = page.getByRole('img', { name: /Security score by month/ });
      await chart.waitFor();
      const label = await chart.evaluate((svg) => {
        const text = [...svg.querySelectorAll('text')].find((t) => t.textContent.trim() === '70 needed');
        if (!text) return null;
        const box = text.getBBox();
        return { left: box.x, right: box.x + box.width, width: svg.viewBox.baseVal.width };
      });
      assert(label, 'the chart has a "70 needed" label');
      assert(label.left >= 0 && label.right <= label.width, `"70 needed" spans ${label.left}–${label.right} of a ${label.width} wide drawing`);
      const legend = page.locator('figure.chart figcaption');
      await legend.getByText('Requirements met', { exact: true }).waitFor();
      await legend.getByText('Requirements not met', { exact: true }).waitFor();

      const metrics = page.locator('table.metric-table');
      await page.locator('tr[data-metric="INTERMEDIATE_CERTIFICATIONS"]').getByRole('button', { name: /facts/ }).click();
      const facts = page.getByRole('table', { name: 'Facts: Intermediate certifications' });
      await facts.waitFor();
      const [outer, inner] = [await metrics.boundingBox(), await facts.boundingBox()];
      assert(inner.width >= outer.width * 0.9, `the facts table is ${inner.width} px wide in a ${outer.width} px metric table`);
      // The details read in lines of many words, not two or three.
      const detail = await facts.locator('tbody tr td:nth-child(4)').first().boundingBox();
      assert(detail.width >= 300, `the Detail column is ${detail.width} px wide`);
      await page.screenshot({ path: join(screenshots, 'partner-page-1440.png'), fullPage: true });
    },
  ],
];

main().catch((e) => {
  log(`e2e: ${e instanceof Error ? e.stack ?? e.message : e}`);
  log('e2e: 0 passed, 1 failed');
  process.exitCode = 1;
});
