import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandResult, CommandRunner, RunOptions } from '../../applier/runner/command-runner.js';
import type {
  Evidence,
  GatewayEvidence,
  LabFaults,
  LabRuntime,
  RouterSnapshot,
  StartedLab,
} from '../lab-types.js';
import { evidenceCounterNames, type GatewayCounters } from '../topology/evidence-counters.js';
import type { NodeName, Topology } from '../topology/types.js';
import { evidenceBetween } from './evidence.js';

/** What every runtime's lab handle is built from. */
export type RunningLabParts = {
  readonly name: string;
  readonly topology: Topology;
  readonly artifactsDir: string;
  readonly nodes: readonly NodeName[];
};

/**
 * The part of a running lab that is the same on every runtime: exec through the node's runner,
 * observe by gateway counters, snapshots of the router. A runtime adds runners, faults and down.
 */
export abstract class RunningLab implements StartedLab {
  abstract readonly runtime: LabRuntime;
  abstract readonly faults: LabFaults;
  readonly name: string;
  readonly topology: Topology;
  readonly artifactsDir: string;
  readonly nodes: readonly NodeName[];

  constructor(parts: RunningLabParts) {
    this.name = parts.name;
    this.topology = parts.topology;
    this.artifactsDir = parts.artifactsDir;
    this.nodes = parts.nodes;
  }

  abstract runner(node: NodeName): CommandRunner;
  abstract down(): Promise<void>;
  abstract keep(): Promise<void>;
  /** One gateway's counters now; a stopped gateway reads as no packets. */
  protected abstract readCounters(counters: GatewayCounters): Promise<GatewayEvidence>;

  // async: a runner that cannot be built (an unknown node, a netns node whose holder is gone) rejects.
  async exec(node: NodeName, argv: readonly string[], options?: RunOptions): Promise<CommandResult> {
    return this.runner(node).run(argv, options);
  }

  async observe<T>(fn: () => Promise<T>): Promise<{ result: T; evidence: Evidence }> {
    const before = await this.#readAllCounters();
    const result = await fn();
    const after = await this.#readAllCounters();
    return { result, evidence: evidenceBetween(before, after) };
  }

  async snapshot(label: string): Promise<RouterSnapshot> {
    const router = this.runner('router');
    const conntrack = await router.run(['conntrack', '-L']);
    const routeGets = await Promise.all(
      routeQueries(this.topology).map(async (query) => {
        const answer = await router.run(['ip', 'route', 'get', ...query.split(' ')]);
        return { query, answer: (answer.exitCode === 0 ? answer.stdout : answer.stderr).trim() };
      }),
    );
    const snapshot: RouterSnapshot = { label, conntrack: conntrack.stdout || conntrack.stderr, routeGets };
    await mkdir(this.artifactsDir, { recursive: true });
    const file = `snapshot-${label.replace(/[^a-zA-Z0-9_.-]/g, '-')}.json`;
    await writeFile(join(this.artifactsDir, file), `${JSON.stringify(snapshot, null, 2)}\n`);
    return snapshot;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.down();
  }

  #readAllCounters(): Promise<GatewayEvidence[]> {
    return Promise.all(evidenceCounterNames(this.topology).map((counters) => this.readCounters(counters)));
  }
}

/** `ip route get` queries for the snapshot: each client address, plain and from each router address of its family. */
function routeQueries(topology: Topology): string[] {
  const queries: string[] = [];
  for (const client of topology.clients) {
    for (const address of client.addresses) {
      queries.push(address);
      for (const isp of topology.isps) {
        for (const from of isp.routerAddresses) {
          if (from.includes(':') === address.includes(':')) queries.push(`${address} from ${from}`);
        }
      }
    }
  }
  return queries;
}
