import type { LabOptions, StartedLab, Topology } from '../../lab/index.js';
import { defaultTopology, ensureImage, Lab, mermaid } from '../../lab/index.js';

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
export function bringUpLab(topology: Topology, options: LabOptions = {}): Promise<StartedLab> {
  return Lab.up(topology, options);
}
