import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { startHubContainer, startNodeContainer } from '../docker/lab-container.js';
import { pruneLabs } from '../docker/prune-labs.js';
import type { NodeName } from '../topology/types.js';

/**
 * A second baseline: the lab's own containers (every node's on `--network none`, and the hub),
 * created and started in parallel with exactly the options `up` uses, but none of the lab's work: no
 * wiring, no configuration, no captures. Lab up minus this is the lab's own cost.
 */
export async function timeSameContainers(
  docker: Docker,
  image: string,
  nodes: readonly NodeName[],
  name: string,
): Promise<{ upMs: number; downMs: number }> {
  const artifactsDir = await mkdtemp(join(tmpdir(), `${name}-`));
  const base = { lab: name, image, topologyJson: '{}', artifactsDir };
  const began = performance.now();
  await Promise.all([
    startHubContainer(docker, base),
    ...nodes.map((node) => startNodeContainer(docker, { ...base, node })),
  ]);
  const upMs = performance.now() - began;
  const removing = performance.now();
  await pruneLabs(docker, { name });
  const downMs = performance.now() - removing;
  await rm(artifactsDir, { recursive: true, force: true });
  return { upMs, downMs };
}
