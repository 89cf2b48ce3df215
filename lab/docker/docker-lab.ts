import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { CommandResult, CommandRunner, RunOptions } from '../../applier/runner/command-runner.js';
import { ContainerRunner } from '../../applier/runner/container-runner.js';
import { LabError } from '../errors.js';
import type { Evidence, GatewayEvidence, LabFaults, RouterSnapshot, StartedLab } from '../lab-types.js';
import { evidenceCounterNames } from '../topology/evidence-counters.js';
import type { NodeName, NodePlan, Topology } from '../topology/types.js';
import { stopCapture } from './capture.js';
import { DockerLabFaults } from './docker-lab-faults.js';
import { evidenceBetween } from './evidence.js';
import { pruneLabs } from './prune-labs.js';
import { readGatewayCounters } from './read-gateway-counters.js';
import { guardLab } from './signal-guard.js';

/** Everything a DockerLab handle is built from; `Lab.up` makes one, `Lab.attach` rebuilds one from labels. */
export type DockerLabParts = {
  readonly docker: Docker;
  readonly name: string;
  readonly topology: Topology;
  readonly plans: Readonly<Record<NodeName, NodePlan>>;
  readonly containers: ReadonlyMap<NodeName, Docker.Container>;
  readonly artifactsDir: string;
  /** Whether ISP gateways capture pcaps. */
  readonly capture: boolean;
  /** Keep SIGINT/SIGTERM handlers that remove the lab until `down` (false for a CLI-held lab). */
  readonly guard: boolean;
};

/** A running lab on the local Docker engine. */
export class DockerLab implements StartedLab {
  readonly name: string;
  readonly topology: Topology;
  readonly artifactsDir: string;
  readonly nodes: readonly NodeName[];
  readonly faults: LabFaults;
  readonly #parts: DockerLabParts;
  readonly #runners = new Map<NodeName, ContainerRunner>();
  readonly #release: () => void;
  #down: Promise<void> | undefined;

  constructor(parts: DockerLabParts) {
    this.#parts = parts;
    this.name = parts.name;
    this.topology = parts.topology;
    this.artifactsDir = parts.artifactsDir;
    this.nodes = Object.keys(parts.plans);
    this.faults = new DockerLabFaults({
      lab: parts.name,
      capture: parts.capture,
      topology: parts.topology,
      plans: parts.plans,
      artifactsDir: parts.artifactsDir,
      container: (node) => this.#container(node),
      runner: (node) => this.runner(node),
    });
    this.#release = parts.guard ? guardLab(() => this.down()) : () => {};
  }

  exec(node: NodeName, argv: readonly string[], options?: RunOptions): Promise<CommandResult> {
    return this.runner(node).run(argv, options);
  }

  runner(node: NodeName): CommandRunner {
    let runner = this.#runners.get(node);
    if (runner === undefined) {
      runner = new ContainerRunner(this.#container(node), `${this.name}/${node}`);
      this.#runners.set(node, runner);
    }
    return runner;
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
    const queries = routeQueries(this.topology);
    const routeGets = await Promise.all(
      queries.map(async (query) => {
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

  [Symbol.asyncDispose](): Promise<void> {
    return this.down();
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

  #readAllCounters(): Promise<GatewayEvidence[]> {
    return Promise.all(
      evidenceCounterNames(this.topology).map((counters) =>
        readGatewayCounters(this.runner(counters.node), counters),
      ),
    );
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
