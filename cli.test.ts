import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { binPath, requireBuiltCli } from './applier/e2e/cli-path.js';
import { buildProgram, main } from './cli.js';

/** The built `multihome` bin as a user runs it: exit code and stderr. */
async function multihome(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  const result = await promisify(execFile)(process.execPath, [binPath(), ...args]).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
  );
  return result;
}

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

// Each stops in argument parsing, before any runner or lab exists, so these run on any machine.
describe('a usage error is one line and one hint, not the whole help (exit 2)', () => {
  beforeAll(requireBuiltCli, 180_000);

  it.each([
    [
      ['apply', '-c', 'x.yaml', '--confrim'],
      "error: unknown option '--confrim'",
      '(Did you mean --confirm?)',
    ],
    [
      ['apply'],
      "error: required option '-c, --config <file>' not specified",
      '(see `multihome apply --help`)',
    ],
    [
      ['export', '-c', 'x.yaml', '--format', 'yaml'],
      "error: option '--format <format>' argument 'yaml' is invalid. Allowed choices are netplan, networkd, nmstate, nm, script.",
      '(see `multihome export --help`)',
    ],
    [
      ['test', '--runtime', 'vm'],
      "error: option '--runtime <runtime>' argument 'vm' is invalid. Allowed choices are docker, netns.",
      '(see `multihome test --help`)',
    ],
    [
      ['lab', 'exec', 'mylab', 'router'],
      "error: missing required argument 'command'",
      '(see `multihome lab exec --help`)',
    ],
  ])('%j', async (argv, error, hint) => {
    expect(await multihome(argv)).toEqual({ code: 2, stderr: `${error}\n${hint}\n` });
  });
});

// `export` reads no host, so it shows on any machine what `plan` and `apply` print too.
describe('a config error names the file as the user gave it', () => {
  beforeAll(requireBuiltCli, 180_000);

  it('export -c bad.yaml: bad.yaml, not its absolute path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mh-relative-'));
    try {
      writeFileSync(join(dir, 'bad.yaml'), 'uplinks:\n  - name: a\n    interface: eth0\n    adress: 1\n');
      const run = await promisify(execFile)(
        process.execPath,
        [binPath(), 'export', '-c', 'bad.yaml', '--format', 'script'],
        { cwd: dir },
      ).catch((error: { code: number; stderr: string }) => error);
      expect(run).toMatchObject({
        code: 2,
        stderr: expect.stringMatching(/^multihome: bad\.yaml: 2 problems\n/),
      });
      expect(run.stderr).toMatch(/→ at uplinks\[0\]\.adress \(bad\.yaml:4:\d+\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Every command of the tree with its path from `multihome`, the root included. */
function commandsOf(command: Command, path: readonly string[] = []): [string[], Command][] {
  return [[[...path], command], ...command.commands.flatMap((sub) => commandsOf(sub, [...path, sub.name()]))];
}

const COMMANDS = commandsOf(await buildProgram());

// Commander wraps every description to the terminal; a newline typed into one breaks the text again
// mid-line (the watch and export help had it).
describe('the help reads cleanly at 80 columns', () => {
  beforeAll(requireBuiltCli, 180_000);

  it('no command, option or argument description has a newline of its own', () => {
    const texts = COMMANDS.flatMap(([path, command]) => [
      [path.join(' '), command.description()],
      [path.join(' '), command.summary()],
      ...command.options.map((option) => [`${path.join(' ')} ${option.flags}`, option.description]),
      ...command.registeredArguments.map((arg) => [`${path.join(' ')} <${arg.name()}>`, arg.description]),
    ]);
    expect(texts.filter(([, text]) => text?.includes('\n'))).toEqual([]);
  });

  it.each(COMMANDS.map(([path]) => [path.join(' ')]))('multihome %s --help', async (path) => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      binPath(),
      ...path.split(' ').filter(Boolean),
      '--help',
    ]);
    expect(stdout.split('\n').filter((line) => line.length > 80)).toEqual([]);
  });
});
