import type { CommandResult, CommandRunner } from '../../applier/runner/command-runner.js';
import { LabError } from '../errors.js';
import type { LabRuntime } from '../lab-types.js';
import type { NodeName, NodePlan, Topology } from '../topology/types.js';
import { type ArtifactsPlace, captureFile, captureLaunch, waitForCapture } from './capture.js';
import { customerInterface } from './gateway-faults.js';
import { applyImpairment } from './impairment.js';
import { type ExecutablePlan, nodeScript, sysctlMismatches } from './node-script.js';

/** Deadline for configuring one node; generous because parallel labs share two cores. */
export const CONFIGURE_TIMEOUT_MS = 60_000;

/** What configuring a node needs of its lab, whatever the runtime. */
export type NodeSetting = {
  /** The runtime the node runs on, for what its errors say. */
  readonly runtime: LabRuntime;
  readonly topology: Topology;
  readonly plans: Readonly<Record<NodeName, NodePlan>>;
  /** Whether ISP gateways capture pcaps, and where. */
  readonly capture: boolean;
  readonly artifacts: ArtifactsPlace;
};

/**
 * Configures a wired node from its plan in one exec, applies its netem, and on an ISP gateway starts
 * its capture (`generation` counts the gateway's restarts) at the end of that script and waits for
 * the pcap header. Both runtimes bring nodes up, and gateways back, through this.
 */
export async function configureLabNode(
  runner: CommandRunner,
  lab: NodeSetting,
  node: NodeName,
  generation = 0,
): Promise<void> {
  const plan = lab.plans[node];
  if (plan === undefined) throw new LabError('LAB_FAILED', `no plan for ${node}`, { source: 'system' });
  const isp = lab.topology.isps.find((candidate) => `isp:${candidate.name}` === node)?.name;
  const capture =
    isp !== undefined && lab.capture
      ? { iface: customerInterface(lab.topology, lab.plans, isp), file: captureFile(isp, generation) }
      : undefined;
  const extra =
    capture === undefined ? [] : [captureLaunch(capture.iface, capture.file, lab.artifacts.dirInNode)];
  await configureNode(runner, node, plan, extra);
  if (plan.netem !== null) await applyImpairment(runner, plan.netem.interface, plan.netem, lab.runtime);
  if (capture !== undefined) await waitForCapture(runner, capture.file, lab.artifacts.dirOnHost);
}

/**
 * Configures one started node (container or namespace) from its plan in a single exec, then asserts
 * every sysctl reads back the value set (a lab that silently kept a host default would prove nothing).
 * `extraLines` run after the plan's services (lab up starts a gateway's capture there).
 */
export async function configureNode(
  runner: CommandRunner,
  node: string,
  plan: ExecutablePlan,
  extraLines: readonly string[] = [],
): Promise<void> {
  const { argv, script } = nodeScript(plan, extraLines);
  const result = await runner.run(argv, { timeoutMs: CONFIGURE_TIMEOUT_MS, input: script });
  checkConfigured(node, plan, result);
}

/** Throws unless a node's configuration script exited 0 and every sysctl read back as planned. */
export function checkConfigured(node: string, plan: ExecutablePlan, result: CommandResult): void {
  if (result.exitCode !== 0) {
    throw new LabError(
      'LAB_FAILED',
      `${node}: configuring from its plan failed (exit ${result.exitCode}): ${result.stderr.trim() || result.stdout.trim()}`,
      { source: 'system' },
    );
  }
  const wrong = sysctlMismatches(plan, result.stdout);
  if (wrong.length > 0) {
    throw new LabError('LAB_FAILED', `${node}: sysctls did not stick: ${wrong.join('; ')}`, {
      source: 'system',
    });
  }
}
