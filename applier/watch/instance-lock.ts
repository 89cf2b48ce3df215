import { MultihomeError } from '../errors.js';
import { ledgerDir } from '../ledger/paths.js';
import type { CommandRunner, StreamingCommand } from '../runner/command-runner.js';

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
 * namespace. The returned command releases it on `stop`.
 */
export async function holdWatchLock(runner: CommandRunner, nsid: string): Promise<StreamingCommand> {
  if (runner.spawn === undefined) throw new TypeError(`${runner.where}: this runner cannot stream commands`);
  let locked: () => void = () => undefined;
  const gotIt = new Promise<'locked'>((resolve) => {
    locked = () => resolve('locked');
  });
  const holder = runner.spawn(['sh', '-c', HOLD, 'sh', ledgerDir(nsid)], (line) => {
    if (line === 'locked') locked();
  });
  const outcome = await Promise.race([gotIt, holder.exited]);
  if (outcome === 'locked') return holder;
  if (outcome.exitCode === BUSY) {
    throw new MultihomeError(
      'USAGE',
      `${runner.where}: a multihome watch already runs for this network namespace (lock ${watchLockPath(nsid)})`,
      { source: 'user' },
    );
  }
  throw new MultihomeError(
    'COMMAND_FAILED',
    `${runner.where}: cannot take ${watchLockPath(nsid)}: ${outcome.stderr.trim()}`,
    {
      source: 'system',
    },
  );
}

/** Whether a watch holds the namespace's lock now (reads only: a missing lock file means no). */
export async function watchRunning(runner: CommandRunner, nsid: string): Promise<boolean> {
  const script = `[ -e "$1" ] || exit 0; flock -n -E ${BUSY} "$1" true`;
  const result = await runner.run(['sh', '-c', script, 'sh', watchLockPath(nsid)]);
  return result.exitCode === BUSY;
}
