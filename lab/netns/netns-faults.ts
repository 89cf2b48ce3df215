import { stopCapture } from '../runtime/capture.js';
import { type FaultContext, GatewayFaults } from '../runtime/gateway-faults.js';
import { hubLines } from '../runtime/hub-wiring.js';
import { processesIn, signalAll } from './namespace-processes.js';
import type { NetnsLabRecord } from './netns-record.js';
import { removeNamespaces } from './remove-netns-lab.js';
import { addNamespaces, configureNetnsNode, namespaceOf, wireHub } from './wire-nodes.js';

/**
 * Gateway faults on network namespaces. Stopping a gateway deletes its namespace (its processes die,
 * its veths vanish), as stopping a container does; starting it builds the node again from its plan.
 * Pausing loads the drop-all table and SIGSTOPs every process in the namespace: there is no freezer
 * for a bare namespace, and the kernel would go on forwarding anyway.
 */
export class NetnsFaults extends GatewayFaults {
  readonly #record: NetnsLabRecord;
  readonly #restarts = new Map<string, number>();

  constructor(context: FaultContext, record: NetnsLabRecord) {
    super(context);
    this.#record = record;
  }

  async stopGateway(isp: string): Promise<void> {
    const node = this.node(isp);
    await stopCapture(this.context.runner(node)).catch(() => undefined);
    await removeNamespaces([namespaceOf(this.#record, node)]);
  }

  async startGateway(isp: string): Promise<void> {
    const node = this.node(isp);
    await addNamespaces([namespaceOf(this.#record, node)]);
    const record = this.#record;
    await wireHub(
      record,
      hubLines(record, [node], (n) => namespaceOf(record, n), false),
    );
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
