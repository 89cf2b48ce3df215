import type { Command } from 'commander';
import { checkOutputDir } from '../../applier/index.js';
import {
  holdSignals,
  renderFlowTable,
  runtimeOption,
  runtimeToProvision,
  toFlow,
  wantsColor,
} from '../../lab/index.js';
import { runDemo } from '../demo/run-demo.js';
import { writeReport } from '../report/write-report.js';
import { demoMermaid, demoTopology, prepareRuntime } from '../support/lab-entry.js';

/** Registers `multihome demo`: reproduce the wrong-gateway bug, apply the fix, show the proof. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'reproduce the wrong-gateway bug in a lab (Docker or network namespaces), apply the fix, and show the proof',
    )
    .option('--json', 'print {before, after} flows as JSON on stdout')
    .option('--report <dir>', 'write a self-contained HTML report (with the pcaps) into DIR')
    .addOption(runtimeOption())
    .action(async (options: { json?: boolean; report?: string; runtime?: string }) => {
      // Held from the first step, as `lab up` does: setup's and the runtime checks' children come and go.
      const release = holdSignals();
      try {
        const progress = (line: string) => process.stderr.write(`${line}\n`);
        // Before the lab, as `test` does, or a demo would run for a minute only to fail writing its report.
        if (options.report !== undefined) checkOutputDir(options.report, `demo --report ${options.report}`);
        // On a fresh machine this installs, starts or builds what the runtime lacks, and says so.
        const runtime = await prepareRuntime(await runtimeToProvision(options.runtime), progress);
        const result = await runDemo({ progress, runtime });
        if (options.json) {
          const json = {
            runtime: result.runtime,
            before: result.before.map(toFlow),
            after: result.after.map(toFlow),
          };
          process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        } else {
          const color = wantsColor(process.stdout);
          process.stdout.write(`\n${renderFlowTable('Before the fix', result.before, { color })}\n\n`);
          process.stdout.write(`${renderFlowTable('After multihome apply', result.after, { color })}\n\n`);
          process.stdout.write(
            result.passed
              ? `PASS (${result.runtime} lab): the bug showed before the fix; after it every uplink answered through its own gateway.\n`
              : `FAIL (${result.runtime} lab): see the rows not marked ok above.\n`,
          );
        }
        if (options.report !== undefined) {
          const file = await writeReport(options.report, {
            topology: demoTopology(),
            before: result.before.map(toFlow),
            after: result.after.map(toFlow),
            artifactsDir: result.artifactsDir,
            mermaid: demoMermaid(),
          });
          progress(`report written to ${file}`);
        }
        // Last, so it is not lost above the tables: the captures outlive the lab, passed or not.
        progress(`pcaps kept in ${result.artifactsDir}`);
        if (!result.passed) process.exitCode = 1;
      } finally {
        release();
      }
    });
}
