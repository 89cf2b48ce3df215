import { type NamespaceLock, withNamespaceLock } from '../ledger/lock.js';
import type { CommandRunner } from '../runner/command-runner.js';

/**
 * The one seam to the per-namespace lock of issue 9 (`applier/ledger/lock.ts`): every repair of
 * `watch` runs inside it, so an `apply` or `remove` in progress is waited for and the host is read
 * again after it. `work` gets the lock to hand to `applyHost`, which would otherwise take it again.
 */
export async function withWatchLock<T>(
  runner: CommandRunner,
  work: (lock: NamespaceLock) => Promise<T>,
): Promise<T> {
  return withNamespaceLock(runner, work);
}
