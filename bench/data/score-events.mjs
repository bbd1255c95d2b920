// Listens to the `scoreEvents` subscription for bench/data.py, with the `graphql-ws` client and the
// `ws` WebSocket from admin-ui/node_modules:
//
//   node bench/data/score-events.mjs WS_URL TOKEN
//
// Prints `{"ready": SECONDS}` once subscribed, then one line per event: `{"at": SECONDS, "partner": ID,
// "kind": KIND}` (wall-clock Unix seconds, comparable with the caller's `time.time()`), and
// `{"error": …}` on an error. Runs until killed.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(join(repo, 'admin-ui', 'package.json'));
const { createClient } = require('graphql-ws');
const WebSocket = require('ws');

const [url, token] = process.argv.slice(2);
const print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  lazy: false,
  connectionParams: { Authorization: `Bearer ${token}` },
  on: { connected: () => setTimeout(() => print({ ready: Date.now() / 1000 }), 200) },
});
client.subscribe(
  { query: 'subscription { scoreEvents { kind partner { partnerId } } }' },
  {
    next: (value) => {
      if (value.errors) {
        print({ error: value.errors });
        return;
      }
      const e = value.data.scoreEvents;
      print({ at: Date.now() / 1000, partner: e.partner?.partnerId ?? null, kind: e.kind });
    },
    error: (error) => {
      print({ error: String(error?.reason ?? error) });
      process.exit(1);
    },
    complete: () => process.exit(0),
  },
);
