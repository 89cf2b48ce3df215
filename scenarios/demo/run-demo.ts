import type { FlowRun, LabRuntime } from '../../lab/index.js';
import { chooseRuntime, demoPassed, flowMatrix, runFlows } from '../../lab/index.js';
import { applyFix } from '../support/applier-driver.js';
import { bringUpLab, demoTopology, ensureLabImage } from '../support/lab-entry.js';
import { PhaseTimer, type PhaseTiming } from './phase-timer.js';

/** What the demo found; the command prints it and the bench times it. */
export type DemoResult = {
  readonly before: readonly FlowRun[];
  readonly after: readonly FlowRun[];
  readonly passed: boolean;
  readonly timings: readonly PhaseTiming[];
  readonly artifactsDir: string;
  /** The runtime the lab ran on. */
  readonly runtime: LabRuntime;
};

/** Options for one demo run; `progress` receives one line per step. */
export type DemoOptions = {
  readonly progress?: (line: string) => void;
  /** Keep pcaps somewhere the report can copy them from. */
  readonly artifactsDir?: string;
  /** Docker containers or network namespaces (default: the lab's default choice). */
  readonly runtime?: LabRuntime;
};

/**
 * Brings up the default lab, runs every flow (IPv4 and IPv6) before any fix, applies the fix through the applier
 * (with the LAN), runs the same flows again and always tears the lab down.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const say = options.progress ?? (() => {});
  const timer = new PhaseTimer();
  const runtime = options.runtime ?? (await chooseRuntime()).runtime;
  if (runtime === 'docker') await timer.time('image', () => ensureLabImage(say));
  const topology = demoTopology();
  const lab = await timer.time('lab up', () =>
    bringUpLab(topology, {
      runtime,
      onProgress: (step, ms) => say(`  ${step} (${(ms / 1000).toFixed(1)}s)`),
      ...(options.artifactsDir === undefined ? {} : { artifactsDir: options.artifactsDir }),
    }),
  );
  say(`lab ${lab.name} is up on ${lab.runtime}`);
  try {
    const specs = flowMatrix(topology);
    say(`running ${specs.length} flows before the fix`);
    const before = await timer.time('flows before', () => runFlows(lab, specs));
    say('applying the fix with the multihome applier (uplinks + LAN)');
    await timer.time('apply', () => applyFix(lab, { families: [4, 6], lan: true }));
    say(`running ${specs.length} flows after the fix`);
    const after = await timer.time('flows after', () => runFlows(lab, specs));
    return finish(before, after);
  } finally {
    say('tearing the lab down');
    await timer.time('down', () => lab.down());
  }

  function finish(before: FlowRun[], after: FlowRun[]): DemoResult {
    return {
      before,
      after,
      passed: demoPassed(before, after),
      timings: timer.timings,
      artifactsDir: lab.artifactsDir,
      runtime: lab.runtime,
    };
  }
}
