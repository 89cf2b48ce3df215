import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { CommandResult, CommandRunner, HeldCommand } from '../runner/command-runner.js';
import { rollbackPending } from './confirm.js';

/**
 * A host whose pending record (apply "p1") is already gone from `pending` (as after a confirm) or
 * not; `look` answers the rollback process's look at it. Every lock is granted at once.
 */
function hostWhere(look: () => CommandResult): CommandRunner & { looks: number } {
  const host = {
    where: 'fake',
    looks: 0,
    run: async (argv: readonly string[]): Promise<CommandResult> => {
      if (argv[0] === 'readlink') return { stdout: 'net:[4026531840]\n', stderr: '', exitCode: 0 };
      if (argv.at(-1)?.endsWith('/pending-p1.json') && argv[2]?.includes('echo gone')) {
        host.looks += 1;
        return look();
      }
      // The record read under the lock: absent (exit 3), as confirm moved it away.
      if (argv[2]?.startsWith('[ -e "$1" ] || exit 3')) return { stdout: '', stderr: '', exitCode: 3 };
      return { stdout: '', stderr: '', exitCode: 0 };
    },
    hold: async (_argv: readonly string[], readyLine: string): Promise<HeldCommand> => ({
      ready: true,
      stdout: `4026531840\n${readyLine}\n`,
      release: async () => {},
    }),
  };
  return host;
}

/** A wait that only ends at `ms` or on an abort before then, and says which. */
function waitRecording(ms: number): { wait: (signal: AbortSignal) => Promise<void>; aborted: () => boolean } {
  let ended = false;
  let aborted = false;
  return {
    wait: async (signal) => {
      signal.addEventListener('abort', () => {
        aborted ||= !ended;
      });
      await sleep(ms, undefined, { signal });
      ended = true;
    },
    aborted: () => aborted,
  };
}

describe('the rollback process behind apply --confirm', () => {
  it('stops waiting as soon as the record is no longer pending', async () => {
    const host = hostWhere(() => ({ stdout: 'gone\n', stderr: '', exitCode: 0 }));
    const wait = waitRecording(600_000);
    const outcome = await rollbackPending(host, 'p1', wait.wait);
    expect(outcome).toEqual({ outcome: 'confirmed', problems: [] });
    expect(wait.aborted()).toBe(true);
  });

  it('never ends the wait early on a look that could not run, only at its own end', async () => {
    const host = hostWhere(() => ({ stdout: '', stderr: 'spawn sh EAGAIN', exitCode: 1 }));
    const wait = waitRecording(1500);
    await rollbackPending(host, 'p1', wait.wait);
    expect(host.looks).toBeGreaterThanOrEqual(2);
    expect(wait.aborted()).toBe(false);
  });
});
