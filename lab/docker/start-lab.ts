import { mkdir } from 'node:fs/promises';
import type Docker from 'dockerode';
import { MultihomeError } from '../../applier/errors.js';
import { ContainerRunner } from '../../applier/runner/container-runner.js';
import type { NodeName, NodePlan, Topology } from '../topology/types.js';
import { captureFile, startCapture } from './capture.js';
import { configureNode } from './configure-node.js';
import { DockerLab } from './docker-lab.js';
import { customerInterface } from './docker-lab-faults.js';
import { endpointMacs, startLabContainer } from './lab-container.js';
import { applyNetem } from './netem.js';
import { pruneLabs } from './prune-labs.js';
import { createSegmentNetworks } from './segment-networks.js';
import { guardLab } from './signal-guard.js';

/** Everything `startLab` needs, resolved: the engine, the image, the plans and where artifacts go. */
export type StartLabInput = {
  readonly docker: Docker;
  readonly image: string;
  readonly name: string;
  readonly topology: Topology;
  readonly plans: Readonly<Record<NodeName, NodePlan>>;
  readonly artifactsDir: string;
  readonly capture: boolean;
  /** Keep the signal handlers until `down` (library use); false leaves the lab running when the process ends. */
  readonly hold: boolean;
  readonly routerMounts?: readonly { readonly source: string; readonly target: string }[] | undefined;
  readonly onProgress?: ((step: string, elapsedMs: number) => void) | undefined;
};

/**
 * Brings a lab up: networks, then containers (in parallel), then each node configured from its plan
 * in one exec, then captures. Any failure, or SIGINT/SIGTERM meanwhile, removes what was made.
 */
export async function startLab(input: StartLabInput): Promise<DockerLab> {
  const { docker, name, topology, plans } = input;
  const pending = new Set<Promise<unknown>>();
  let aborted = false;
  const track = <T>(promise: Promise<T>): Promise<T> => {
    if (aborted) throw new MultihomeError('LAB_FAILED', `lab ${name}: interrupted`, { source: 'system' });
    pending.add(promise);
    void promise.then(
      () => pending.delete(promise),
      () => pending.delete(promise),
    );
    return promise;
  };
  const removeAll = async () => {
    aborted = true;
    await Promise.allSettled([...pending]);
    await pruneLabs(docker, { name });
  };
  const release = guardLab(removeAll);
  const began = performance.now();
  let stepStart = began;
  const step = (label: string) => {
    const now = performance.now();
    input.onProgress?.(label, now - stepStart);
    stepStart = now;
  };

  try {
    await mkdir(input.artifactsDir, { recursive: true });
    const nodes = Object.keys(plans);
    const segments = [
      ...new Set(nodes.flatMap((node) => planOf(plans, node).interfaces.map((i) => i.segment))),
    ];
    const networks = await createSegmentNetworks(docker, name, segments, track);
    const networkOf = new Map(networks.map((network) => [network.segment, network.name]));
    step(`networks: ${networks.map((n) => `${n.segment} ${n.subnet}`).join(', ')}`);

    const topologyJson = JSON.stringify(topology);
    const started = await Promise.all(
      nodes.map(async (node) => {
        const container = await startLabContainer(
          docker,
          {
            lab: name,
            node,
            image: input.image,
            networks: planOf(plans, node).interfaces.map((i) => networkOf.get(i.segment) ?? i.segment),
            topologyJson,
            artifactsDir: input.artifactsDir,
            ...(node === 'router' && input.routerMounts ? { mounts: input.routerMounts } : {}),
          },
          track,
        );
        return [node, container] as const;
      }),
    );
    const containers = new Map<NodeName, Docker.Container>(started);
    step(`containers: ${nodes.length} started`);

    await Promise.all(
      started.map(async ([node, container]) => {
        const plan = planOf(plans, node);
        const runner = new ContainerRunner(container, `${name}/${node}`);
        await track(configureNode(runner, node, plan, await endpointMacs(container, name)));
        if (plan.netem !== null) await track(applyNetem(runner, plan.netem.interface, plan.netem));
      }),
    );
    step('nodes configured from their plans (sysctls asserted)');

    if (input.capture) {
      await Promise.all(
        topology.isps.map((isp) => {
          const node = `isp:${isp.name}`;
          const container = containers.get(node);
          if (container === undefined) return Promise.resolve();
          const runner = new ContainerRunner(container, `${name}/${node}`);
          const iface = customerInterface(topology, plans, isp.name);
          return track(startCapture(runner, iface, captureFile(isp.name), input.artifactsDir));
        }),
      );
      step('captures started');
    }
    if (aborted) throw new MultihomeError('LAB_FAILED', `lab ${name}: interrupted`, { source: 'system' });
    const lab = new DockerLab({
      docker,
      name,
      topology,
      plans,
      containers,
      artifactsDir: input.artifactsDir,
      capture: input.capture,
      guard: input.hold,
    });
    input.onProgress?.(`lab ${name} up`, performance.now() - began);
    return lab;
  } catch (error) {
    // Interrupted: the signal handler is removing the lab and will exit 130/143; settling here would
    // race it with an unhandled rejection (exit 1), so this promise never settles.
    if (aborted) await new Promise<never>(() => {});
    await pruneLabs(docker, { name }).catch(() => undefined);
    if (error instanceof MultihomeError) throw error;
    throw new MultihomeError(
      'LAB_FAILED',
      `lab ${name}: ${error instanceof Error ? error.message : String(error)}`,
      {
        source: 'system',
        cause: error,
      },
    );
  } finally {
    release();
  }
}

function planOf(plans: Readonly<Record<NodeName, NodePlan>>, node: NodeName): NodePlan {
  const plan = plans[node];
  if (plan === undefined) throw new MultihomeError('LAB_FAILED', `no plan for ${node}`, { source: 'system' });
  return plan;
}
