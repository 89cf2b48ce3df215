#!/usr/bin/env node
import { nodeVersionProblem } from '../doctor/node-version.js';

// The entry `npm run build` bundles into dist/applier/cli/main.js (bin.multihome). First it checks
// Node's version, before anything else is loaded: the CLI's code needs Node 22 (an older one would
// die on the first `Set.prototype.union` with a minified stack trace). Then it turns on Node's
// compile cache before the CLI's code is loaded, so later runs skip compiling it; a cache directory
// that cannot be written only costs that saving. The CLI itself is imported, not run from here twice:
// main.ts runs itself only when it is the script Node was started with, which a bundled chunk is not.
const tooOld = nodeVersionProblem(process.version);
if (tooOld !== undefined) {
  process.stderr.write(`${tooOld}\n`);
  process.exit(2);
}
const [{ default: module }, { tmpdir }, { join }] = await Promise.all([
  import('node:module'),
  import('node:os'),
  import('node:path'),
]);
const APPLIER_COMMANDS = new Set(['plan', 'apply', 'verify', 'status', 'remove', 'confirm']);
const cacheDir =
  process.getuid?.() === 0
    ? '/var/cache/multihome/compile-cache'
    : join(tmpdir(), `multihome-compile-cache-${process.getuid?.() ?? 'user'}`);
try {
  module.enableCompileCache?.(cacheDir);
} catch {
  // Caching is an optimisation only.
}
const { main, quietOnClosedPipe } = await import('./main.js');
quietOnClosedPipe();
const args = process.argv.slice(2);
process.exitCode = await main(args);
// An applier command has done all its work when main returns (the rollback process of
// `apply --confirm` is detached and outlives this one), so once the cache and the output are
// flushed it exits at once instead of paying ~10 ms of event-loop and heap teardown. The lab and
// demo commands end the usual way.
if (APPLIER_COMMANDS.has(args.find((arg) => !arg.startsWith('-')) ?? '')) {
  module.flushCompileCache?.();
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit();
}

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}
