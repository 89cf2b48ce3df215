import type Docker from 'dockerode';
import type { LabSummary } from '../lab-types.js';
import { nodePlans } from '../topology/node-plans.js';
import type { Topology } from '../topology/types.js';
import { DockerLab } from './docker-lab.js';
import { ARTIFACTS_LABEL, HUB_LABEL, LAB_LABEL, labFilter, NODE_LABEL, TOPOLOGY_LABEL } from './labels.js';

/** Every lab on the engine (by label), for `lab ls`: its nodes' containers (the hub is not a node). */
export async function listLabs(docker: Docker): Promise<LabSummary[]> {
  const containers = await docker.listContainers({ all: true, filters: JSON.stringify(labFilter()) });
  const byLab = new Map<string, Docker.ContainerInfo[]>();
  for (const info of containers.filter((candidate) => candidate.Labels[NODE_LABEL] !== undefined)) {
    const name = info.Labels[LAB_LABEL] ?? '';
    byLab.set(name, [...(byLab.get(name) ?? []), info]);
  }
  return [...byLab].map(([name, infos]) => ({
    name,
    runtime: 'docker' as const,
    topology: topologyName(infos[0]?.Labels[TOPOLOGY_LABEL]),
    nodes: infos.map((info) => info.Labels[NODE_LABEL] ?? '?').sort(),
    running: infos.filter((info) => info.State === 'running').length,
    created: new Date(Math.min(...infos.map((info) => info.Created)) * 1000),
  }));
}

/**
 * Rebuilds the handle of a lab another process brought up, from its containers' labels: the topology
 * (as JSON), the artifacts directory, each node and the hub. Plans and wiring are recomputed (they are
 * pure functions). Undefined when the engine has no such lab: `Lab.attach` says where it looked.
 */
export async function attachLab(docker: Docker, name: string): Promise<DockerLab | undefined> {
  const all = await docker.listContainers({ all: true, filters: JSON.stringify(labFilter(name)) });
  const infos = all.filter((info) => info.Labels[NODE_LABEL] !== undefined);
  const hub = all.find((info) => info.Labels[HUB_LABEL] !== undefined);
  const first = infos[0];
  if (first === undefined || hub === undefined) return undefined;
  const topology = JSON.parse(first.Labels[TOPOLOGY_LABEL] ?? '{}') as Topology;
  const containers = new Map(
    infos.map((info) => [info.Labels[NODE_LABEL] ?? '', docker.getContainer(info.Id)]),
  );
  return new DockerLab({
    docker,
    name,
    topology,
    plans: nodePlans(topology),
    hub: docker.getContainer(hub.Id),
    containers,
    artifactsDir: first.Labels[ARTIFACTS_LABEL] ?? '',
    capture: true,
    guard: false,
  });
}

function topologyName(json: string | undefined): string {
  try {
    return (JSON.parse(json ?? '{}') as { name?: string }).name ?? '?';
  } catch {
    return '?';
  }
}
