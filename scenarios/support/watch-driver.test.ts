import { describe, expect, it } from 'vitest';
import type { CommandResult } from '../../applier/index.js';
import { LabError, type StartedLab } from '../../lab/index.js';
import { routerTimeUntil, startRouterWatch } from './watch-driver.js';

// The driver's failures are the harness's, not the applier's: a LabError with HARNESS_FAILED. A lab
// that answers each exec by its argv is all these parts of the driver ask of a StartedLab.
function labAnswering(answer: (argv: readonly string[]) => Partial<CommandResult>): StartedLab {
  const exec = async (_node: string, argv: readonly string[]): Promise<CommandResult> => ({
    stdout: '',
    stderr: '',
    exitCode: 0,
    ...answer(argv),
  });
  return { runtime: 'docker', exec } as unknown as StartedLab;
}

describe('the watch driver', () => {
  it('says so with HARNESS_FAILED when the router cannot start the watch', async () => {
    const lab = labAnswering((argv) =>
      argv.at(-1)?.includes(' watch -c ')
        ? {
            exitCode: 2,
            stderr: 'sh: 1: cannot create /run/multihome-watch/watch.log: Read-only file system',
          }
        : {},
    );
    const failure = await startRouterWatch(lab, 'uplinks: []\n').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LabError);
    expect(failure).toMatchObject({ code: 'HARNESS_FAILED', source: 'system' });
    expect((failure as Error).message).toMatch(/^cannot start the watch: .*Read-only file system$/);
  });

  it('reads a wait in the router as its time or null, and any other exit as HARNESS_FAILED', async () => {
    expect(
      await routerTimeUntil(
        labAnswering(() => ({ stdout: '250\n' })),
        'true',
        1_000,
      ),
    ).toBe(250);
    expect(
      await routerTimeUntil(
        labAnswering(() => ({ exitCode: 1 })),
        'false',
        1_000,
      ),
    ).toBeNull();
    const broken = labAnswering(() => ({ exitCode: 126, stderr: 'sh: permission denied' }));
    const failure = await routerTimeUntil(broken, 'true', 1_000).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LabError);
    expect(failure).toMatchObject({ code: 'HARNESS_FAILED', source: 'system' });
    expect((failure as Error).message).toBe(
      'waiting in the router for `true` exited 126: sh: permission denied',
    );
  });
});
