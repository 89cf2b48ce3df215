import type { CommandRunner } from '../../applier/runner/command-runner.js';
import { LabError } from '../errors.js';
import type { LabFaults, LabRuntime } from '../lab-types.js';
import type { NodeName, NodePlan, Topology } from '../topology/types.js';
import { applyImpairment, clearImpairment } from './impairment.js';

/** What the faults need from their lab. */
export type FaultContext = {
  readonly topology: Topology;
  readonly plans: Readonly<Record<NodeName, NodePlan>>;
  runner(node: NodeName): CommandRunner;
};

/** The table a hung gateway gets: it drops everything, forwarded or its own. */
export const HUNG_TABLE = 'lab_hung';
const HUNG_RULESET = `table inet ${HUNG_TABLE} {
  chain forward { type filter hook forward priority -10; policy drop; }
  chain input { type filter hook input priority -10; policy drop; }
  chain output { type filter hook output priority -10; policy drop; }
}
`;

/**
 * Faults injected at the ISP side (the router under test is never touched). Link state and
 * impairments are commands inside the gateway, the same on every runtime; stopping and pausing a
 * gateway is the runtime's.
 */
export abstract class GatewayFaults implements LabFaults {
  protected readonly context: FaultContext;
  /** The runtime the gateways run on, for what the faults' errors say. */
  protected abstract readonly runtime: LabRuntime;

  constructor(context: FaultContext) {
    this.context = context;
  }

  abstract stopGateway(isp: string): Promise<void>;
  abstract startGateway(isp: string): Promise<void>;
  abstract pauseGateway(isp: string): Promise<void>;
  abstract unpauseGateway(isp: string): Promise<void>;

  uplinkDown(isp: string): Promise<void> {
    return this.#link(isp, 'down');
  }

  uplinkUp(isp: string): Promise<void> {
    return this.#link(isp, 'up');
  }

  impair(isp: string, impairment: { delayMs?: number; lossPercent?: number }): Promise<void> {
    const runner = this.context.runner(this.node(isp));
    return applyImpairment(runner, this.customerInterface(isp), impairment, this.runtime);
  }

  clearImpairment(isp: string): Promise<void> {
    return clearImpairment(this.context.runner(this.node(isp)), this.customerInterface(isp));
  }

  /** Loads the drop-everything table: freezing processes alone does not stop softirq forwarding. */
  protected hang(node: NodeName): Promise<void> {
    return this.nft(node, ['-f', '-'], HUNG_RULESET);
  }

  protected unhang(node: NodeName): Promise<void> {
    return this.nft(node, ['delete', 'table', 'inet', HUNG_TABLE]);
  }

  protected async nft(node: NodeName, args: readonly string[], input?: string): Promise<void> {
    const runner = this.context.runner(node);
    const result = await runner.run(['nft', ...args], input === undefined ? {} : { input });
    if (result.exitCode !== 0) {
      throw new LabError(
        'LAB_FAILED',
        `${runner.where}: \`nft ${args.join(' ')}\` failed: ${result.stderr.trim()}`,
        { source: 'system' },
      );
    }
  }

  protected node(isp: string): NodeName {
    if (!this.context.topology.isps.some((candidate) => candidate.name === isp)) {
      const known = this.context.topology.isps.map((candidate) => candidate.name).join(', ');
      throw new LabError('LAB_FAILED', `no ISP named ${isp} in this lab (ISPs: ${known})`, {
        source: 'user',
      });
    }
    return `isp:${isp}`;
  }

  protected plan(node: NodeName): NodePlan {
    const plan = this.context.plans[node];
    if (plan === undefined) throw new LabError('LAB_FAILED', `no plan for ${node}`, { source: 'system' });
    return plan;
  }

  /** The gateway's interface on its customer (router-facing) segment. */
  protected customerInterface(isp: string): string {
    return customerInterface(this.context.topology, this.context.plans, isp);
  }

  async #link(isp: string, state: 'up' | 'down'): Promise<void> {
    const runner = this.context.runner(this.node(isp));
    const argv = ['ip', 'link', 'set', 'dev', this.customerInterface(isp), state];
    const result = await runner.run(argv);
    if (result.exitCode !== 0) {
      throw new LabError(
        'LAB_FAILED',
        `${runner.where}: \`${argv.join(' ')}\` failed: ${result.stderr.trim()}`,
        { source: 'system' },
      );
    }
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
