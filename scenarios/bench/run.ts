import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDemo } from '../demo/run-demo.js';
import { runTest, testExitCode } from '../harness/run-test.js';
import { readTestInputs } from '../harness/test-inputs.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

type VitestJson = { testResults: { name: string; startTime: number; endTime: number; status: string }[] };

/**
 * Times the whole demo (image present) by phase, `multihome test` on the default topology on each runtime,
 * then the whole scenario suite by file (left out with `--no-suite`); prints markdown.
 */
async function main(): Promise<void> {
  const lines: string[] = ['# multihome scenario benchmarks', ''];
  const started = performance.now();
  const demo = await runDemo();
  const demoMs = performance.now() - started;
  lines.push(`## Demo (image present): ${seconds(demoMs)} wall, ${demo.passed ? 'passed' : 'FAILED'}`, '');
  phaseTable(lines, demo.timings, demoMs);
  for (const runtime of ['docker', 'netns']) {
    const inputs = await readTestInputs({ runtime }).catch((error: unknown) => error as Error);
    if (inputs instanceof Error) {
      lines.push(`## \`multihome test --runtime ${runtime}\`: not run (${inputs.message})`, '');
      continue;
    }
    const testStart = performance.now();
    const run = await runTest(inputs);
    const testMs = performance.now() - testStart;
    lines.push(
      `## \`multihome test --runtime ${runtime}\`: ${seconds(testMs)} wall, exit ${testExitCode(run)}`,
      '',
    );
    phaseTable(lines, run.timings, testMs);
  }
  if (process.argv.includes('--no-suite')) {
    process.stdout.write(`${lines.join('\n')}\n`);
    return;
  }

  const dir = await mkdtemp(join(tmpdir(), 'mh-bench-'));
  const report = join(dir, 'vitest.json');
  const suiteStart = performance.now();
  const exit = await new Promise<number>((done) => {
    const child = execFile(
      'npx',
      ['vitest', 'run', '--project', 'lab', 'scenarios', '--reporter=json', `--outputFile=${report}`],
      { cwd: REPO, maxBuffer: 64 * 1024 * 1024, timeout: 30 * 60_000 },
      (error) => done(error ? Number((error as { code?: number }).code ?? 1) : 0),
    );
    child.stderr?.pipe(process.stderr);
  });
  const suiteMs = performance.now() - suiteStart;
  lines.push(
    `## Scenario suite (\`npx vitest run --project lab scenarios\`): ${seconds(suiteMs)} wall, exit ${exit}`,
    '',
  );
  const results = await readFile(report, 'utf8')
    .then((text) => (JSON.parse(text) as VitestJson).testResults)
    .catch(() => []);
  lines.push('| file | time | share | result |', '|---|---:|---:|---|');
  for (const file of [...results].sort((a, b) => b.endTime - b.startTime - (a.endTime - a.startTime))) {
    const ms = file.endTime - file.startTime;
    lines.push(
      `| ${file.name.replace(`${REPO}/`, '')} | ${seconds(ms)} | ${percent(ms, suiteMs)} | ${file.status} |`,
    );
  }
  const inFiles = results.reduce((sum, file) => sum + (file.endTime - file.startTime), 0);
  lines.push(
    `| (lab up/down in beforeAll/afterAll hooks, image check, vitest start) | ${seconds(suiteMs - inFiles)} | ${percent(suiteMs - inFiles, suiteMs)} | |`,
  );
  await rm(dir, { recursive: true, force: true });
  process.stdout.write(`${lines.join('\n')}\n`);
}

function phaseTable(
  lines: string[],
  timings: readonly { phase: string; ms: number }[],
  wholeMs: number,
): void {
  lines.push('| phase | time | share |', '|---|---:|---:|');
  for (const t of [...timings].sort((a, b) => b.ms - a.ms))
    lines.push(`| ${t.phase} | ${seconds(t.ms)} | ${percent(t.ms, wholeMs)} |`);
  lines.push('');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function percent(part: number, whole: number): string {
  return `${Math.round((100 * part) / whole)} %`;
}

await main();
