import type Docker from 'dockerode';
import { LAB_LABEL } from '../docker/labels.js';
import { pruneLabs } from '../docker/prune-labs.js';
import { freeTransitSubnets } from '../docker/transit-pool.js';
import type { NodeName, NodePlan } from '../topology/types.js';

/**
 * A second baseline: the lab's own containers and networks made with plain Docker calls (the same
 * options, networks and endpoints, as `docker network create` + `docker run --network` would), but
 * none of the lab's work: no configuration, no captures. Lab up minus this is the lab's own cost.
 */
export async function timeSameContainers(
  docker: Docker,
  image: string,
  plans: Readonly<Record<NodeName, NodePlan>>,
  name: string,
): Promise<{ upMs: number; downMs: number }> {
  const segments = [
    ...new Set(Object.values(plans).flatMap((plan) => plan.interfaces.map((i) => i.segment))),
  ];
  const taken = (await docker.listNetworks()).flatMap((n) =>
    (n.IPAM?.Config ?? []).map((c) => c.Subnet ?? ''),
  );
  const free = freeTransitSubnets(taken);
  const began = performance.now();
  const networks = new Map(
    segments.map((segment, i) => [
      segment,
      docker.createNetwork({
        Name: `${name}-${segment}`,
        IPAM: { Config: [{ Subnet: free[i] ?? '' }] },
        Options: { 'com.docker.network.bridge.enable_ip_masquerade': 'false' },
        Labels: { [LAB_LABEL]: name },
      }),
    ]),
  );
  await Promise.all(
    Object.entries(plans).map(async ([node, plan]) => {
      const [first, ...rest] = plan.interfaces.map((i) => `${name}-${i.segment}`);
      await Promise.all(plan.interfaces.map((i) => networks.get(i.segment)));
      const container = await docker.createContainer({
        name: `${name}-${node.replace(/[^\w.-]/g, '-')}`,
        Image: image,
        Cmd: ['sleep', 'infinity'],
        Labels: { [LAB_LABEL]: name },
        HostConfig: {
          Init: true,
          CapAdd: ['NET_ADMIN', 'NET_RAW'],
          MaskedPaths: [],
          ReadonlyPaths: [],
          NetworkMode: first ?? 'none',
        },
      });
      for (const network of rest) await docker.getNetwork(network).connect({ Container: container.id });
      await container.start();
    }),
  );
  const upMs = performance.now() - began;
  const removing = performance.now();
  await pruneLabs(docker, { name });
  return { upMs, downMs: performance.now() - removing };
}
