import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../process-alive.js';

/** Starts the process that rolls an `apply --confirm` back; injectable so in-process tests need no child. */
export type RollbackSpawner = (id: string, seconds: number, netns: string | undefined) => void;

/**
 * Starts `multihome rollback --pending ID --after N` detached (its own session via setsid, stdio
 * ignored, unref'd) so it outlives this process and the admin's SSH session. It also waits for
 * this process to end, so it never restores while the apply is still running.
 */
export const spawnRollback: RollbackSpawner = (id, seconds, netns) => {
  const script = process.argv[1];
  if (script === undefined) throw new Error('cannot find the multihome script to start the rollback process');
  const args = [...process.execArgv, script, 'rollback', '--pending', id, '--after', String(seconds)];
  args.push('--wait-for', String(process.pid));
  if (netns !== undefined) args.push('--netns', netns);
  const child = spawn(process.execPath, args, { detached: true, stdio: 'ignore' });
  child.unref();
};

/** Resolves once the process is gone (finished or killed); polls, as a pid cannot be awaited. Rejects on abort. */
export async function processGone(pid: number, signal?: AbortSignal): Promise<void> {
  while (isAlive(pid)) await sleep(200, undefined, { signal });
}
