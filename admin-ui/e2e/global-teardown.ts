// Stops the server e2e/global-setup.ts started (its pid and data folder are in e2e/output/server.json),
// or under KEEP_SERVER leaves it running and says where it is.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { ADMIN, ANALYST, PARTNER_ADMIN, PASSWORD } from './constants';
import { serverState, type ServerState } from './paths';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export default async function globalTeardown(): Promise<void> {
  if (process.env.E2E_SHOTS) process.stdout.write(`\nscreenshots: ${process.env.E2E_SHOTS}\n`);
  if (!existsSync(serverState)) return;
  const state = JSON.parse(readFileSync(serverState, 'utf8')) as ServerState;
  if (state.keep && alive(state.pid)) {
    process.stdout.write(
      `KEEP_SERVER: ${state.base}/admin/ (users ${ADMIN}, ${PARTNER_ADMIN}, ${ANALYST}; password "${PASSWORD}").\n` +
        `It keeps running: stop it with \`kill ${state.pid}\`; its data is in ${state.data}.\n`,
    );
    return;
  }
  if (state.pid > 0 && alive(state.pid)) {
    process.kill(state.pid, 'SIGTERM');
    for (let i = 0; i < 300 && alive(state.pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (alive(state.pid)) process.kill(state.pid, 'SIGKILL');
  }
  rmSync(state.data, { recursive: true, force: true });
  rmSync(serverState, { force: true });
}
