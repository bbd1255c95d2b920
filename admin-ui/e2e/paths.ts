// Where things are, for the setup, the teardown and the tests.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** admin-ui/e2e */
export const here = dirname(fileURLToPath(import.meta.url));
/** admin-ui */
export const ui = resolve(here, '..');
/** The repository. */
export const repo = resolve(ui, '..');
/** admin-ui/e2e/output (git-ignored): the server log and state, test results, the HTML report. */
export const output = join(here, 'output');
/** What the teardown needs to stop the server. */
export const serverState = join(output, 'server.json');

export interface ServerState {
  pid: number;
  base: string;
  data: string;
  keep: boolean;
}
