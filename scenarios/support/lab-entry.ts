import type { LabRuntime, LabUpOptions, StartedLab, Topology } from '../../lab/index.js';
import { defaultTopology, ensureImage, LAB_RUNTIMES, Lab, LabError, mermaid } from '../../lab/index.js';

export { prepareRuntime } from '../../lab/index.js';

/** Builds the lab image unless it is already there; `log` gets one line per build step. */
export async function ensureLabImage(log: (line: string) => void): Promise<void> {
  await ensureImage({ log });
}

/** The topology the demo and most scenarios use: the article's three uplinks. */
export function demoTopology(): Topology {
  return defaultTopology();
}

/** Mermaid source of the demo topology, shown in the report's <details>. */
export function demoMermaid(): string {
  return mermaid(demoTopology());
}

/** Starts a lab; the lab's own SIGINT/SIGTERM handlers remove it if the user presses Ctrl-C. */
export function bringUpLab(topology: Topology, options: LabUpOptions = {}): Promise<StartedLab> {
  return Lab.up(topology, options);
}

/** The environment variable that picks the scenarios' runtime; each vitest project sets it. */
export const SCENARIO_RUNTIME_ENV = 'MULTIHOME_LAB_RUNTIME';

/**
 * The runtime the scenario suite runs on: the kernel project sets netns, the lab project docker, so
 * the same scenario files run on both. Unset (a scenario file run by hand) means Docker.
 */
export function scenarioRuntime(): LabRuntime {
  const named = process.env[SCENARIO_RUNTIME_ENV] ?? 'docker';
  if (!(LAB_RUNTIMES as readonly string[]).includes(named)) {
    throw new LabError('USAGE', `${SCENARIO_RUNTIME_ENV}=${named}: use ${LAB_RUNTIMES.join(' or ')}`, {
      source: 'user',
    });
  }
  return named as LabRuntime;
}
