// End-to-end tests of the admin UI with @playwright/test, in Debian's headless Chromium
// (/usr/bin/chromium: Playwright's own browser downloads are never used), against one real
// `partnergraph serve` that e2e/global-setup.ts starts on a free port with a fresh SQLite database,
// 30 demo partners and the Security worked example (tests/examples/security-2023-worked), and that
// e2e/global-teardown.ts stops.
//
//   npm run e2e                          # builds what is missing, runs every test
//   E2E_ONLY=analyst npm run e2e         # tests whose title contains "analyst" (a|b: either)
//   npm run e2e -- -g analyst            # the same, with Playwright's own options after `--`
//   npm run e2e -- e2e/users.spec.ts     # one file (the desktop and narrow projects wait for the
//                                        # scenarios project: add --no-deps to skip it; -G, unlike
//                                        # -g, leaves that project whole when it is only a dependency)
//
// The environment:
//   PARTNERGRAPH_BIN  the server binary (default: `cargo build --workspace --locked` in the repository,
//                     then target/debug/partnergraph)
//   CHROMIUM          the browser (default /usr/bin/chromium)
//   KEEP_SERVER=1     leave the server running after the tests and print its URL, users and password
//   E2E_SHOTS=<dir>   where the screenshots go (default: a new temp folder, printed; scripts/ui-test
//                     sets admin-ui/e2e/screenshots). E2E_NARROW_SHOTS, its former name, still works.
//   E2E_UI_DIR=<dir>  a build of the UI elsewhere (e.g. `vite build --outDir`), instead of admin-ui/dist
//   AXE_DEBUG=1       print axe-core's incomplete results of every page checked
//   CI=true           one retry of a failed test (in a new worker, on the same server: a scenario that
//                     wrote before it failed may fail again on what it left), and test.only is an error
//
// What lands in e2e/output/ (git-ignored): server.log, the server's state while it runs (server.json),
// test-results/ (a trace, a screenshot and the downloads of each failed test) and report/ (the HTML
// report: `npx playwright show-report e2e/output/report`).
//
// The projects: the tests share one server and its data, so `scenarios` (1280x800) runs one test at a
// time, files in alphabetical order and tests in the order they are written: access.spec.ts and
// partners.spec.ts read the worked partner as imported before professionals.spec.ts changes its
// professionals, overview.spec.ts counts audit events while nothing else writes, and webhooks.spec.ts
// comes last so that no other change raises an event its webhook would hear. Then `desktop`
// (1440x900: pages, screenshots, focus, layout) and `narrow` (390x844: pages, screenshots) check every
// page for every role with axe-core (and at 390 px that it fits) on the data the scenarios leave, and
// take the screenshots; they write nothing, and run side by side on the two workers (the machine has
// two cores, shared with the server). A failed scenario leaves them "did not run": add --no-deps to
// run them alone.
//
// Traces are kept for failed tests, without the screencast (`screenshots: false`): recording it slowed
// every test by half on two cores, and each step's DOM snapshot stays in the trace.
import { defineConfig } from '@playwright/test';

const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
// E2E_ONLY: a part of a test's title (case matters), `a|b` for either; it becomes the run's grep.
const only = process.env.E2E_ONLY;
const grep = only ? new RegExp(only.split('|').map((o) => o.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')) : undefined;

export default defineConfig({
  testDir: './e2e',
  outputDir: './e2e/output/test-results',
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  ...(grep ? { grep } : {}),
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['html', { outputFolder: './e2e/output/report', open: 'never' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: chromium,
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
    },
    viewport: { width: 1280, height: 800 },
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
    actionTimeout: 30_000,
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: 'scenarios',
      testIgnore: ['pages.spec.ts', 'screenshots.spec.ts', 'focus.spec.ts', 'layout.spec.ts'],
      workers: 1,
    },
    {
      name: 'desktop',
      testMatch: ['pages.spec.ts', 'screenshots.spec.ts', 'focus.spec.ts', 'layout.spec.ts'],
      use: { viewport: { width: 1440, height: 900 } },
      dependencies: ['scenarios'],
    },
    {
      name: 'narrow',
      testMatch: ['pages.spec.ts', 'screenshots.spec.ts'],
      use: { viewport: { width: 390, height: 844 } },
      dependencies: ['scenarios'],
    },
  ],
});
