// The GraphQL-over-HTTP specification's reference audit (graphql-http's `serverAudits`, by the
// specification's editor) against a running server:
//
//   node scripts/graphql-http/audit.mjs http://127.0.0.1:8080/graphql
//
// Prints every audit that is not `ok` and a summary line; exits 1 on any `error` or `warn`. A `notice`
// is printed and allowed: each one the server still gives is a decision the README's API section
// explains.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <GraphQL endpoint URL>');
  process.exit(2);
}
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const audit of serverAudits({ url, fetchFn: fetch })) {
  const result = await audit.fn();
  counts[result.status] += 1;
  if (result.status !== 'ok') {
    console.log(`${result.status.padEnd(6)} ${result.id} ${result.name}: ${result.reason}`);
  }
}
const total = Object.values(counts).reduce((a, b) => a + b, 0);
console.log(
  `graphql-http audit of ${url}: ${total} audits, ${counts.ok} ok, ${counts.notice} notice(s), ${counts.warn} warning(s), ${counts.error} error(s)`,
);
process.exit(counts.error + counts.warn > 0 ? 1 : 0);
