import type Docker from 'dockerode';
import type { CommandRunner } from '../../applier/runner/command-runner.js';
import { LabError } from '../errors.js';
import type { GatewayEvidence, LabFaults } from '../lab-types.js';
import { stopCapture } from '../runtime/capture.js';
import { readGatewayCounters } from '../runtime/read-gateway-counters.js';
import { RunningLab } from '../runtime/running-lab.js';
import { guardLab } from '../runtime/signal-guard.js';
import type { GatewayCounters } from '../topology/evidence-counters.js';
import type { NodeName, NodePlan, Topology } from '../topology/types.js';
import { DockerLabFaults } from './docker-lab-faults.js';
import { DockerNodeRunner } from './node-runner.js';
import { pruneLabs, statusOf } from './prune-labs.js';

/** Everything a DockerLab handle is built from; `Lab.up` makes one, `Lab.attach` rebuilds one from labels. */
export type DockerLabParts = {
  readonly docker: Docker;
  readonly name: string;
  readonly topology: Topology;
  readonly plans: Readonly<Record<NodeName, NodePlan>>;
  /** The container holding the segments' bridges, which wires the nodes (not a node itself). */
  readonly hub: Docker.Container;
  readonly containers: ReadonlyMap<NodeName, Docker.Container>;
  readonly artifactsDir: string;
  /** Whether ISP gateways capture pcaps. */
  readonly capture: boolean;
  /** Keep SIGINT/SIGTERM handlers that remove the lab until `down` (false for a CLI-held lab). */
  readonly guard: boolean;
};

/** A running lab on the local Docker engine. */
export class DockerLab extends RunningLab {
  readonly runtime = 'docker' as const;
  readonly faults: LabFaults;
  readonly #parts: DockerLabParts;
  readonly #runners = new Map<NodeName, DockerNodeRunner>();
  readonly #release: () => void;
  #down: Promise<void> | undefined;

  constructor(parts: DockerLabParts) {
    super({ ...parts, nodes: Object.keys(parts.plans) });
    this.#parts = parts;
    this.faults = new DockerLabFaults({
      lab: parts.name,
      capture: parts.capture,
      topology: parts.topology,
      plans: parts.plans,
      artifactsDir: parts.artifactsDir,
      hub: parts.hub,
      container: (node) => this.#container(node),
      runner: (node) => this.runner(node),
      invalidate: (node) => this.#runners.get(node)?.invalidate(),
    });
    this.#release = parts.guard ? guardLab(() => this.down()) : () => {};
  }

  runner(node: NodeName): CommandRunner {
    let runner = this.#runners.get(node);
    if (runner === undefined) {
      runner = new DockerNodeRunner(this.#container(node), `${this.name}/${node}`);
      this.#runners.set(node, runner);
    }
    return runner;
  }

  /**
   * Nothing sweeps Docker labs: only the Ctrl-C handlers go. Its holder label cannot change, so
   * `lab prune` leaves the lab alone until this process exits (then `--all` is not needed).
   */
  async keep(): Promise<void> {
    this.#release();
  }

  /** Stops captures so the pcaps end cleanly, then removes every object labelled with this lab. */
  down(): Promise<void> {
    this.#down ??= (async () => {
      await Promise.all(
        this.topology.isps.map((isp) => stopCapture(this.runner(`isp:${isp.name}`)).catch(() => undefined)),
      );
      const report = await pruneLabs(this.#parts.docker, { name: this.name });
      this.#release();
      if (report.stuck.length > 0) {
        throw new LabError(
          'LAB_FAILED',
          `lab ${this.name}: Docker refuses to remove ${report.stuck.join(', ')} ("has active endpoints" with none left, moby#42119); restarting dockerd clears it`,
          { source: 'system' },
        );
      }
    })();
    return this.#down;
  }

  /** A stopped gateway (Docker refuses exec with 409) reads as no packets. */
  protected readCounters(counters: GatewayCounters): Promise<GatewayEvidence> {
    return readGatewayCounters(this.runner(counters.node), counters, (error) => statusOf(error) === 409);
  }

  #container(node: NodeName): Docker.Container {
    const container = this.#parts.containers.get(node);
    if (container === undefined) {
      throw new LabError(
        'LAB_FAILED',
        `lab ${this.name} has no node ${node} (nodes: ${this.nodes.join(', ')})`,
        {
          source: 'user',
        },
      );
    }
    return container;
  }
}
