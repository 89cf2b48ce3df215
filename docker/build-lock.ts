import { mkdir, open, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../applier/process-alive.js';
import { LabError } from '../lab/errors.js';

/** Options of {@link withBuildLock}. */
export type BuildLockOptions = {
  /** Give up waiting for another holder after this long (default 30 minutes). */
  readonly deadlineMs?: number;
  readonly log?: (line: string) => void;
};

/**
 * Runs `fn` while holding an exclusive lock file (created with O_EXCL, holding our pid), so two
 * processes building the same image take turns. A lock whose pid is dead is stale and broken.
 * The lock only saves duplicate work: builds also go to a private temp tag, tagged at the end.
 */
export async function withBuildLock<T>(
  path: string,
  fn: () => Promise<T>,
  options: BuildLockOptions = {},
): Promise<T> {
  await mkdir(dirname(path), { recursive: true });
  const deadline = Date.now() + (options.deadlineMs ?? 30 * 60_000);
  let waitingFor: number | undefined;
  for (;;) {
    const handle = await open(path, 'wx').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return undefined;
      throw error;
    });
    if (handle) {
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      try {
        return await fn();
      } finally {
        await unlink(path).catch(() => undefined);
      }
    }
    const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && holder > 0 && !isAlive(holder)) {
      options.log?.(`breaking the stale lock ${path} of dead pid ${holder}`);
      await unlink(path).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) {
      throw new LabError('TIMEOUT', `gave up waiting for the lock ${path} held by pid ${holder}`, {
        source: 'system',
      });
    }
    if (waitingFor !== holder && Number.isInteger(holder)) {
      waitingFor = holder;
      options.log?.(`waiting for pid ${holder}, which is building the same image (lock ${path})`);
    }
    await sleep(250);
  }
}
