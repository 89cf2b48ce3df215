import { rm } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { LabOptions, StartedLab, Topology } from '../../lab/index.js';
import { LabError } from '../../lab/index.js';
import { bringUpLab, demoTopology, ensureLabImage, scenarioRuntime } from './lab-entry.js';

/**
 * One lab per scenario file, on the project's runtime: up in beforeAll, down in afterAll. Pcaps
 * stay in the artifacts dir when any test of the file failed and are deleted otherwise.
 */
export function useScenarioLab(
  scenario: string,
  topology: () => Topology = demoTopology,
  options: LabOptions = {},
): () => StartedLab {
  let lab: StartedLab | undefined;
  let failed = false;
  beforeAll(async () => {
    const runtime = scenarioRuntime();
    if (runtime === 'docker') await ensureLabImage(() => {});
    lab = await bringUpLab(topology(), {
      runtime,
      artifactsDir: `artifacts/${runtime}/${scenario}`,
      ...options,
    });
  });
  afterEach((context) => {
    if (context.task.result?.state === 'fail') failed = true;
  });
  afterAll(async () => {
    if (lab === undefined) return;
    const dir = lab.artifactsDir;
    await lab.down();
    if (failed) console.error(`${scenario}: pcaps and snapshots kept in ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  });
  return () => {
    if (lab === undefined)
      throw new LabError('HARNESS_FAILED', `${scenario}: the lab did not come up`, { source: 'system' });
    return lab;
  };
}
