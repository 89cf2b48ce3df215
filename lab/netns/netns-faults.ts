import { stopCapture } from '../runtime/capture.js';
import { type FaultContext, GatewayFaults } from '../runtime/gateway-faults.js';
import { hubLines, untilOldPeersGone } from '../runtime/hub-wiring.js';
import { processesIn, signalAll } from './namespace-processes.js';
import type { NetnsLabRecord } from './netns-record.js';
import type { NodeHolder } from './node-holder.js';
import { removeNamespaces } from './remove-netns-lab.js';
import { addNamespaces, configureNetnsNode, holdNode, namespaceOf, wireHub } from './wire-nodes.js';

/** The lab as its faults see it: its record now, and where a restarted node's holder goes. */
export type NetnsFaultsLab = {
  readonly record: NetnsLabRecord;
  held(node: string, holder: NodeHolder): Promise<void>;
};

/**
 * Gateway faults on network namespaces. Stopping a gateway deletes its namespace (its processes die,
 * its veths vanish, its holder is killed), as stopping a container does; starting it builds the node
 * again from its plan, with a new holder recorded.
 * Pausing loads the drop-all table and SIGSTOPs every process in the namespace: there is no freezer
 * for a bare namespace, and the kernel would go on forwarding anyway.
 */
export class NetnsFaults extends GatewayFaults {
  protected readonly runtime = 'netns';
  readonly #lab: NetnsFaultsLab;
  readonly #restarts = new Map<string, number>();

  constructor(context: FaultContext, lab: NetnsFaultsLab) {
    super(context);
    this.#lab = lab;
  }

  get #record(): NetnsLabRecord {
    return this.#lab.record;
  }

  async stopGateway(isp: string): Promise<void> {
    const node = this.node(isp);
    await (async () => stopCapture(this.context.runner(node)))().catch(() => undefined);
    await removeNamespaces([namespaceOf(this.#record, node)]);
  }

  async startGateway(isp: string): Promise<void> {
    const node = this.node(isp);
    await addNamespaces([namespaceOf(this.#record, node)]);
    const record = this.#record;
    await wireHub(
      record,
      hubLines(record, [node], (n) => namespaceOf(record, n), false),
      untilOldPeersGone(record, node),
    );
    await this.#lab.held(node, await holdNode(record, node));
    const generation = (this.#restarts.get(isp) ?? 0) + 1;
    this.#restarts.set(isp, generation);
    await configureNetnsNode(this.#record, this.context.plans, node, generation);
  }

  async pauseGateway(isp: string): Promise<void> {
    const node = this.node(isp);
    await this.hang(node);
    signalAll(processesIn([namespaceOf(this.#record, node)]), 'SIGSTOP');
  }

  async unpauseGateway(isp: string): Promise<void> {
    const node = this.node(isp);
    signalAll(processesIn([namespaceOf(this.#record, node)]), 'SIGCONT');
    await this.unhang(node);
  }
}
