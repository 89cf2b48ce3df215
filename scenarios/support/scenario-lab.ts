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
  const [lab] = useScenarioLabs([scenario] as const, topology, options);
  return lab;
}

/**
 * Several labs of one topology for a file whose tests run concurrently, one lab each (a router has
 * one ledger, so two applies in one router would serialise): brought up together and taken down
 * together, each named after its entry in `labels` (its artifacts dir).
 */
export function useScenarioLabs<const Labels extends readonly string[]>(
  labels: Labels,
  topology: () => Topology = demoTopology,
  options: LabOptions = {},
): { readonly [K in keyof Labels]: () => StartedLab } {
  const labs = new Map<string, StartedLab>();
  let failed = false;
  beforeAll(async () => {
    const runtime = scenarioRuntime();
    if (runtime === 'docker') await ensureLabImage(() => {});
    const started = await Promise.allSettled(
      labels.map((label) =>
        bringUpLab(topology(), { runtime, artifactsDir: `artifacts/${runtime}/${label}`, ...options }),
      ),
    );
    started.forEach((result, index) => {
      const label = labels[index];
      if (result.status === 'fulfilled' && label !== undefined) labs.set(label, result.value);
    });
    const refused = started.find((result) => result.status === 'rejected');
    if (refused !== undefined) throw refused.reason;
  });
  afterEach((context) => {
    if (context.task.result?.state === 'fail') failed = true;
  });
  afterAll(async () => {
    await Promise.all(
      [...labs].map(async ([label, lab]) => {
        const dir = lab.artifactsDir;
        await lab.down();
        if (failed) console.error(`${label}: pcaps and snapshots kept in ${dir}`);
        else await rm(dir, { recursive: true, force: true });
      }),
    );
  });
  const getter = (label: string) => () => {
    const lab = labs.get(label);
    if (lab === undefined)
      throw new LabError('HARNESS_FAILED', `${label}: the lab did not come up`, { source: 'system' });
    return lab;
  };
  return labels.map(getter) as { readonly [K in keyof Labels]: () => StartedLab };
}
