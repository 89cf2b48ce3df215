import type Docker from 'dockerode';
import { LabError } from '../errors.js';
import type { LabSummary } from '../lab-types.js';
import { nodePlans } from '../topology/node-plans.js';
import type { Topology } from '../topology/types.js';
import { DockerLab } from './docker-lab.js';
import { ARTIFACTS_LABEL, LAB_LABEL, labFilter, NODE_LABEL, TOPOLOGY_LABEL } from './labels.js';

/** Every lab on the engine (by label), for `lab ls`. */
export async function listLabs(docker: Docker): Promise<LabSummary[]> {
  const containers = await docker.listContainers({ all: true, filters: JSON.stringify(labFilter()) });
  const byLab = new Map<string, Docker.ContainerInfo[]>();
  for (const info of containers) {
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
 * (as JSON), the artifacts directory and each node. Plans are recomputed (they are a pure function).
 */
export async function attachLab(docker: Docker, name: string): Promise<DockerLab> {
  const infos = await docker.listContainers({ all: true, filters: JSON.stringify(labFilter(name)) });
  const first = infos[0];
  if (first === undefined) {
    throw new LabError('LAB_FAILED', `no lab named ${name} (see \`multihome lab ls\`)`, {
      source: 'user',
    });
  }
  const topology = JSON.parse(first.Labels[TOPOLOGY_LABEL] ?? '{}') as Topology;
  const containers = new Map(
    infos.map((info) => [info.Labels[NODE_LABEL] ?? info.Id, docker.getContainer(info.Id)]),
  );
  return new DockerLab({
    docker,
    name,
    topology,
    plans: nodePlans(topology),
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
