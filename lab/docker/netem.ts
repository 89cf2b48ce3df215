import { MultihomeError } from '../../applier/errors.js';
import type { CommandRunner } from '../../applier/runner/command-runner.js';
import { netemArgv } from '../topology/node-plans.js';

/** A tc netem impairment on one interface. */
export type Impairment = { readonly delayMs?: number; readonly lossPercent?: number };

/**
 * Impairs an interface with netem. Kernels without sch_netem (it is a module a container cannot load)
 * answer "Specified qdisc kind is unknown": that becomes one clear LAB_FAILED.
 */
export async function applyNetem(
  runner: CommandRunner,
  iface: string,
  impairment: Impairment,
): Promise<void> {
  const result = await runner.run(netemArgv({ interface: iface, ...impairment }));
  if (result.exitCode === 0) return;
  const unknown = /qdisc kind is unknown|No such file or directory/i.test(result.stderr);
  const message = unknown
    ? `${runner.where}: cannot impair ${iface}: this kernel has no netem qdisc (sch_netem is not loaded, and a container cannot load it; run \`modprobe sch_netem\` on the host)`
    : `${runner.where}: \`tc qdisc replace dev ${iface} root netem\` failed: ${result.stderr.trim()}`;
  throw new MultihomeError('LAB_FAILED', message, { source: 'system' });
}

/** Removes any root qdisc from an interface; "nothing to delete" counts as done. */
export async function clearNetem(runner: CommandRunner, iface: string): Promise<void> {
  const result = await runner.run(['tc', 'qdisc', 'del', 'dev', iface, 'root']);
  if (
    result.exitCode !== 0 &&
    !/No such file|Cannot delete qdisc with handle of zero|Invalid handle/i.test(result.stderr)
  ) {
    throw new MultihomeError(
      'LAB_FAILED',
      `${runner.where}: cannot clear the qdisc of ${iface}: ${result.stderr.trim()}`,
      {
        source: 'system',
      },
    );
  }
}
