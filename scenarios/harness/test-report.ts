import { type JudgedFlowJson, judgedFlowJson, renderFlowTable, renderJunit } from '../../lab/index.js';
import type { FixOutcome } from './apply-test-fix.js';
import { type TestRun, testExitCode } from './run-test.js';

/** `multihome test --json`: the inputs, the fix's outcome and both phases' judged flows. */
export type TestReportJson = {
  readonly topology: { readonly name: string; readonly file: string | null };
  readonly runtime: string;
  readonly fix: FixOutcome;
  readonly before: readonly JudgedFlowJson[];
  /** Null with `--no-fix`. */
  readonly after: readonly JudgedFlowJson[] | null;
  readonly lab: { readonly name: string; readonly kept: boolean };
  readonly exitCode: 0 | 1;
};

/** The JSON report of a run. */
export function testReportJson(run: TestRun): TestReportJson {
  return {
    topology: { name: run.inputs.topology.name, file: run.inputs.topologyFile },
    runtime: run.inputs.runtime,
    fix: run.fix,
    before: run.before.map(judgedFlowJson),
    after: run.after?.map(judgedFlowJson) ?? null,
    lab: { name: run.lab.name, kept: run.lab.kept },
    exitCode: testExitCode(run),
  };
}

/** JUnit XML of a run: one testcase per flow and phase. */
export function testReportJunit(run: TestRun): string {
  return renderJunit(`multihome test ${run.inputs.topology.name}`, [
    { name: 'before', flows: run.before },
    ...(run.after === null ? [] : [{ name: 'after', flows: run.after }]),
  ]);
}

/** The tables and verdict `multihome test` prints. */
export function testReportText(run: TestRun, color: boolean): string {
  const parts = [renderFlowTable('Before the fix', run.before, { color, detail: !passed(run.before) })];
  parts.push(fixLine(run.fix));
  if (run.after !== null)
    parts.push(renderFlowTable('After the fix', run.after, { color, detail: !passed(run.after) }));
  parts.push(testVerdictLine(run));
  if (run.lab.kept)
    parts.push(
      `lab ${run.lab.name} kept: multihome lab flows ${run.lab.name}; multihome lab down ${run.lab.name}`,
    );
  return `${parts.join('\n\n')}\n`;
}

/** `PASS: every expectation of the after phase holds.` or why not. */
export function testVerdictLine(run: TestRun): string {
  const deciding = run.after === null ? 'before' : 'after';
  return testExitCode(run) === 0
    ? `PASS: every expectation of the ${deciding} phase holds.`
    : `FAIL: ${run.fix.ok ? `see the ${deciding} rows marked FAIL` : 'the fix did not complete'}.`;
}

function passed(flows: TestRun['before']): boolean {
  return flows.every((flow) => flow.pass);
}

function fixLine(fix: FixOutcome): string {
  const what =
    fix.kind === 'none' ? 'no fix (--no-fix)' : `fix: ${fix.kind}${fix.file ? ` ${fix.file}` : ''}`;
  if (fix.ok) return `${what}: done in ${(fix.ms / 1000).toFixed(1)} s`;
  const why = fix.timedOut ? 'timed out' : `exited ${fix.exitCode ?? '?'}`;
  const stderr = (fix.stderr ?? '').trim();
  return `${what}: FAILED, ${why}${stderr ? `\n  stderr: ${stderr.split('\n').join('\n          ')}` : ''}`;
}
