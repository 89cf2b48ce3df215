#!/usr/bin/env node
import module from 'node:module';
import { nodeVersionProblem } from './applier/doctor/node-version.js';
import { watchRelaunchArgv } from './applier/watch/node-flags.js';

// The `multihome` bin. It checks Node's version before anything else is loaded: the CLI and its
// dependencies need Node 22, and an older Node would die on the first `Set.prototype.union` with a
// stack trace from deep inside a dependency. node-version.js and node-flags.js import nothing, so
// they are the only modules linked before the check; the CLI is imported afterwards.
const tooOld = nodeVersionProblem(process.version);
if (tooOld !== undefined) {
  process.stderr.write(`${tooOld}\n`);
  process.exit(2);
}
// `multihome watch` runs with its own Node flags (node-flags.ts): the bin becomes that Node, keeping
// its PID, before anything is loaded. A Node without `process.execve` (before 22.15) runs it as is.
const relaunch = watchRelaunchArgv(process.argv, process.execArgv);
if (relaunch !== undefined && typeof process.execve === 'function') {
  process.execve(process.execPath, relaunch, process.env);
}
// Root's runs (every applier command) keep V8's compiled code of the CLI between runs, which spares
// each run about a quarter of its start-up. Only root's, in the project's cache directory (see
// docker/cache-dir.ts), which only root can write: a cache anyone could plant would be code that
// root runs. Where it cannot be written, or on a Node without it, nothing changes.
if (process.getuid?.() === 0) {
  const cache = process.env.MULTIHOME_CACHE_DIR ?? '/var/cache/multihome';
  module.enableCompileCache?.(`${cache}/node-compile-cache`);
}
const { main, quietOnClosedPipe } = await import('./cli.js');
quietOnClosedPipe();
process.exitCode = await main(process.argv.slice(2));
