#!/usr/bin/env node
import { nodeVersionProblem } from './applier/doctor/node-version.js';

// The `multihome` bin. It checks Node's version before anything else is loaded: the CLI and its
// dependencies need Node 22, and an older Node would die on the first `Set.prototype.union` with a
// stack trace from deep inside a dependency. node-version.js imports nothing, so it is the only
// module linked before the check; the CLI is imported afterwards.
const tooOld = nodeVersionProblem(process.version);
if (tooOld !== undefined) {
  process.stderr.write(`${tooOld}\n`);
  process.exit(2);
}
const { main, quietOnClosedPipe } = await import('./cli.js');
quietOnClosedPipe();
process.exitCode = await main(process.argv.slice(2));
