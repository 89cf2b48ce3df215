import type { Config, Uplink } from '../model/config.js';
import type { CommandRunner } from '../runner/command-runner.js';
import type { HealthState } from './health-state.js';

/** What one action on a transition did, for the log. */
export type ActionOutcome = { readonly ok: boolean; readonly message: string };

/**
 * Runs the `onChange` hook for one transition, through the runner (so it runs where the uplinks
 * are), with the uplink and both states in its environment. Bounded to 30 s.
 */
export async function runHook(
  runner: CommandRunner,
  hook: string,
  uplink: Uplink,
  from: HealthState,
  to: HealthState,
): Promise<ActionOutcome> {
  const argv = [
    'env',
    `MULTIHOME_UPLINK=${uplink.name}`,
    `MULTIHOME_INTERFACE=${uplink.interface}`,
    `MULTIHOME_ADDRESS=${uplink.address}`,
    `MULTIHOME_OLD_STATE=${from}`,
    `MULTIHOME_NEW_STATE=${to}`,
    hook,
  ];
  const result = await runner.run(argv, { timeoutMs: 30_000 });
  const tail = result.stderr.trim().split('\n').slice(-1)[0] ?? '';
  return result.exitCode === 0
    ? { ok: true, message: `hook ${hook} ran for ${uplink.name} ${from}→${to}` }
    : {
        ok: false,
        message: `hook ${hook} exited ${result.exitCode} for ${uplink.name}${tail ? `: ${tail}` : ''}`,
      };
}

/**
 * `flushOnFailover`: deletes the conntrack entries whose replies go to the dead uplink's address
 * (its own connections and the LAN's, masqueraded to it), so NATed flows re-establish via the new
 * default instead of waiting for timeouts. Exit 1 with "0 flow entries" is not a failure.
 */
export async function flushConntrack(runner: CommandRunner, uplink: Uplink): Promise<ActionOutcome> {
  const argv = [
    'conntrack',
    '-D',
    '-f',
    uplink.family === 4 ? 'ipv4' : 'ipv6',
    '--reply-dst',
    uplink.address,
  ];
  const result = await runner.run(argv);
  const deleted = /(\d+) flow entries have been deleted/.exec(result.stderr)?.[1] ?? '0';
  if (result.exitCode === 0 || deleted === '0') {
    return {
      ok: true,
      message: `conntrack: ${deleted} entries of ${uplink.name} (${uplink.address}) deleted`,
    };
  }
  return { ok: false, message: `conntrack -D for ${uplink.name} failed: ${result.stderr.trim()}` };
}

/** Whether a transition should flush conntrack: only when an uplink goes down and the config asks. */
export function flushes(config: Config, to: HealthState): boolean {
  return config.flushOnFailover === true && to === 'down';
}
