import type Docker from 'dockerode';
import { LAB_LABEL, labFilter } from './labels.js';

/** What a prune removed, and networks Docker refused to remove (a stale endpoint count, moby#42119). */
export type PruneReport = {
  readonly containers: number;
  readonly networks: number;
  readonly stuck: readonly string[];
};

/**
 * Removes every container and network labelled `multihome.lab` (of one lab with `name`), but for the
 * labs named in `except`, and nothing else. Endpoints leave each network one at a time first: Docker
 * 20.10 can lose count of a network's endpoints when many leave it at once, and then refuses to
 * remove it ("has active endpoints").
 */
export async function pruneLabs(
  docker: Docker,
  options: { name?: string; except?: ReadonlySet<string> } = {},
): Promise<PruneReport> {
  const filters = JSON.stringify(labFilter(options.name));
  const pruned = (info: { Labels?: Record<string, string> | undefined }) =>
    !options.except?.has(info.Labels?.[LAB_LABEL] ?? '');
  const [containers, networks] = await Promise.all([
    docker.listContainers({ all: true, filters }).then((all) => all.filter(pruned)),
    docker.listNetworks({ filters }).then((all) => all.filter(pruned)),
  ]);
  const members = await Promise.all(networks.map((info) => endpointsOf(docker, info.Id)));
  // Each container goes once it has left all its networks; each network once its members have left.
  const remaining = new Map(containers.map((info) => [info.Id, 0]));
  for (const ids of members) for (const id of ids) remaining.set(id, (remaining.get(id) ?? 0) + 1);
  const removals: Promise<void>[] = [];
  const removeById = (id: string) => removals.push(removeContainer(docker.getContainer(id)));
  for (const [id, count] of remaining) if (count === 0) removeById(id);
  const removed = await Promise.all(
    networks.map(async (info, index) => {
      const network = docker.getNetwork(info.Id);
      for (const id of members[index] ?? []) {
        await network.disconnect({ Container: id, Force: true }).catch(() => undefined);
        const left = (remaining.get(id) ?? 1) - 1;
        remaining.set(id, left);
        if (left === 0 && containers.some((container) => container.Id === id)) removeById(id);
      }
      return removeNetwork(docker, info.Id, info.Name);
    }),
  );
  await Promise.all(removals);
  return {
    containers: containers.length,
    networks: removed.filter((name) => name === undefined).length,
    stuck: removed.filter((name): name is string => name !== undefined),
  };
}

/** Removes exactly these containers (by ID), running or not: what a failed start made, and no more. */
export async function removeContainers(containers: readonly Docker.Container[]): Promise<void> {
  await Promise.all(containers.map(removeContainer));
}

/** Removes one container, running or not; one already gone, or going, is fine. */
function removeContainer(container: Docker.Container): Promise<void> {
  return container.remove({ force: true, v: true }).catch((error: unknown) => ignoreGone(error));
}

async function endpointsOf(docker: Docker, id: string): Promise<string[]> {
  const info = (await docker
    .getNetwork(id)
    .inspect()
    .catch(() => ({}))) as { Containers?: Record<string, unknown> };
  return Object.keys(info.Containers ?? {});
}

async function disconnectOneByOne(docker: Docker, id: string): Promise<void> {
  const network = docker.getNetwork(id);
  for (const container of await endpointsOf(docker, id)) {
    await network.disconnect({ Container: container, Force: true }).catch(() => undefined);
  }
}

/** Removes one network, retrying while endpoints drain; returns its name if Docker still refuses. */
async function removeNetwork(
  docker: Docker,
  id: string,
  name: string,
  deadlineMs = 3_000,
): Promise<string | undefined> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      await docker.getNetwork(id).remove();
      return undefined;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      if (!/active endpoints/i.test(String(error))) throw error;
      if (Date.now() > until) return name;
      await disconnectOneByOne(docker, id);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function ignoreGone(error: unknown): void {
  // A container already being removed (409) or gone (404) is what we wanted.
  const status = statusOf(error);
  if (status !== 404 && status !== 409) throw error;
}

/** The HTTP status of a Docker engine error (409 conflict, 404 gone), if it carries one. */
export function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? Number((error as { statusCode: unknown }).statusCode)
    : undefined;
}
