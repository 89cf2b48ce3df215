import { NamespaceRunner } from '../../runner/namespace-runner.js';
import { withNamespaceLock } from '../lock.js';

// A process that takes a namespace's lock, says so and then waits to be killed: what an apply killed
// halfway looks like to the next run. Started by
// typescriptArgv(hold-lock.ts, [NAMESPACE]).
const namespace = process.argv[2];
if (namespace === undefined) throw new Error('usage: hold-lock.ts NAMESPACE');
await withNamespaceLock(new NamespaceRunner(namespace), async () => {
  process.stdout.write('held\n');
  await new Promise(() => setInterval(() => {}, 60_000));
});
