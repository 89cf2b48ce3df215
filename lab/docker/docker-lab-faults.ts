import type Docker from 'dockerode';
import { configureLabNode } from '../runtime/configure-node.js';
import { type FaultContext, GatewayFaults } from '../runtime/gateway-faults.js';
import { planWiring } from '../runtime/hub-wiring.js';
import { ARTIFACTS_MOUNT, hostPid } from './lab-container.js';
import { wireFromHub } from './lab-hub.js';

/** What the Docker faults need beyond the shared context: the containers, the hub and the capture place. */
export type DockerFaultContext = FaultContext & {
  readonly lab: string;
  readonly artifactsDir: string;
  readonly capture: boolean;
  readonly hub: Docker.Container;
  container(node: string): Docker.Container;
  /** Tells the node's runner that its container's process changed (stopped, started, paused). */
  invalidate(node: string): void;
};

/** Gateway faults on Docker: stop/start and pause/unpause act on the gateway's container. */
export class DockerLabFaults extends GatewayFaults {
  protected readonly runtime = 'docker';
  readonly #docker: DockerFaultContext;
  readonly #restarts = new Map<string, number>();

  constructor(context: DockerFaultContext) {
    super(context);
    this.#docker = context;
  }

  async stopGateway(isp: string): Promise<void> {
    const node = this.node(isp);
    await this.#docker.container(node).stop({ t: 0 });
    this.#docker.invalidate(node);
  }

  /**
   * Starts the gateway again: its container has a fresh network namespace, so the hub creates its
   * veths again (same names and MACs), then its plan runs and its capture starts in a new file.
   */
  async startGateway(isp: string): Promise<void> {
    const node = this.node(isp);
    const { lab, hub, plans, topology, capture, artifactsDir } = this.#docker;
    const container = this.#docker.container(node);
    await container.start();
    this.#docker.invalidate(node);
    const pids = new Map([[node, await hostPid(container)]]);
    await wireFromHub(hub, lab, planWiring(plans), pids, false);
    const generation = (this.#restarts.get(isp) ?? 0) + 1;
    this.#restarts.set(isp, generation);
    const artifacts = { dirInNode: ARTIFACTS_MOUNT, dirOnHost: artifactsDir };
    await configureLabNode(
      this.context.runner(node),
      { runtime: this.runtime, topology, plans, capture, artifacts },
      node,
      generation,
    );
  }

  /**
   * A hung gateway. Freezing the container alone stops its processes but not the kernel, which keeps
   * forwarding in softirq context; so a drop-everything table goes in first, then the freeze. The
   * container keeps its network namespace, and so its veths.
   */
  async pauseGateway(isp: string): Promise<void> {
    const node = this.node(isp);
    await this.hang(node);
    await this.#docker.container(node).pause();
    this.#docker.invalidate(node);
  }

  async unpauseGateway(isp: string): Promise<void> {
    const node = this.node(isp);
    await this.#docker.container(node).unpause();
    this.#docker.invalidate(node);
    await this.unhang(node);
  }
}
