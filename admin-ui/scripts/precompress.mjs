// Writes a brotli (.br) and a gzip (.gz) copy beside every text file of the build (dist/), at the
// highest levels, once: `partnergraph serve` sends the copy the browser's Accept-Encoding prefers,
// so nothing is compressed per request. A copy that would not be smaller is not written.
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = resolve(fileURLToPath(new URL('..', import.meta.url)), 'dist');
const TEXT = /\.(html|js|mjs|css|json|svg|txt|map)$/;

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

let raw = 0;
let brotli = 0;
let count = 0;
for (const path of files(dist)) {
  if (path.endsWith('.br') || path.endsWith('.gz')) {
    unlinkSync(path);
    continue;
  }
  if (!TEXT.test(path)) continue;
  const bytes = readFileSync(path);
  const br = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
  const gz = gzipSync(bytes, { level: 9 });
  if (br.length < bytes.length) writeFileSync(`${path}.br`, br);
  if (gz.length < bytes.length) writeFileSync(`${path}.gz`, gz);
  raw += bytes.length;
  brotli += Math.min(br.length, bytes.length);
  count += 1;
}
console.log(
  `precompressed ${count} files: ${(raw / 1024).toFixed(0)} KiB, ${(brotli / 1024).toFixed(0)} KiB as brotli`,
);
