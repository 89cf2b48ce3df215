import { mkdir } from 'node:fs/promises';
import type Docker from 'dockerode';
import { MultihomeError } from '../../applier/errors.js';
import { ContainerRunner } from '../../applier/runner/container-runner.js';
import { LabError } from '../errors.js';
import { captureFile, captureLaunch, waitForCapture } from '../runtime/capture.js';
import { checkConfigured } from '../runtime/configure-node.js';
import { customerInterface } from '../runtime/gateway-faults.js';
import { applyImpairment } from '../runtime/impairment.js';
import { nodeScript } from '../runtime/node-script.js';
import { guardLab } from '../runtime/signal-guard.js';
import type { NodeName, NodePlan, Topology } from '../topology/types.js';
import { DockerLab } from './docker-lab.js';
import { ARTIFACTS_MOUNT, startLabContainer } from './lab-container.js';
import { pruneLabs } from './prune-labs.js';
import { createSegmentNetworks } from './segment-networks.js';

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
 * Brings a lab up: all networks requested at once, then per node (in parallel) its container as soon
 * as its networks exist, configured by its own command, and its capture. Any failure, or SIGINT/SIGTERM
 * meanwhile, removes what was made.
 */
export async function startLab(input: StartLabInput): Promise<DockerLab> {
  const { docker, name, topology, plans } = input;
  const pending = new Set<Promise<unknown>>();
  // `stopping`: no new Docker work may start (a node failed, or a signal came); `interrupted`: a signal.
  let stopping = false;
  let interrupted = false;
  const track = <T>(promise: Promise<T>): Promise<T> => {
    if (stopping) {
      // The work was already requested: let it fail quietly, the pruning removes what it made.
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
  // What was requested must have landed before pruning, or a container created afterwards would leak.
  const removeAll = async () => {
    stopping = true;
    await Promise.allSettled([...pending]);
    await pruneLabs(docker, { name });
  };
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
    const segments = [
      ...new Set(nodes.flatMap((node) => planOf(plans, node).interfaces.map((i) => i.segment))),
    ];
    const networks = await createSegmentNetworks(docker, name, segments, track);
    void Promise.all(networks.values()).then(
      (created) => step(`networks: ${created.map((n) => `${n.segment} ${n.subnet}`).join(', ')}`),
      () => {},
    );
    const topologyJson = JSON.stringify(topology);
    const captured = new Set(input.capture ? topology.isps.map((isp) => `isp:${isp.name}`) : []);

    // Per node, one chain: its networks → container, configured by its own command → capture. No
    // barrier between nodes, so a client configures while the router still waits for its third network.
    const started = await Promise.all(
      nodes.map(async (node) => {
        const plan = planOf(plans, node);
        const joined = await Promise.all(
          plan.interfaces.map((i) => networks.get(i.segment) ?? missing(i.segment)),
        );
        const isp = topology.isps.find((candidate) => `isp:${candidate.name}` === node);
        const capture =
          isp !== undefined && captured.has(node)
            ? { iface: customerInterface(topology, plans, isp.name), file: captureFile(isp.name) }
            : undefined;
        // A gateway's capture starts at the end of its configuration script.
        const extra =
          capture === undefined ? [] : [captureLaunch(capture.iface, capture.file, ARTIFACTS_MOUNT)];
        const subnetBySegment = Object.fromEntries(
          joined.map((network) => [network.segment, network.subnet]),
        );
        const { container, configured } = await startLabContainer(
          docker,
          {
            lab: name,
            node,
            image: input.image,
            networks: joined.map((network) => network.name),
            topologyJson,
            artifactsDir: input.artifactsDir,
            boot: nodeScript(plan, { subnetBySegment }, extra),
            ...(node === 'router' && input.routerMounts ? { mounts: input.routerMounts } : {}),
          },
          track,
        );
        checkConfigured(node, plan, configured);
        const runner = new ContainerRunner(container, `${name}/${node}`);
        if (plan.netem !== null) await track(applyImpairment(runner, plan.netem.interface, plan.netem));
        if (capture !== undefined) await track(waitForCapture(runner, capture.file, input.artifactsDir));
        return [node, container] as const;
      }),
    );
    const containers = new Map<NodeName, Docker.Container>(started);
    step(
      `${nodes.length} nodes started and configured (sysctls asserted${captured.size > 0 ? ', captures on' : ''})`,
    );
    if (stopping) throw new LabError('LAB_FAILED', `lab ${name}: interrupted`, { source: 'system' });
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

function missing(segment: string): never {
  throw new LabError('LAB_FAILED', `no network for segment ${segment}`, { source: 'system' });
}

function planOf(plans: Readonly<Record<NodeName, NodePlan>>, node: NodeName): NodePlan {
  const plan = plans[node];
  if (plan === undefined) throw new LabError('LAB_FAILED', `no plan for ${node}`, { source: 'system' });
  return plan;
}
