import type { Command } from 'commander';
import { checkOutputFile } from '../../applier/files/output-path.js';
import { writeOutputFile } from '../../applier/files/write-all.js';
import { LabError } from '../errors.js';
import { judgeFlows, type Phase } from '../flows/expectations.js';
import { judgedFlowJson } from '../flows/flow-json.js';
import { flowMatrix } from '../flows/flow-matrix.js';
import { renderFlowTable, wantsColor } from '../flows/flow-table.js';
import { renderJunit } from '../flows/junit.js';
import { runFlows } from '../flows/run-flows.js';
import { Lab } from '../lab.js';

/** Where `lab flows` prints. */
export type FlowsIo = { readonly out: (text: string) => void; readonly err: (text: string) => void };

/**
 * Registers `multihome lab flows NAME`: the topology's flow matrix, with evidence, against a running lab,
 * judged by the expectations of one phase (default after); exit 1 when one does not hold.
 */
export function registerLabFlowsCommand(lab: Command, io: FlowsIo): void {
  lab
    .command('flows')
    .description('Run the flow matrix against a running lab and judge it; exits 1 when an expectation fails.')
    .argument('<name>', 'lab name (see lab ls)')
    .option(
      '--phase <phase>',
      'judge by the expectations of: after (a fix is in) or before (no fix)',
      'after',
    )
    .option('--json', 'print the judged flows as JSON')
    .option('--junit <file>', 'write JUnit XML, one testcase per flow')
    .action(async (name: string, options: { phase: string; json?: boolean; junit?: string }) => {
      if (options.phase !== 'after' && options.phase !== 'before')
        throw new LabError('USAGE', `--phase ${options.phase}: use before or after`, {
          source: 'user',
        });
      const phase: Phase = options.phase;
      const junitLabel = `lab flows --junit ${options.junit}`;
      // Before the flows run, so a path that cannot be written fails at once, not after the matrix.
      if (options.junit !== undefined) checkOutputFile(options.junit, junitLabel);
      const found = await Lab.attach(name);
      const specs = flowMatrix(found.topology);
      const started = performance.now();
      const runs = judgeFlows(found.topology, await runFlows(found, specs), phase);
      io.err(`${specs.length} flows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      if (options.json) io.out(JSON.stringify(runs.map(judgedFlowJson), null, 2));
      else {
        const detail = runs.some((run) => !run.pass);
        io.out(
          renderFlowTable(`Flows on ${name} (${phase} expectations)`, runs, { color: wantsColor(), detail }),
        );
      }
      if (options.junit !== undefined)
        writeOutputFile(
          options.junit,
          renderJunit(`multihome lab flows ${name}`, [{ name: phase, flows: runs }]),
          junitLabel,
        );
      process.exitCode = runs.every((run) => run.pass) ? 0 : 1;
    });
}
