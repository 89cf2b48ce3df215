import type Docker from 'dockerode';
import { MultihomeError } from '../../applier/errors.js';
import { labFilter } from './labels.js';

/** What a prune removed. */
export type PruneReport = { readonly containers: number; readonly networks: number };

/**
 * Removes every container and network labelled `multihome.lab` (of one lab with `name`), and nothing
 * else. Containers go first (force: killed, endpoints released), then their networks.
 */
export async function pruneLabs(docker: Docker, options: { name?: string } = {}): Promise<PruneReport> {
  const filters = JSON.stringify(labFilter(options.name));
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(
    containers.map((info) =>
      docker
        .getContainer(info.Id)
        .remove({ force: true, v: true })
        .catch((error: unknown) => ignoreGone(error)),
    ),
  );
  const networks = await docker.listNetworks({ filters });
  await Promise.all(networks.map((info) => removeNetwork(docker, info.Id)));
  return { containers: containers.length, networks: networks.length };
}

async function removeNetwork(docker: Docker, id: string, deadlineMs = 10_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      await docker.getNetwork(id).remove();
      return;
    } catch (error) {
      if (statusOf(error) === 404) return;
      if (Date.now() > until || !/active endpoints/i.test(String(error))) {
        throw new MultihomeError(
          'LAB_FAILED',
          `cannot remove lab network ${id.slice(0, 12)}: ${String(error)}`,
          {
            source: 'system',
            cause: error,
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function ignoreGone(error: unknown): void {
  // A container already being removed (409) or gone (404) is what we wanted.
  const status = statusOf(error);
  if (status !== 404 && status !== 409) throw error;
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? Number((error as { statusCode: unknown }).statusCode)
    : undefined;
}
