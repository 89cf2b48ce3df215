import type { CommandResult, CommandRunner } from '../../applier/runner/command-runner.js';
import { LabError } from '../errors.js';
import { type ExecutablePlan, type NodeInterfaces, nodeScript, sysctlMismatches } from './node-script.js';

/** Deadline for configuring one node; generous because parallel labs share two cores. */
export const CONFIGURE_TIMEOUT_MS = 60_000;

/**
 * Configures one started node (container or namespace) from its plan in a single exec, then asserts
 * every sysctl reads back the value set (a lab that silently kept a host default would prove nothing).
 * `extraLines` run after the plan's services (lab up starts a gateway's capture there).
 */
export async function configureNode(
  runner: CommandRunner,
  node: string,
  plan: ExecutablePlan,
  interfaces: NodeInterfaces,
  extraLines: readonly string[] = [],
): Promise<void> {
  const { script, input } = nodeScript(plan, interfaces, extraLines);
  const result = await runner.run(['sh', '-c', script], {
    timeoutMs: CONFIGURE_TIMEOUT_MS,
    ...(input === undefined ? {} : { input }),
  });
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
