import { MultihomeError } from '../errors.js';
import { ledgerDir } from '../ledger/paths.js';
import type { CommandRunner } from '../runner/command-runner.js';

/** The lock file that marks a running watch in a namespace's state directory. */
export function watchLockPath(nsid: string): string {
  return `${ledgerDir(nsid)}/watch.lock`;
}

const BUSY = 75;
// flock holds the lock while `cat` waits on stdin, which is open exactly as long as the watch
// process lives: a watch killed with SIGKILL closes the pipe, `cat` ends and the lock is free.
const HOLD = `mkdir -p -- "$1" && exec flock -n -E ${BUSY} "$1/watch.lock" sh -c 'echo locked; exec cat >/dev/null'`;

/**
 * Takes the namespace's watch lock for as long as this process lives, or refuses: one watch per
 * namespace. Held through the runner's `hold`, like the namespace lock; `release` frees it.
 */
export async function holdWatchLock(
  runner: CommandRunner,
  nsid: string,
): Promise<{ release(): Promise<void> }> {
  const held = await runner.hold(['sh', '-c', HOLD, 'sh', ledgerDir(nsid)], 'locked');
  if (held.ready) return held;
  if (held.result.exitCode === BUSY) {
    throw new MultihomeError(
      'USAGE',
      `${runner.where}: a multihome watch already runs for this network namespace (lock ${watchLockPath(nsid)})`,
      { source: 'user' },
    );
  }
  throw new MultihomeError(
    'COMMAND_FAILED',
    `${runner.where}: cannot take ${watchLockPath(nsid)}: ${held.result.stderr.trim()}`,
    { source: 'system' },
  );
}

/** Whether a watch holds the namespace's lock now (reads only: a missing lock file means no). */
export async function watchRunning(runner: CommandRunner, nsid: string): Promise<boolean> {
  const script = `[ -e "$1" ] || exit 0; flock -n -E ${BUSY} "$1" true`;
  const result = await runner.run(['sh', '-c', script, 'sh', watchLockPath(nsid)]);
  return result.exitCode === BUSY;
}
