import type Docker from 'dockerode';
import type { CommandRunner } from '../../applier/runner/command-runner.js';
import { LabError } from '../errors.js';
import type { LabFaults } from '../lab-types.js';
import type { NodeName, NodePlan, Topology } from '../topology/types.js';
import { captureFile, startCapture } from './capture.js';
import { configureNode } from './configure-node.js';
import { applyImpairment, clearImpairment } from './impairment.js';
import { endpointMacs } from './lab-container.js';

/** What the faults need from their lab. */
export type FaultContext = {
  readonly lab: string;
  readonly topology: Topology;
  readonly plans: Readonly<Record<NodeName, NodePlan>>;
  readonly artifactsDir: string;
  readonly capture: boolean;
  container(node: NodeName): Docker.Container;
  runner(node: NodeName): CommandRunner;
};

const HUNG_TABLE = 'lab_hung';
const HUNG_RULESET = `table inet ${HUNG_TABLE} {
  chain forward { type filter hook forward priority -10; policy drop; }
  chain input { type filter hook input priority -10; policy drop; }
  chain output { type filter hook output priority -10; policy drop; }
}
`;

/** Faults injected at the ISP side: the router under test is never touched. */
export class DockerLabFaults implements LabFaults {
  readonly #context: FaultContext;
  readonly #restarts = new Map<string, number>();

  constructor(context: FaultContext) {
    this.#context = context;
  }

  uplinkDown(isp: string): Promise<void> {
    return this.#link(isp, 'down');
  }

  uplinkUp(isp: string): Promise<void> {
    return this.#link(isp, 'up');
  }

  async stopGateway(isp: string): Promise<void> {
    await this.#context.container(this.#node(isp)).stop({ t: 0 });
  }

  /** Starts the gateway again and re-runs its plan: a restarted container gets fresh interfaces. */
  async startGateway(isp: string): Promise<void> {
    const node = this.#node(isp);
    const container = this.#context.container(node);
    await container.start();
    const plan = this.#plan(node);
    await configureNode(
      this.#context.runner(node),
      node,
      plan,
      await endpointMacs(container, this.#context.lab),
    );
    if (plan.netem !== null)
      await applyImpairment(this.#context.runner(node), plan.netem.interface, plan.netem);
    if (this.#context.capture) {
      const generation = (this.#restarts.get(isp) ?? 0) + 1;
      this.#restarts.set(isp, generation);
      await startCapture(
        this.#context.runner(node),
        this.#customerInterface(isp),
        captureFile(isp, generation),
        this.#context.artifactsDir,
      );
    }
  }

  /**
   * A hung gateway. Freezing the container alone stops its processes but not the kernel, which keeps
   * forwarding in softirq context; so a drop-everything table goes in first, then the freeze.
   */
  async pauseGateway(isp: string): Promise<void> {
    const node = this.#node(isp);
    await this.#nft(node, ['-f', '-'], HUNG_RULESET);
    await this.#context.container(node).pause();
  }

  async unpauseGateway(isp: string): Promise<void> {
    const node = this.#node(isp);
    await this.#context.container(node).unpause();
    await this.#nft(node, ['delete', 'table', 'inet', HUNG_TABLE]);
  }

  impair(isp: string, impairment: { delayMs?: number; lossPercent?: number }): Promise<void> {
    return applyImpairment(this.#context.runner(this.#node(isp)), this.#customerInterface(isp), impairment);
  }

  clearImpairment(isp: string): Promise<void> {
    return clearImpairment(this.#context.runner(this.#node(isp)), this.#customerInterface(isp));
  }

  async #link(isp: string, state: 'up' | 'down'): Promise<void> {
    const runner = this.#context.runner(this.#node(isp));
    const argv = ['ip', 'link', 'set', 'dev', this.#customerInterface(isp), state];
    const result = await runner.run(argv);
    if (result.exitCode !== 0) {
      throw new LabError(
        'LAB_FAILED',
        `${runner.where}: \`${argv.join(' ')}\` failed: ${result.stderr.trim()}`,
        {
          source: 'system',
        },
      );
    }
  }

  async #nft(node: NodeName, args: readonly string[], input?: string): Promise<void> {
    const runner = this.#context.runner(node);
    const result = await runner.run(['nft', ...args], input === undefined ? {} : { input });
    if (result.exitCode !== 0) {
      throw new LabError(
        'LAB_FAILED',
        `${runner.where}: \`nft ${args.join(' ')}\` failed: ${result.stderr.trim()}`,
        {
          source: 'system',
        },
      );
    }
  }

  #node(isp: string): NodeName {
    if (!this.#context.topology.isps.some((candidate) => candidate.name === isp)) {
      const known = this.#context.topology.isps.map((candidate) => candidate.name).join(', ');
      throw new LabError('LAB_FAILED', `no ISP named ${isp} in this lab (ISPs: ${known})`, {
        source: 'user',
      });
    }
    return `isp:${isp}`;
  }

  #plan(node: NodeName): NodePlan {
    const plan = this.#context.plans[node];
    if (plan === undefined) throw new LabError('LAB_FAILED', `no plan for ${node}`, { source: 'system' });
    return plan;
  }

  /** The gateway's interface on its customer (router-facing) segment. */
  #customerInterface(isp: string): string {
    return customerInterface(this.#context.topology, this.#context.plans, isp);
  }
}

/** An ISP gateway's customer-side interface name, from its plan. */
export function customerInterface(
  topology: Topology,
  plans: Readonly<Record<NodeName, NodePlan>>,
  isp: string,
): string {
  const segment = topology.isps.find((candidate) => candidate.name === isp)?.segment;
  const name = plans[`isp:${isp}`]?.interfaces.find((iface) => iface.segment === segment)?.name;
  if (name === undefined) {
    throw new LabError('LAB_FAILED', `the plan of isp:${isp} has no interface on its customer segment`, {
      source: 'system',
    });
  }
  return name;
}
