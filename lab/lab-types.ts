import type { CommandResult, CommandRunner, RunOptions } from '../applier/runner/command-runner.js';
import type { NodeName, Topology } from './topology/types.js';

/** Packets one ISP gateway saw from the router's side during an observation. */
export type GatewayEvidence = {
  readonly isp: string;
  /** Packets forwarded from the router, by source address (router addresses only). */
  readonly fromRouter: Readonly<Record<string, number>>;
  /** Packets from the router's segment dropped because their source is not this ISP's (BCP38). */
  readonly spoofedDropped: number;
};

/** What `observe` saw: per gateway counters over the observed window. */
export type Evidence = {
  readonly gateways: readonly GatewayEvidence[];
  /** ISPs whose gateway forwarded at least one packet from the router in the window. */
  readonly carriedBy: readonly string[];
};

/** Router-side snapshot for the artifacts: conntrack entries and `ip route get` answers. */
export type RouterSnapshot = {
  readonly label: string;
  readonly conntrack: string;
  readonly routeGets: readonly { readonly query: string; readonly answer: string }[];
};

/** Injected faults; each has its restore. */
export interface LabFaults {
  uplinkDown(isp: string): Promise<void>;
  uplinkUp(isp: string): Promise<void>;
  stopGateway(isp: string): Promise<void>;
  startGateway(isp: string): Promise<void>;
  pauseGateway(isp: string): Promise<void>;
  unpauseGateway(isp: string): Promise<void>;
  impair(isp: string, impairment: { delayMs?: number; lossPercent?: number }): Promise<void>;
  clearImpairment(isp: string): Promise<void>;
}

/** Where a lab's nodes run: Docker containers, or network namespaces on this host. */
export type LabRuntime = 'docker' | 'netns';

/** Every runtime, in the order `--runtime` lists them. */
export const LAB_RUNTIMES: readonly LabRuntime[] = ['docker', 'netns'];

/** Options for bringing a lab up. */
export type LabOptions = {
  /** Containers or network namespaces; default: `chooseRuntime()`. */
  readonly runtime?: LabRuntime;
  /** Lab name; default `<topology.name>-<random>` so parallel labs never collide. */
  readonly name?: string;
  /** Where pcaps and snapshots go; default `artifacts/<name>` under the working directory. */
  readonly artifactsDir?: string;
  /** Start per-gateway tcpdump captures (default true). */
  readonly capture?: boolean;
  /** One line per long step; the CLI prints them. */
  readonly onProgress?: (step: string, elapsedMs: number) => void;
  /**
   * Host paths bind-mounted read-only into the router container (added for the scenarios: the real
   * CLI runs inside the router from the mounted Node and package, as on a real host). A netns
   * router shares the host's filesystem, so there the sources are simply where they are.
   */
  readonly routerMounts?: readonly { readonly source: string; readonly target: string }[];
};

/** A running lab; `await using lab = await Lab.up(topology)` tears it down at scope exit. */
export interface StartedLab extends AsyncDisposable {
  readonly name: string;
  /** Which runtime the nodes run on. */
  readonly runtime: LabRuntime;
  readonly topology: Topology;
  readonly artifactsDir: string;
  /** Node names: `router`, `isp:<name>`, `client:<name>`, `lan:<name>`. */
  readonly nodes: readonly NodeName[];
  exec(node: NodeName, argv: readonly string[], options?: RunOptions): Promise<CommandResult>;
  /** The applier's runner for a node: the same applier code drives the router container. */
  runner(node: NodeName): CommandRunner;
  /** Runs `fn` and reports which ISP gateways carried router traffic meanwhile. */
  observe<T>(fn: () => Promise<T>): Promise<{ result: T; evidence: Evidence }>;
  snapshot(label: string): Promise<RouterSnapshot>;
  readonly faults: LabFaults;
  /** Stops captures (flushing pcaps into artifactsDir) and removes every container and network, or namespace. */
  down(): Promise<void>;
  /**
   * Leaves the lab running after this process ends (`multihome test --keep`): its Ctrl-C handlers
   * go, and a later sweep of abandoned labs no longer counts it as this process's; `multihome lab
   * down NAME` removes it.
   */
  keep(): Promise<void>;
}

/** A lab found on this host (its record) or on the engine (its labels), for `lab ls`. */
export type LabSummary = {
  readonly name: string;
  readonly runtime: LabRuntime;
  readonly topology: string;
  readonly nodes: readonly NodeName[];
  /** Nodes whose container runs or whose namespace exists. */
  readonly running: number;
  readonly created: Date;
};

/** A lab `prune` left alone: a live process holds it (bringing it up, or guarding it until `down`). */
export type HeldLab = {
  readonly name: string;
  readonly runtime: LabRuntime;
  /** The holder's pid. */
  readonly pid: number;
};
