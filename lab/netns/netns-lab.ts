import type { CommandRunner } from '../../applier/runner/command-runner.js';
import type { GatewayEvidence, LabFaults } from '../lab-types.js';
import { stopCapture } from '../runtime/capture.js';
import { noPackets, readGatewayCounters } from '../runtime/read-gateway-counters.js';
import { RunningLab } from '../runtime/running-lab.js';
import { guardLab } from '../runtime/signal-guard.js';
import type { GatewayCounters } from '../topology/evidence-counters.js';
import type { NodeName, NodePlan } from '../topology/types.js';
import { namespaceInode } from './namespace-processes.js';
import { NetnsFaults } from './netns-faults.js';
import { type NetnsLabRecord, writeRecord } from './netns-record.js';
import type { NodeHolder } from './node-holder.js';
import type { NetnsNodeRunner } from './node-runner.js';
import { removeNetnsLab } from './remove-netns-lab.js';
import { namespaceOf, nodeRunner } from './wire-nodes.js';

/** A running lab of network namespaces on this host, described by its record. */
export class NetnsLab extends RunningLab {
  readonly runtime = 'netns' as const;
  readonly faults: LabFaults;
  #record: NetnsLabRecord;
  readonly #runners = new Map<NodeName, NetnsNodeRunner>();
  readonly #release: () => void;
  #down: Promise<void> | undefined;

  constructor(record: NetnsLabRecord, plans: Readonly<Record<NodeName, NodePlan>>, guard: boolean) {
    super({ ...record, nodes: Object.keys(plans) });
    this.#record = record;
    this.faults = new NetnsFaults(
      { topology: record.topology, plans, runner: (node) => this.runner(node) },
      this,
    );
    this.#release = guard ? guardLab(() => this.down()) : () => {};
  }

  /** What the lab made, with the holder each node has now. */
  get record(): NetnsLabRecord {
    return this.#record;
  }

  /** A restarted node's new holder: recorded (other processes build runners from it), old runner gone. */
  async held(node: NodeName, holder: NodeHolder): Promise<void> {
    this.#record = { ...this.#record, holders: { ...this.#record.holders, [node]: holder } };
    this.#runners.delete(node);
    await writeRecord(this.#record);
  }

  runner(node: NodeName): CommandRunner {
    let runner = this.#runners.get(node);
    if (runner === undefined) {
      runner = nodeRunner(this.record, node);
      this.#runners.set(node, runner);
    }
    return runner;
  }

  /** Stops the captures (SIGINT, so pcaps end cleanly), then removes everything the record names. */
  down(): Promise<void> {
    this.#down ??= (async () => {
      await Promise.all(
        this.topology.isps
          .map((isp) => `isp:${isp.name}`)
          .filter((node) => this.#running(node))
          // A node whose holder is gone has no runner; removal must go on all the same.
          .map((node) => (async () => stopCapture(this.runner(node)))().catch(() => undefined)),
      );
      await removeNetnsLab(this.record);
      this.#release();
    })();
    return this.#down;
  }

  /** The record loses its owner, so no sweep takes the lab for abandoned once this process is gone. */
  async keep(): Promise<void> {
    this.#record = { ...this.#record, owner: null, ownerStarted: null };
    await writeRecord(this.#record);
    this.#release();
  }

  /** A stopped gateway has no namespace: it forwards nothing and reads as no packets. */
  protected readCounters(counters: GatewayCounters): Promise<GatewayEvidence> {
    if (!this.#running(counters.node)) return Promise.resolve(noPackets(counters.isp));
    return readGatewayCounters(this.runner(counters.node), counters);
  }

  #running(node: NodeName): boolean {
    return namespaceInode(namespaceOf(this.record, node)) !== undefined;
  }
}
