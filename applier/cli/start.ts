#!/usr/bin/env node
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The entry `npm run build` bundles into dist/applier/cli/main.js (bin.multihome). It turns on Node's
// compile cache before the CLI's code is loaded, so later runs skip compiling it; a cache directory
// that cannot be written only costs that saving. The CLI itself is imported, not run from here twice:
// main.ts runs itself only when it is the script Node was started with, which a bundled chunk is not.
const cacheDir =
  process.getuid?.() === 0
    ? '/var/cache/multihome/compile-cache'
    : join(tmpdir(), `multihome-compile-cache-${process.getuid?.() ?? 'user'}`);
try {
  module.enableCompileCache?.(cacheDir);
} catch {
  // Caching is an optimisation only.
}
const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2));
