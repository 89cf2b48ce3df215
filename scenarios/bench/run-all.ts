import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../applier/e2e/cli-path.js';

// `npm run bench`: the applier bench, then the lab's and the scenarios' benches when they are built.
// It lives with the scenarios, the one area that may depend on all the others, because it runs them all.
const benches = [
  'dist/applier/bench/run.js',
  'dist/applier/bench/watch-bench.js',
  'dist/lab/bench/run.js',
  'dist/scenarios/bench/run.js',
];
const root = packageRoot();
const failed: string[] = [];
for (const bench of benches) {
  const file = join(root, bench);
  if (!existsSync(file)) {
    process.stderr.write(`bench: ${bench} is not built; skipped\n`);
    continue;
  }
  const result = spawnSync(process.execPath, [file], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) failed.push(bench);
}
if (failed.length > 0) {
  process.stderr.write(`bench: failed: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}
