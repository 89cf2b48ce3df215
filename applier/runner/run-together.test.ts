import { describe, expect, it } from 'vitest';
import { LocalRunner } from './local-runner.js';
import { runTogether } from './run-together.js';

describe('runTogether', () => {
  it('gives each command its own stdout, stderr and exit code, as if run alone', async () => {
    const results = await runTogether(
      new LocalRunner(),
      [
        ['sh', '-c', 'printf "a\\nb"; echo oops >&2; exit 3'],
        ['printf', '%s\n', "it's quoted"],
        ['mh-no-such-command-here'],
        ['printf', ''],
      ].map((argv) => ({ argv })),
    );
    expect(results[0]).toEqual({ stdout: 'a\nb', stderr: 'oops', exitCode: 3 });
    expect(results[1]).toEqual({ stdout: "it's quoted\n", stderr: '', exitCode: 0 });
    expect(results[2]?.exitCode).toBe(127);
    expect(results[2]?.stdout).toBe('');
    expect(results[3]).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('runs every command to its end before handing back output larger than a pipe holds', async () => {
    const [big, after] = await runTogether(new LocalRunner(), [
      { argv: ['sh', '-c', 'head -c 200000 /dev/zero | tr "\\0" a; printf "\\n\\n"'] },
      { argv: ['echo', 'after'] },
    ]);
    expect(big?.stdout).toBe(`${'a'.repeat(200_000)}\n\n`);
    expect(after).toEqual({ stdout: 'after\n', stderr: '', exitCode: 0 });
  });

  it('runs an `sh -c` script in place, with its arguments, its stdin and its own exit', async () => {
    const results = await runTogether(new LocalRunner(), [
      { argv: ['sh', '-c', 'printf "%s|" "$@"; cat; exit 4 # a trailing comment', 'sh', 'a b', "it's"] },
      { argv: ['cat'], input: 'two\nlines\n' },
      { argv: ['sh', '-c', 'echo "$#"'] },
      { argv: ['sh', '-c', 'read -r line; echo "got $line"', 'sh'], input: '' },
    ]);
    expect(results[0]).toEqual({ stdout: "a b|it's|", stderr: '', exitCode: 4 });
    expect(results[1]).toEqual({ stdout: 'two\nlines\n', stderr: '', exitCode: 0 });
    expect(results[2]).toEqual({ stdout: '0\n', stderr: '', exitCode: 0 });
    expect(results[3]).toEqual({ stdout: 'got \n', stderr: '', exitCode: 0 });
  });
});
