import type { FlowRun, JudgedFlow, LabOptions } from '../../lab/index.js';
import { flowMatrix, judgeFlows, runFlows } from '../../lab/index.js';
import { PhaseTimer, type PhaseTiming } from '../demo/phase-timer.js';
import { bringUpLab, ensureLabImage } from '../support/lab-entry.js';
import { routerCliMounts } from '../support/router-cli.js';
import { applyTestFix, type FixOutcome, fixFailedLine } from './apply-test-fix.js';
import type { TestInputs } from './test-inputs.js';

/** One phase's flows, each judged against that phase's expectation. */
export type JudgedRuns = readonly (FlowRun & JudgedFlow)[];

/** Everything one `multihome test` run found; rendered as tables, JSON, JUnit and HTML. */
export type TestRun = {
  readonly inputs: TestInputs;
  readonly lab: { readonly name: string; readonly artifactsDir: string; readonly kept: boolean };
  readonly before: JudgedRuns;
  readonly fix: FixOutcome;
  /** Null with `--no-fix`. */
  readonly after: JudgedRuns | null;
  readonly timings: readonly PhaseTiming[];
};

/** Options beyond the inputs: keep the lab, where its pcaps go, one line per step. */
export type RunTestOptions = {
  readonly keep?: boolean;
  readonly artifactsDir?: string;
  readonly progress?: (line: string) => void;
};

/**
 * Brings the lab up, runs the flow matrix before any fix, applies the fix, runs the same flows after and
 * tears the lab down (unless `keep`: then it is handed over with `keep()` once the run is done). The
 * lab's own signal handlers remove it on Ctrl-C at any point before that.
 */
export async function runTest(inputs: TestInputs, options: RunTestOptions = {}): Promise<TestRun> {
  const say = options.progress ?? (() => {});
  const timer = new PhaseTimer();
  const { topology } = inputs;
  if (inputs.runtime === 'docker') await timer.time('image', () => ensureLabImage(say));
  const lab = await timer.time('lab up', () =>
    bringUpLab(topology, {
      runtime: inputs.runtime,
      ...labOptions(inputs),
      onProgress: (step, ms) => say(`  ${step} (${(ms / 1000).toFixed(1)}s)`),
      ...(options.artifactsDir === undefined ? {} : { artifactsDir: options.artifactsDir }),
    }),
  );
  say(`lab ${lab.name} is up`);
  let keep = false;
  try {
    const specs = flowMatrix(topology);
    say(`running ${specs.length} flows before the fix`);
    const before = judgeFlows(
      topology,
      await timer.time('flows before', () => runFlows(lab, specs)),
      'before',
    );
    say(describeFix(inputs));
    const fix = await timer.time('fix', () => applyTestFix(lab, inputs.fix));
    if (!fix.ok) say(fixFailedLine(fix));
    let after: JudgedRuns | null = null;
    if (inputs.fix.kind !== 'none') {
      say(`running ${specs.length} flows after the fix`);
      after = judgeFlows(topology, await timer.time('flows after', () => runFlows(lab, specs)), 'after');
    }
    if (options.keep === true) {
      await lab.keep();
      keep = true;
    }
    return {
      inputs,
      lab: { name: lab.name, artifactsDir: lab.artifactsDir, kept: keep },
      before,
      fix,
      after,
      timings: timer.timings,
    };
  } finally {
    if (!keep) {
      say('tearing the lab down');
      await timer.time('down', () => lab.down());
    }
  }
}

/** 0 when every expectation of the deciding phase holds (after; before with `--no-fix`) and the fix ran; else 1. */
export function testExitCode(run: TestRun): 0 | 1 {
  const deciding = run.after ?? run.before;
  return run.fix.ok && deciding.length > 0 && deciding.every((flow) => flow.pass) ? 0 : 1;
}

// The real `multihome apply` of `--config` runs inside the router: on Docker from a read-only mount of
// this Node and this package, as on a real host; a netns router sees the host's own paths.
function labOptions(inputs: TestInputs): LabOptions {
  return inputs.fix.kind === 'config' && inputs.runtime === 'docker' ? routerCliMounts() : {};
}

function describeFix(inputs: TestInputs): string {
  switch (inputs.fix.kind) {
    case 'none':
      return '--no-fix: no fix applied, stopping after the before phase';
    case 'derived':
      return "applying multihome's config derived from the topology";
    case 'config':
      return `applying ${inputs.fix.file} with \`multihome apply\` inside the router`;
    case 'script':
      return `running ${inputs.fix.file} as root in the router (timeout ${inputs.fix.timeoutSeconds} s)`;
  }
}
