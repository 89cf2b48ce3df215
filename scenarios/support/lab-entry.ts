import { ensureImage } from '../../docker/ensure-image.js';
import { Lab } from '../../lab/lab.js';
import type { LabOptions, StartedLab } from '../../lab/lab-types.js';
import { defaultTopology } from '../../lab/topology/default-topology.js';
import { mermaid } from '../../lab/topology/mermaid.js';
import type { Topology } from '../../lab/topology/types.js';

export { prepareRuntime } from '../../lab/setup/prepare-runtime.js';

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
export function bringUpLab(topology: Topology, options: LabOptions = {}): Promise<StartedLab> {
  return Lab.up(topology, options);
}
