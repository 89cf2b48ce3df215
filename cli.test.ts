import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, main } from './cli.js';

// Only argument errors, which stop before any runner exists, so these run on any machine.
describe('applier commands: usage errors exit 2 before touching anything', () => {
  it.each([
    [['apply']],
    [['plan', '--json']],
    [['apply', '-c', 'x.yaml', '--confirm', 'soon']],
    [['apply', '-c', 'x.yaml', '--confirm', '0']],
    [['status', '--netns', '../etc']],
    [['confirm', '--netns', 'mh-definitely-not-there']],
    [['rollback', '--pending', 'x', '--after', 'never']],
  ])('%j', async (argv) => {
    const stderr = process.stderr.write;
    let written = '';
    process.stderr.write = ((chunk: string) => {
      written += chunk;
      return true;
    }) as typeof process.stderr.write;
    try {
      expect(await main(argv)).toBe(2);
    } finally {
      process.stderr.write = stderr;
    }
    expect(written).not.toBe('');
  });
});

describe('the composed command tree', () => {
  it('spells the lab runtime one way on every command that takes it: --runtime docker|netns', async () => {
    const all = (command: Command): Command[] => [command, ...command.commands.flatMap(all)];
    const runtimes = all(await buildProgram()).flatMap((command) =>
      command.options
        .filter((option) => option.long === '--runtime')
        .map((option) => [command.name(), option.flags, option.argChoices]),
    );
    expect(runtimes.map(([name]) => name).sort()).toEqual(['demo', 'doctor', 'down', 'setup', 'test', 'up']);
    for (const [, flags, choices] of runtimes) {
      expect(flags).toBe('--runtime <runtime>');
      expect(choices).toEqual(['docker', 'netns']);
    }
  });
});
