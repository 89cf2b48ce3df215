import type { CommandRunner } from '../runner/command-runner.js';

/**
 * The one seam to the per-namespace lock of issue 9 (`applier/ledger/lock.ts`, h3): every repair
 * of `watch` runs inside it, so an `apply` or `remove` in progress is waited for and the host is
 * read again after it. Until that lock lands in main this runs `work` directly.
 */
export async function withWatchLock<T>(_runner: CommandRunner, work: () => Promise<T>): Promise<T> {
  return work();
}
