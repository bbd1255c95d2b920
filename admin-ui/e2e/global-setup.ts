// Starts the one `partnergraph serve` every test talks to (see playwright.config.ts): a free port on
// 127.0.0.1, a fresh SQLite data folder with 30 demo partners, the Security worked example imported
// and three users (an admin, a partner admin of the worked partner P, an analyst) added with the CLI.
// The tests find it through E2E_BASE_URL; e2e/global-teardown.ts stops it from e2e/output/server.json.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, ANALYST, PARTNER_ADMIN, PASSWORD, WORKED } from './constants';
import { output, repo, serverState, ui, type ServerState } from './paths';

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

function binary(): string {
  if (process.env.PARTNERGRAPH_BIN) return process.env.PARTNERGRAPH_BIN;
  log('building the server (cargo build --workspace: the same features as the test build, so nothing is rebuilt after it)…');
  execFileSync('cargo', ['build', '--workspace', '--locked'], { cwd: repo, stdio: 'inherit' });
  return join(repo, 'target/debug/partnergraph');
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => res(port));
    });
  });
}

function exited(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

async function waitReady(base: string, server: { exitCode: number | null }): Promise<void> {
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

export default async function globalSetup(): Promise<void> {
  const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    throw new Error(`${chromium} is missing: apt-get update && apt-get install -y chromium`);
  }
  if (!process.env.E2E_UI_DIR && (!existsSync(join(ui, 'dist/index.html')) || !existsSync(join(ui, 'dist/graphiql.html')))) {
    log('building the UI (npm run build)…');
    execFileSync('npm', ['run', 'build'], { cwd: ui, stdio: 'inherit' });
  }
  const example = join(repo, 'tests/examples/security-2023-worked');
  if (!existsSync(example)) throw new Error(`the worked example is missing at ${example}`);
  const bin = binary();

  const screenshots =
    process.env.E2E_SHOTS || process.env.E2E_NARROW_SHOTS || mkdtempSync(join(tmpdir(), 'partnergraph-e2e-shots-'));
  mkdirSync(screenshots, { recursive: true });
  // Set here, the tests (in the workers) see it too.
  process.env.E2E_SHOTS = screenshots;
  log(`screenshots go to ${screenshots}`);

  mkdirSync(output, { recursive: true });
  const data = mkdtempSync(join(tmpdir(), 'partnergraph-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ADMIN_UI_DIR: process.env.E2E_UI_DIR ?? join(ui, 'dist'),
    RUST_LOG: process.env.RUST_LOG ?? 'info,sqlx=warn',
    // The webhook scenario's receiver listens on 127.0.0.1, and its retries should not take minutes.
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOK_RETRY_BASE_SECS: '1',
  };
  delete env.DATABASE_URL;

  log(`starting partnergraph on ${base} (data in ${data})…`);
  const serverLog = openSync(join(output, 'server.log'), 'w');
  const keep = !!process.env.KEEP_SERVER;
  const server = spawn(bin, ['--data-dir', data, 'serve', '--bind', `127.0.0.1:${port}`, '--demo', '30'], {
    env,
    // The log goes straight to the file, so the server can outlive this process under KEEP_SERVER
    // (which also takes it out of the terminal's process group: Ctrl-C ends the tests, not it).
    stdio: ['ignore', serverLog, serverLog],
    detached: keep,
  });
  closeSync(serverLog);
  if (keep) server.unref();
  const state: ServerState = { pid: server.pid ?? 0, base, data, keep };
  writeFileSync(serverState, JSON.stringify(state, null, 2));
  try {
    await waitReady(base, server);
    const run = (args: string[]) =>
      execFileSync(bin, ['--data-dir', data, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    run(['import', example]);
    const users: [string, string, string[]][] = [
      [ADMIN, 'ADMIN', []],
      [PARTNER_ADMIN, 'PARTNER_ADMIN', ['--partner', WORKED]],
      [ANALYST, 'ANALYST', []],
    ];
    for (const [email, role, extra] of users) {
      run(['users', 'add', '--email', email, '--role', role, ...extra, '--password', PASSWORD]);
    }
  } catch (e) {
    server.kill('SIGTERM');
    for (let i = 0; i < 100 && !exited(state.pid); i++) await new Promise((r) => setTimeout(r, 100));
    rmSync(data, { recursive: true, force: true });
    rmSync(serverState, { force: true });
    throw e;
  }
  process.env.E2E_BASE_URL = base;
}
