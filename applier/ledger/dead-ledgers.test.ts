import { describe, expect, it } from 'vitest';
import type { CommandResult, CommandRunner } from '../runner/command-runner.js';
import { clearDeadLedgers } from './dead-ledgers.js';
import { ledgerDir, protosPath, tableNamesPath } from './paths.js';

describe('clearDeadLedgers', () => {
  it("deletes a gone namespace's ledger with both of its names files", async () => {
    const calls: (readonly string[])[] = [];
    const runner: CommandRunner = {
      where: 'fake',
      run: async (argv): Promise<CommandResult> => {
        calls.push(argv);
        // The listing script answers one dead namespace id; the `rm` after it succeeds.
        return { stdout: argv[0] === 'sh' ? '4026530001\n' : '', stderr: '', exitCode: 0 };
      },
      hold: async () => {
        throw new Error('not used');
      },
    };
    expect(await clearDeadLedgers(runner)).toEqual(['4026530001']);
    expect(calls.at(-1)).toEqual([
      'rm',
      '-rf',
      '--',
      ledgerDir('4026530001'),
      tableNamesPath('4026530001'),
      protosPath('4026530001'),
    ]);
  });
});
