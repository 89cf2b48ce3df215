import type { Command } from 'commander';
import { checkOutputDir, checkOutputFile, writeFailure, writeOutputFile } from '../../applier/index.js';
import { holdSignals, mermaid, runtimeOption, toFlow, wantsColor } from '../../lab/index.js';
import { runTest, testExitCode } from '../harness/run-test.js';
import { readTestInputs, type TestInputOptions } from '../harness/test-inputs.js';
import { testReportJson, testReportJunit, testReportText, testVerdictLine } from '../harness/test-report.js';
import { writeReport } from '../report/write-report.js';
import { prepareRuntime } from '../support/lab-entry.js';

type TestCommandOptions = TestInputOptions & {
  readonly json?: boolean;
  readonly junit?: string;
  readonly report?: string;
  readonly keep?: boolean;
};

/** Registers `multihome test`: before, fix, after on any topology, with exit 0/1/2 for CI. */
export function registerTestCommand(program: Command): void {
  program
    .command('test')
    .description(
      'bring up a lab, run the flow matrix before and after a fix, judge it against the expectations',
    )
    .option('-t, --topology <file>', "topology file (YAML); default: the article's lab")
    .option('-c, --config <file>', 'fix: a multihome config, applied by `multihome apply` inside the router')
    .option('--script <file>', 'fix: a shell script run as root in the router')
    .option('--no-fix', 'stop after the before phase (exit 0 when the bug reproduces as expected)')
    .addOption(runtimeOption())
    .option('--script-timeout <seconds>', 'stop a --script after this many seconds (default: 60)')
    .option('--json', 'print {topology, runtime, fix, before, after} as JSON on stdout')
    .option('--junit <file>', 'write JUnit XML: one testcase per flow and phase')
    .option('--report <dir>', 'write the HTML report (with the pcaps) into DIR')
    .option('--keep', 'leave the lab running and print its name')
    .action(async (options: TestCommandOptions) => {
      // Held from the first step, as `lab up` does: setup's and the runtime checks' children come and go.
      const release = holdSignals();
      try {
        const progress = (line: string) => process.stderr.write(`${line}\n`);
        const inputs = await readTestInputs(options);
        // The outputs too, or a lab would run for minutes only to fail writing its report.
        if (options.junit !== undefined) checkOutputFile(options.junit, `test --junit ${options.junit}`);
        if (options.report !== undefined) checkOutputDir(options.report, `test --report ${options.report}`);
        // Inputs first (bad input: exit 2, nothing done); then what the runtime lacks, loudly, as the demo does.
        const runtime = await prepareRuntime(inputs.runtime, progress);
        const run = await runTest({ ...inputs, runtime }, { keep: options.keep === true, progress });
        if (options.json) process.stdout.write(`${JSON.stringify(testReportJson(run), null, 2)}\n`);
        else process.stdout.write(`\n${testReportText(run, wantsColor(process.stdout))}`);
        if (options.keep) progress(`lab ${run.lab.name} is still up`);
        if (options.junit !== undefined) {
          writeOutputFile(options.junit, testReportJunit(run), `test --junit ${options.junit}`);
          progress(`JUnit written to ${options.junit}`);
        }
        if (options.report !== undefined) {
          const dir = options.report;
          const file = await writeReport(dir, {
            topology: inputs.topology,
            before: run.before.map(toFlow),
            after: (run.after ?? []).map(toFlow),
            artifactsDir: run.lab.artifactsDir,
            mermaid: mermaid(inputs.topology),
            verdict: {
              passed: testExitCode(run) === 0,
              summary: testVerdictLine(run),
            },
          }).catch((error: unknown) => {
            throw writeFailure(`test --report ${dir}`, dir, error);
          });
          progress(`report written to ${file}`);
        }
        // Last, as the demo does: the captures outlive the lab, passed or not.
        progress(`pcaps kept in ${run.lab.artifactsDir}`);
        process.exitCode = testExitCode(run);
      } finally {
        release();
      }
    });
}
