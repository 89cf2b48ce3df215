import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabRuntime } from '../../lab/index.js';
import { runDemo } from '../demo/run-demo.js';
import { runTest, testExitCode } from '../harness/run-test.js';
import { readTestInputs } from '../harness/test-inputs.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

type VitestJson = { testResults: { name: string; startTime: number; endTime: number; status: string }[] };

/** The runtimes to bench: argv[2] names one, or both run in the same run (netns first). */
const RUNTIMES: readonly LabRuntime[] =
  process.argv[2] === 'netns' || process.argv[2] === 'docker' ? [process.argv[2]] : ['netns', 'docker'];

/**
 * Times the whole demo and `multihome test` (default topology) by phase, then the whole scenario suite by
 * file (left out with `--no-suite`), per runtime; prints markdown.
 */
async function main(): Promise<void> {
  const lines: string[] = ['# multihome scenario benchmarks', ''];
  for (const runtime of RUNTIMES) lines.push(...(await benchDemo(runtime)), ...(await benchTest(runtime)));
  if (!process.argv.includes('--no-suite'))
    for (const runtime of RUNTIMES) lines.push(...(await benchSuite(runtime)));
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function benchDemo(runtime: LabRuntime): Promise<string[]> {
  const started = performance.now();
  const demo = await runDemo({ runtime });
  const demoMs = performance.now() - started;
  const lines = [
    `## \`multihome demo --runtime ${runtime}\`${runtime === 'docker' ? ' (image present)' : ''}: ${seconds(demoMs)} wall, ${demo.passed ? 'passed' : 'FAILED'}`,
    '',
    '| phase | time | share |',
    '|---|---:|---:|',
  ];
  for (const t of [...demo.timings].sort((a, b) => b.ms - a.ms)) {
    lines.push(`| ${t.phase} | ${seconds(t.ms)} | ${percent(t.ms, demoMs)} |`);
  }
  await rm(demo.artifactsDir, { recursive: true, force: true });
  return [...lines, ''];
}

async function benchTest(runtime: LabRuntime): Promise<string[]> {
  const started = performance.now();
  const run = await runTest(await readTestInputs({ runtime }));
  const ms = performance.now() - started;
  const lines = [
    `## \`multihome test --runtime ${runtime}\`: ${seconds(ms)} wall, exit ${testExitCode(run)}`,
    '',
  ];
  phaseTable(lines, run.timings, ms);
  await rm(run.lab.artifactsDir, { recursive: true, force: true });
  return lines;
}

// The kernel project runs the scenarios on netns, the lab project on Docker: the same files.
async function benchSuite(runtime: LabRuntime): Promise<string[]> {
  const project = runtime === 'netns' ? 'kernel' : 'lab';
  const dir = await mkdtemp(join(tmpdir(), 'mh-bench-'));
  const report = join(dir, 'vitest.json');
  const suiteStart = performance.now();
  const exit = await new Promise<number>((done) => {
    const child = execFile(
      'npx',
      ['vitest', 'run', '--project', project, 'scenarios/', '--reporter=json', `--outputFile=${report}`],
      { cwd: REPO, maxBuffer: 64 * 1024 * 1024, timeout: 30 * 60_000 },
      (error) => done(error ? Number((error as { code?: number }).code ?? 1) : 0),
    );
    child.stderr?.pipe(process.stderr);
  });
  const suiteMs = performance.now() - suiteStart;
  const lines = [
    `## Scenario suite on ${runtime} (\`npx vitest run --project ${project} scenarios/\`): ${seconds(suiteMs)} wall, exit ${exit}`,
    '',
  ];
  const results = await readFile(report, 'utf8')
    .then((text) => (JSON.parse(text) as VitestJson).testResults)
    .catch(() => []);
  // Vitest's JSON times each file from its first test's start to its last test's end: beforeAll and
  // afterAll (a file's labs coming up and going down) fall outside, and two files run at a time.
  lines.push(
    'Two files run at a time, so the files add up to more than the wall time. A file counts from its first',
    "test's start to its last test's end, without its `beforeAll`/`afterAll` (its labs coming up and going down).",
    '',
    '| file | in tests | share of wall | result |',
    '|---|---:|---:|---|',
  );
  for (const file of [...results].sort((a, b) => b.endTime - b.startTime - (a.endTime - a.startTime))) {
    const ms = file.endTime - file.startTime;
    lines.push(
      `| ${file.name.replace(`${REPO}/`, '')} | ${seconds(ms)} | ${percent(ms, suiteMs)} | ${file.status} |`,
    );
  }
  const idle = suiteMs - covered(results);
  lines.push(
    `| (no file's tests running: vitest's start, imports, the first and last labs' up and down) | ${seconds(idle)} | ${percent(idle, suiteMs)} | |`,
  );
  await rm(dir, { recursive: true, force: true });
  return [...lines, ''];
}

/** How long at least one of the intervals was running (their union), in their unit. */
function covered(intervals: readonly { readonly startTime: number; readonly endTime: number }[]): number {
  let total = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (const { startTime, endTime } of [...intervals].sort((a, b) => a.startTime - b.startTime)) {
    const from = Math.max(startTime, reach);
    if (endTime > from) {
      total += endTime - from;
      reach = endTime;
    }
  }
  return total;
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
