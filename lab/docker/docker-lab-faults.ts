import type Docker from 'dockerode';
import { captureFile, startCapture } from '../runtime/capture.js';
import { configureNode } from '../runtime/configure-node.js';
import { type FaultContext, GatewayFaults } from '../runtime/gateway-faults.js';
import { applyImpairment } from '../runtime/impairment.js';
import { ARTIFACTS_MOUNT, endpointSubnets } from './lab-container.js';

/** What the Docker faults need beyond the shared context: the containers and the capture place. */
export type DockerFaultContext = FaultContext & {
  readonly lab: string;
  readonly artifactsDir: string;
  readonly capture: boolean;
  container(node: string): Docker.Container;
};

/** Gateway faults on Docker: stop/start and pause/unpause act on the gateway's container. */
export class DockerLabFaults extends GatewayFaults {
  readonly #docker: DockerFaultContext;
  readonly #restarts = new Map<string, number>();

  constructor(context: DockerFaultContext) {
    super(context);
    this.#docker = context;
  }

  async stopGateway(isp: string): Promise<void> {
    await this.#docker.container(this.node(isp)).stop({ t: 0 });
  }

  /** Starts the gateway again and re-runs its plan: a restarted container gets fresh interfaces. */
  async startGateway(isp: string): Promise<void> {
    const node = this.node(isp);
    const container = this.#docker.container(node);
    await container.start();
    const plan = this.plan(node);
    const runner = this.context.runner(node);
    await configureNode(runner, node, plan, {
      subnetBySegment: await endpointSubnets(container, this.#docker.lab),
    });
    if (plan.netem !== null) await applyImpairment(runner, plan.netem.interface, plan.netem);
    if (this.#docker.capture) {
      const generation = (this.#restarts.get(isp) ?? 0) + 1;
      this.#restarts.set(isp, generation);
      await startCapture(runner, this.customerInterface(isp), captureFile(isp, generation), {
        dirInNode: ARTIFACTS_MOUNT,
        dirOnHost: this.#docker.artifactsDir,
      });
    }
  }

  /**
   * A hung gateway. Freezing the container alone stops its processes but not the kernel, which keeps
   * forwarding in softirq context; so a drop-everything table goes in first, then the freeze.
   */
  async pauseGateway(isp: string): Promise<void> {
    const node = this.node(isp);
    await this.hang(node);
    await this.#docker.container(node).pause();
  }

  async unpauseGateway(isp: string): Promise<void> {
    const node = this.node(isp);
    await this.#docker.container(node).unpause();
    await this.unhang(node);
  }
}
