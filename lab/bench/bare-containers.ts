import type Docker from 'dockerode';
import { LAB_LABEL } from '../docker/labels.js';

/**
 * The baseline: `count` containers of the image started in parallel with Docker's default networking
 * and none of the lab's work, then removed. Returns both durations in ms.
 */
export async function timeBareContainers(
  docker: Docker,
  image: string,
  count: number,
  name: string,
): Promise<{ upMs: number; downMs: number }> {
  const began = performance.now();
  const containers = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const container = await docker.createContainer({
        name: `${name}-${i}`,
        Image: image,
        Cmd: ['sleep', 'infinity'],
        Labels: { [LAB_LABEL]: name },
        HostConfig: { Init: true },
      });
      await container.start();
      return container;
    }),
  );
  const upMs = performance.now() - began;
  const removing = performance.now();
  await Promise.all(containers.map((container) => container.remove({ force: true })));
  return { upMs, downMs: performance.now() - removing };
}
