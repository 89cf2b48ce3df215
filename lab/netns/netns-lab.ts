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
import type { NetnsNodeRunner } from './node-runner.js';
import { removeNetnsLab } from './remove-netns-lab.js';
import { namespaceOf, nodeRunner } from './wire-nodes.js';

/** A running lab of network namespaces on this host, described by its record. */
export class NetnsLab extends RunningLab {
  readonly runtime = 'netns' as const;
  readonly faults: LabFaults;
  readonly record: NetnsLabRecord;
  readonly #runners = new Map<NodeName, NetnsNodeRunner>();
  readonly #release: () => void;
  #down: Promise<void> | undefined;

  constructor(record: NetnsLabRecord, plans: Readonly<Record<NodeName, NodePlan>>, guard: boolean) {
    super({ ...record, nodes: Object.keys(plans) });
    this.record = record;
    this.faults = new NetnsFaults(
      { topology: record.topology, plans, runner: (node) => this.runner(node) },
      record,
    );
    this.#release = guard ? guardLab(() => this.down()) : () => {};
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
          .map((node) => stopCapture(this.runner(node)).catch(() => undefined)),
      );
      await removeNetnsLab(this.record);
      this.#release();
    })();
    return this.#down;
  }

  /** The record loses its owner, so no sweep takes the lab for abandoned once this process is gone. */
  async keep(): Promise<void> {
    await writeRecord({ ...this.record, owner: null });
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
