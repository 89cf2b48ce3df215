import { mkdir } from 'node:fs/promises';
import type Docker from 'dockerode';
import { MultihomeError } from '../../applier/errors.js';
import { LabError } from '../errors.js';
import { configureLabNode } from '../runtime/configure-node.js';
import { planWiring } from '../runtime/hub-wiring.js';
import { guardLab } from '../runtime/signal-guard.js';
import type { NodeName, NodePlan, Topology } from '../topology/types.js';
import { DockerLab } from './docker-lab.js';
import { ARTIFACTS_MOUNT, hostPid, startHubContainer, startNodeContainer } from './lab-container.js';
import { wireFromHub } from './lab-hub.js';
import { DockerNodeRunner } from './node-runner.js';
import { removeContainers } from './prune-labs.js';

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
 * Brings a lab up: every node's container (on `--network none`) and the hub side by side, then one
 * exec in the hub making the bridges and every veth straight inside the nodes, then each node
 * configured from its plan by exec, in parallel. Any failure, or SIGINT/SIGTERM meanwhile, removes
 * what was made: the containers this start created, by ID, never by the lab's name or label, which
 * another lab of that name (one that came up meanwhile) also has.
 */
export async function startLab(input: StartLabInput): Promise<DockerLab> {
  const { docker, name, topology, plans } = input;
  const pending = new Set<Promise<unknown>>();
  const made: Docker.Container[] = [];
  // `stopping`: no new Docker work may start (a node failed, or a signal came); `interrupted`: a signal.
  let stopping = false;
  let interrupted = false;
  const track = <T>(promise: Promise<T>): Promise<T> => {
    if (stopping) {
      // The work was already requested: let it fail quietly; a container it creates is in `made`.
      promise.catch(() => {});
      throw new LabError('LAB_FAILED', `lab ${name}: stopped`, { source: 'system' });
    }
    pending.add(promise);
    void promise.then(
      () => pending.delete(promise),
      () => pending.delete(promise),
    );
    return promise;
  };
  // What was requested must have landed before removing, or a container created afterwards would leak.
  const removeAll = async () => {
    stopping = true;
    await Promise.allSettled([...pending]);
    await removeContainers(made);
  };
  const work = { track, made: (container: Docker.Container) => made.push(container) };
  const release = guardLab(() => {
    interrupted = true;
    return removeAll();
  });
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
    const base = {
      lab: name,
      image: input.image,
      topologyJson: JSON.stringify(topology),
      artifactsDir: input.artifactsDir,
    };
    const [hub, started] = await Promise.all([
      startHubContainer(docker, base, work),
      Promise.all(
        nodes.map(async (node) => {
          const mounts = node === 'router' && input.routerMounts ? { mounts: input.routerMounts } : {};
          const container = await startNodeContainer(docker, { ...base, node, ...mounts }, work);
          return { node, container, pid: await track(hostPid(container)) };
        }),
      ),
    ]);
    step(`containers: ${nodes.length} nodes and the hub`);
    const wiring = planWiring(plans);
    const pids = new Map(started.map(({ node, pid }) => [node, pid]));
    await track(wireFromHub(hub, name, wiring, pids, true));
    step(`${wiring.veths.length} veths on ${Object.keys(wiring.bridges).length} hub bridges`);
    const setting = {
      runtime: 'docker' as const,
      topology,
      plans,
      capture: input.capture,
      artifacts: { dirInNode: ARTIFACTS_MOUNT, dirOnHost: input.artifactsDir },
    };
    await Promise.all(
      started.map(({ node, container }) =>
        track(configureLabNode(new DockerNodeRunner(container, `${name}/${node}`), setting, node)),
      ),
    );
    step(`${nodes.length} nodes configured (sysctls asserted${input.capture ? ', captures on' : ''})`);
    if (stopping) throw new LabError('LAB_FAILED', `lab ${name}: interrupted`, { source: 'system' });
    const lab = new DockerLab({
      docker,
      name,
      topology,
      plans,
      hub,
      containers: new Map(started.map(({ node, container }) => [node, container])),
      artifactsDir: input.artifactsDir,
      capture: input.capture,
      guard: input.hold,
    });
    input.onProgress?.(`lab ${name} up (docker)`, performance.now() - began);
    return lab;
  } catch (error) {
    // Interrupted: the signal handler is removing the lab and will exit 130/143; settling here would
    // race it with an unhandled rejection (exit 1), so this promise never settles.
    if (interrupted) await new Promise<never>(() => {});
    await removeAll().catch(() => undefined);
    if (error instanceof MultihomeError) throw error;
    throw new LabError(
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
