import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDemo } from '../demo/run-demo.js';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

type VitestJson = { testResults: { name: string; startTime: number; endTime: number; status: string }[] };

/** Times the whole demo (image present) by phase, then the whole scenario suite by file; prints markdown. */
async function main(): Promise<void> {
  const lines: string[] = ['# multihome scenario benchmarks', ''];
  const started = performance.now();
  const demo = await runDemo();
  const demoMs = performance.now() - started;
  lines.push(`## Demo (image present): ${seconds(demoMs)} wall, ${demo.passed ? 'passed' : 'FAILED'}`, '');
  lines.push('| phase | time | share |', '|---|---:|---:|');
  for (const t of [...demo.timings].sort((a, b) => b.ms - a.ms)) {
    lines.push(`| ${t.phase} | ${seconds(t.ms)} | ${percent(t.ms, demoMs)} |`);
  }
  lines.push('');

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

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function percent(part: number, whole: number): string {
  return `${Math.round((100 * part) / whole)} %`;
}

await main();
