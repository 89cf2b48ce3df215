import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../e2e/cli-path.js';

// `npm run bench`: the applier bench, then the lab's and the scenarios' benches when they are built.
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
