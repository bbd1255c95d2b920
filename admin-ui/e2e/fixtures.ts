// What the end-to-end tests share: the server global-setup.ts started, signed-in pages for each role,
// a watch that fails a test on any console error (and on script errors, CSP refusals and missing
// files of the app), axe-core, the check that a page fits a 390 px window, and GraphiQL helpers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type ConsoleMessage, type Page } from '@playwright/test';
import { EMAIL, PASSWORD, WORKED, type Role } from './constants';
import { ui } from './paths';

export { expect };
export * from './constants';

type Json = Record<string, any>;

/** One GraphQL request outside the browser (setup and checks). */
export async function gql(base: string, token: string | null, query: string, variables: Json = {}): Promise<Json> {
  const r = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await r.json()) as Json;
}

async function tokenFor(base: string, email: string): Promise<string> {
  const body = await gql(base, null, 'mutation($e:String!,$p:String!){login(email:$e,password:$p){token}}', {
    e: email,
    p: PASSWORD,
  });
  const token = body?.data?.login?.token as string | undefined;
  if (!token) throw new Error(`login of ${email} failed: ${JSON.stringify(body)}`);
  return token;
}

/** The server every test talks to. */
export interface Server {
  /** Its origin, e.g. http://127.0.0.1:43117 */
  base: string;
  /** An admin's access token for GraphQL requests outside the browser. */
  adminToken: string;
  /** The query and mutation field names it has: a test of an API that has not landed is skipped. */
  schema: Set<string>;
  /** `gql` as the admin. */
  gql(query: string, variables?: Json): Promise<Json>;
}

/** A demo partner with a realistic name for the screenshots (see `showcasePartner`). */
export interface Showcase {
  partnerId: string;
  name: string;
}

/**
 * A demo partner with a realistic name for the screenshots: the best Security score short of full
 * marks (so points missing show), or the best of all.
 */
export async function showcasePartner(server: Server): Promise<Showcase> {
  for (const filter of ['{designation: SECURITY, minScore: 40, maxScore: 99}', '{designation: SECURITY}']) {
    const body = await server.gql(`{ partners(first: 1, filter: ${filter}, orderBy: SCORE) { nodes { partnerId name } } }`);
    const node = body?.data?.partners?.nodes?.[0] as Showcase | undefined;
    if (node && node.partnerId !== WORKED) return node;
  }
  throw new Error('no demo partner to show');
}

/** Signs in on the sign-in page the page is at; with `expectPath`, waits to land on it. */
export async function signIn(page: Page, email: string, expectPath?: string): Promise<void> {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (expectPath) await page.waitForURL((u) => u.pathname.startsWith(expectPath), { timeout: 15_000 });
}

/** The start page (the router's basename, with or without its slash). */
export function atHome(u: URL): boolean {
  return u.pathname === '/admin' || u.pathname === '/admin/';
}

/** Waits until the page has its main heading and nothing is loading any more. */
export async function settled(page: Page): Promise<void> {
  await page.locator('main h1').first().waitFor();
  await page
    .waitForFunction(() => document.querySelectorAll('.loading').length === 0, null, { timeout: 15_000 })
    .catch(() => {});
}

/**
 * Rules axe reports that are not problems here. Each entry: rule id, why, and the targets it may
 * match (a narrow exclusion, never a whole rule for the whole page).
 */
const AXE_EXCLUDE: { id: string; why: string; target: RegExp }[] = [];

let axeCode: string | undefined;
const axeSource = () => (axeCode ??= readFileSync(join(ui, 'node_modules/axe-core/axe.min.js'), 'utf8'));

declare global {
  interface Window {
    axe?: { run(context: Document): Promise<AxeResults> };
    __axeIncomplete?: string[];
    __cspViolations?: string[];
  }
}
interface AxeNode {
  impact?: string | null;
  target: string[];
  any: { message: string }[];
}
interface AxeResults {
  violations: { id: string; impact?: string | null; help: string; helpUrl: string; nodes: AxeNode[] }[];
  incomplete: { id: string; nodes: AxeNode[] }[];
}

/**
 * Runs axe-core on the page as it is and returns its `serious` and `critical` violations, one line
 * each: rule id, impact, the target selectors and the help URL.
 */
export async function axeProblems(page: Page): Promise<string[]> {
  // page.addScriptTag({ path }) would add an inline <script>, which the UI's CSP (script-src 'self')
  // rightly refuses; evaluating the same file through the DevTools protocol is not subject to it, so
  // the CSP under test stays on.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    const result = await window.axe!.run(document);
    window.__axeIncomplete = result.incomplete.flatMap((v) =>
      v.nodes.map((n) => `${v.id} ${n.target.join(' ')}: ${n.any.map((c) => c.message).join('; ')}`),
    );
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.filter((n) => n.impact === 'serious' || n.impact === 'critical').map((n) => n.target.join(' ')),
    }));
  });
  if (process.env.AXE_DEBUG) {
    process.stdout.write(`axe ${page.url()}: ${JSON.stringify(await page.evaluate(() => window.__axeIncomplete))}\n`);
  }
  const problems: string[] = [];
  for (const v of violations) {
    const targets = v.targets.filter((t) => !AXE_EXCLUDE.some((e) => e.id === v.id && e.target.test(t)));
    if (targets.length === 0) continue;
    problems.push(
      `${v.id} (${v.impact}): ${v.help}; ${targets.slice(0, 8).join(' | ')}${targets.length > 8 ? ` …and ${targets.length - 8} more` : ''}; ${v.helpUrl}`,
    );
  }
  return problems;
}

/**
 * What does not fit a narrow viewport: the page wider than the window (naming the widest element and
 * the outermost ones that stick out), Sign out outside the window or its top bar, and tables wider
 * than their box that are clipped instead of scrolling in a focusable region. Returns the problems
 * (empty when none).
 */
export function narrowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    window.scrollTo(0, 0);
    const vw = window.innerWidth;
    const root = document.documentElement;
    const scrolling = document.scrollingElement ?? root;
    const describe = (el: Element) => {
      const r = el.getBoundingClientRect();
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      return `${el.tagName.toLowerCase()}${cls} (left ${Math.round(r.left)}, right ${Math.round(r.right)}, ${Math.round(r.width)} px wide)`;
    };
    if (root.scrollWidth > vw || scrolling.scrollWidth > scrolling.clientWidth) {
      const all = [...document.querySelectorAll('body *')];
      const widest = all.reduce<Element | null>(
        (best, el) => (!best || el.getBoundingClientRect().width > best.getBoundingClientRect().width ? el : best),
        null,
      );
      const wide = all
        .filter((el) => el.getBoundingClientRect().right > vw + 0.5)
        .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= vw + 0.5)
        .slice(0, 6)
        .map(describe);
      problems.push(
        `the page is ${Math.max(root.scrollWidth, scrolling.scrollWidth)} px wide in a ${Math.min(vw, scrolling.clientWidth)} px window; ` +
          `the widest element: ${widest ? describe(widest) : 'none'}; sticking out: ${wide.join(', ')}`,
      );
    }
    const signOut = [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Sign out');
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

/**
 * Stricter watch for the GraphiQL page: every request must go to the server itself, and any CSP
 * violation (reported by the page's `securitypolicyviolation` events) is a problem. (Console errors
 * fail every test, through the `problems` fixture.)
 */
export async function watchStrict(page: Page, base: string): Promise<{ check(): Promise<void> }> {
  const problems: string[] = [];
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
      window.__cspViolations?.push(`${e.violatedDirective} refused ${e.blockedURI || '(inline)'}`);
    });
  });
  return {
    async check() {
      const csp = await page.evaluate(() => window.__cspViolations ?? []);
      const all = [...problems, ...csp.map((v) => `CSP violation: ${v}`)];
      expect(all, `the GraphiQL page reported:\n  ${all.join('\n  ')}`).toEqual([]);
    },
  };
}

interface CodeMirrorHost extends Element {
  CodeMirror?: { setValue(v: string): void; getValue(): string };
}

/** Runs `query` in GraphiQL's query editor and returns the parsed result pane. */
export async function runInGraphiql(page: Page, query: string): Promise<Json> {
  const editor = page.locator('.graphiql-query-editor .CodeMirror');
  await editor.waitFor();
  await page.evaluate(
    (q) => (document.querySelector('.graphiql-query-editor .CodeMirror') as CodeMirrorHost).CodeMirror!.setValue(q),
    query,
  );
  await page.getByRole('button', { name: /^Execute query/ }).click();
  await page.waitForFunction(() => {
    const host = document.querySelector('.result-window .CodeMirror') as CodeMirrorHost | null;
    return (host?.CodeMirror?.getValue() ?? '').trim().startsWith('{');
  });
  return JSON.parse(
    await page.evaluate(() => (document.querySelector('.result-window .CodeMirror') as CodeMirrorHost).CodeMirror!.getValue()),
  ) as Json;
}

/** The header editor's text (the visible editor of GraphiQL's lower tools). */
export function graphiqlHeaders(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      (document.querySelector('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror') as CodeMirrorHost | null)
        ?.CodeMirror?.getValue() ?? '',
  );
}

/** The path of the URL a console message is about (for "Failed to load resource": the resource's). */
function pathOf(m: ConsoleMessage): string | undefined {
  try {
    return new URL(m.location().url).pathname;
  } catch {
    return undefined;
  }
}

/** What the `problems` fixture collects; `allow` lets a test expect one kind of console error. */
export interface Problems {
  readonly list: string[];
  /**
   * A console error matching `pattern` (logged for the resource at path `from`, when given) is
   * expected here (say why); it no longer fails the test.
   */
  allow(pattern: RegExp, why: string, from?: string): void;
}

interface Fixtures {
  /** The screenshot folder (E2E_SHOTS, made by global-setup.ts). */
  shots: string;
  /** Fails the test on any console error, script error, CSP refusal or missing file of the app, in any of its tabs. */
  problems: Problems;
  /**
   * Opens `path` (after /admin) in `page` (default: the test's page), is sent to the sign-in page,
   * signs in as `role` and lands back on `path`: the page signed in for that role.
   */
  signedIn(role: Role, path?: string, page?: Page): Promise<Page>;
  /** The `serious` and `critical` axe-core violations of a page; `expectClean` fails on any. */
  axe: { problems(page: Page): Promise<string[]>; expectClean(page: Page, what?: string): Promise<void> };
  /** What does not fit a narrow window (see `narrowProblems`); `expectFits` fails on any. */
  overflow: { problems(page: Page): Promise<string[]>; expectFits(page: Page, what?: string): Promise<void> };
}

export const test = base.extend<Fixtures, { server: Server }>({
  server: [
    async ({}, use) => {
      const baseUrl = process.env.E2E_BASE_URL;
      if (!baseUrl) throw new Error('E2E_BASE_URL is not set: run the tests with playwright.config.ts (its global setup starts the server)');
      const adminToken = await tokenFor(baseUrl, EMAIL.ADMIN);
      const body = await gql(baseUrl, adminToken, '{ __schema { mutationType { fields { name } } queryType { fields { name } } } }');
      const schema = new Set<string>();
      for (const t of [body?.data?.__schema?.mutationType, body?.data?.__schema?.queryType]) {
        for (const f of (t?.fields ?? []) as { name: string }[]) schema.add(f.name);
      }
      await use({ base: baseUrl, adminToken, schema, gql: (query, variables) => gql(baseUrl, adminToken, query, variables) });
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ server }, use) => {
    await use(server.base);
  },
  shots: async ({}, use) => {
    const dir = process.env.E2E_SHOTS;
    if (!dir) throw new Error('E2E_SHOTS is not set: run the tests with playwright.config.ts');
    await use(dir);
  },
  problems: [
    async ({ context }, use) => {
      const list: string[] = [];
      const allowed: { pattern: RegExp; from: string | undefined }[] = [];
      context.on('weberror', (e) => list.push(`page error: ${e.error().message}`));
      context.on('console', (m) => {
        const text = m.text();
        if (m.type() === 'error') {
          if (allowed.some((a) => a.pattern.test(text) && (!a.from || pathOf(m) === a.from))) return;
          list.push(`console error on ${m.page()?.url() ?? '?'}: ${text}`);
        } else if (/Content Security Policy|Refused to/i.test(text)) {
          list.push(`CSP: ${text}`);
        }
      });
      context.on('response', (r) => {
        if (r.url().includes('/admin/assets/') && r.status() >= 400) list.push(`${r.status()} for ${r.url()}`);
      });
      await use({ list, allow: (pattern, _why, from) => allowed.push({ pattern, from }) });
      expect(list, `the page reported:\n  ${list.join('\n  ')}`).toEqual([]);
    },
    { auto: true },
  ],
  signedIn: async ({ page, server }, use) => {
    await use(async (role, path = '/', target = page) => {
      await target.goto(`${server.base}/admin${path}`);
      await target.waitForURL((u) => u.pathname === '/admin/sign-in');
      await signIn(target, EMAIL[role], `/admin${path.split('?')[0]}`);
      return target;
    });
  },
  axe: async ({}, use) => {
    await use({
      problems: axeProblems,
      async expectClean(page, what = page.url()) {
        const problems = await axeProblems(page);
        expect(problems, `axe-core (serious and critical) on ${what}:\n  ${problems.join('\n  ')}`).toEqual([]);
      },
    });
  },
  overflow: async ({}, use) => {
    await use({
      problems: narrowProblems,
      async expectFits(page, what = page.url()) {
        const problems = await narrowProblems(page);
        expect(problems, `${what} does not fit the window:\n  ${problems.join('\n  ')}`).toEqual([]);
      },
    });
  },
});
