import type { CommandResult, CommandRunner } from '../../applier/runner/command-runner.js';
import { LabError } from '../errors.js';
import type { LabRuntime } from '../lab-types.js';
import { netemArgv } from '../topology/node-plans.js';

/** Latency and loss added on one interface's egress. */
export type Impairment = { readonly delayMs?: number; readonly lossPercent?: number };

// Kernels without sch_netem (a module a container cannot load; this CI's kernel is one) still get
// real loss: an nftables table dropping a random share of the packets leaving the interface.
const LOSS_TABLE = 'lab_impair';

/** How a host gets sch_netem: the doctor's fix, and the netns runtime's when latency cannot be added. */
export const NETEM_FIX = 'apt-get install -y "linux-modules-extra-$(uname -r)" && modprobe sch_netem';

// Why a node has no netem, and the fix. A container may not load a module; a namespace's root makes
// the kernel load it, so there the module itself is missing from the host.
const NO_NETEM: Readonly<Record<LabRuntime, string>> = {
  docker: 'sch_netem is not loaded and a container cannot load it; run `modprobe sch_netem` on the host',
  netns: `the host has no sch_netem module for the namespace to load; run \`${NETEM_FIX}\` on the host`,
};

/**
 * Impairs an interface with tc netem. Where the kernel has no netem, loss falls back to nftables'
 * `numgen random`; latency has no such substitute and fails with one clear LAB_FAILED that says,
 * for the node's `runtime`, why netem is missing.
 */
export async function applyImpairment(
  runner: CommandRunner,
  iface: string,
  impairment: Impairment,
  runtime: LabRuntime,
): Promise<void> {
  const result = await runner.run(netemArgv({ interface: iface, ...impairment }));
  if (result.exitCode === 0) return;
  if (!/qdisc kind is unknown|No such file or directory/i.test(result.stderr)) {
    fail(runner, `\`tc qdisc replace dev ${iface} root netem\` failed: ${result.stderr.trim()}`);
  }
  if (impairment.delayMs !== undefined) {
    fail(
      runner,
      `cannot add ${impairment.delayMs} ms of latency on ${iface}: this kernel has no netem qdisc (${NO_NETEM[runtime]}); loss alone works without it`,
    );
  }
  // `numgen random mod 100` yields 0-99, so N % loss is `<= N-1`; 0 % leaves nothing to drop.
  const percent = Math.min(100, Math.max(0, Math.round(impairment.lossPercent ?? 0)));
  if (percent === 0) return clearImpairment(runner, iface);
  const drop = `oifname "${iface}" numgen random mod 100 <= ${percent - 1} counter drop`;
  const ruleset = [
    `table inet ${LOSS_TABLE} {}`,
    `delete table inet ${LOSS_TABLE}`,
    `table inet ${LOSS_TABLE} {`,
    `  chain forward { type filter hook forward priority -10; policy accept; ${drop}; }`,
    `  chain output { type filter hook output priority -10; policy accept; ${drop}; }`,
    '}',
  ].join('\n');
  const loaded = await runner.run(['nft', '-f', '-'], { input: `${ruleset}\n` });
  if (loaded.exitCode !== 0) fail(runner, `cannot load the loss table on ${iface}: ${loaded.stderr.trim()}`);
}

/** Removes any netem qdisc and loss table from an interface; "nothing to delete" counts as done. */
export async function clearImpairment(runner: CommandRunner, iface: string): Promise<void> {
  const qdisc = await runner.run(['tc', 'qdisc', 'del', 'dev', iface, 'root']);
  if (!absentOrDone(qdisc, /No such file|Cannot delete qdisc with handle of zero|Invalid handle/i)) {
    fail(runner, `cannot clear the qdisc of ${iface}: ${qdisc.stderr.trim()}`);
  }
  const table = await runner.run(['nft', 'delete', 'table', 'inet', LOSS_TABLE]);
  if (!absentOrDone(table, /No such file or directory/i)) {
    fail(runner, `cannot delete the loss table: ${table.stderr.trim()}`);
  }
}

function absentOrDone(result: CommandResult, absent: RegExp): boolean {
  return result.exitCode === 0 || absent.test(result.stderr);
}

function fail(runner: CommandRunner, message: string): never {
  throw new LabError('LAB_FAILED', `${runner.where}: ${message}`, { source: 'system' });
}
