import { readFile } from 'node:fs/promises';
import { applyHost, type CommandResult } from '../../applier/index.js';
import type { FlowRun } from '../../lab/index.js';
import {
  applierConfigFor,
  type Evidence,
  type FlowSpecOptions,
  flowMatrix,
  flowSpecs,
  lansOf,
  runFlows,
  type StartedLab,
} from '../../lab/index.js';
import { routerConfig } from '../support/applier-driver.js';

/** A started lab with what a test of a fix needs: the flow matrix, the fixes, and the evidence. */
export type TestLab = StartedLab & {
  /**
   * Runs `multihome test`'s flow matrix (every uplink address × icmp/tcp/udp/forward × family, plus the
   * topology's outbound `expect:` flows) with evidence; `options` picks a part of it instead.
   */
  flows(options?: FlowSpecOptions): Promise<FlowRun[]>;
  /** Applies a multihome config file in the router (the applier through the router's runner). */
  applyConfig(file: string): Promise<void>;
  /** Applies the config multihome derives from the topology (what `multihome test` does by default). */
  applyDerivedConfig(): Promise<void>;
  /** Runs a shell script file as root in the router (a `--script` fix); a non-zero exit is returned. */
  runScript(file: string): Promise<CommandResult>;
  /** The ISPs whose gateways carried router traffic while `fn` ran. */
  carriedBy(fn: () => Promise<unknown>): Promise<readonly string[]>;
  /** Full per-gateway evidence while `fn` ran. */
  evidence(fn: () => Promise<unknown>): Promise<Evidence>;
};

/** Wraps a started lab in the test helpers (delegating, as the lab keeps private state); disposing it takes the lab down. */
export function testLab(lab: StartedLab): TestLab {
  const families = [...new Set(lab.topology.isps.flatMap((isp) => isp.gateways.map(familyOfAddress)))];
  const apply = async (text: string, file: string) => {
    await applyHost(lab.runner('router'), await routerConfig(lab, text, file));
  };
  return {
    name: lab.name,
    runtime: lab.runtime,
    topology: lab.topology,
    artifactsDir: lab.artifactsDir,
    nodes: lab.nodes,
    faults: lab.faults,
    exec: (node, argv, options) => lab.exec(node, argv, options),
    runner: (node) => lab.runner(node),
    observe: (fn) => lab.observe(fn),
    snapshot: (label) => lab.snapshot(label),
    down: () => lab.down(),
    [Symbol.asyncDispose]: () => lab[Symbol.asyncDispose](),
    flows: (options?: FlowSpecOptions) =>
      runFlows(
        lab,
        options === undefined ? flowMatrix(lab.topology) : flowSpecs(lab.topology, { families, ...options }),
      ),
    applyConfig: async (file: string) => apply(await readFile(file, 'utf8'), file),
    applyDerivedConfig: () =>
      apply(
        applierConfigFor(lab.topology, { families, lan: lansOf(lab.topology).length > 0 }),
        `${lab.name}/multihome.yaml`,
      ),
    runScript: async (file: string) =>
      lab.exec('router', ['sh', '-s'], { input: await readFile(file, 'utf8'), timeoutMs: 60_000 }),
    carriedBy: async (fn: () => Promise<unknown>) => (await lab.observe(fn)).evidence.carriedBy,
    evidence: async (fn: () => Promise<unknown>) => (await lab.observe(fn)).evidence,
  };
}

function familyOfAddress(address: string): 4 | 6 {
  return address.includes(':') ? 6 : 4;
}
