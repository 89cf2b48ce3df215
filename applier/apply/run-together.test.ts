import { describe, expect, it } from 'vitest';
import { LocalRunner } from '../runner/local-runner.js';
import { runTogether } from './run-together.js';

describe('runTogether', () => {
  it('gives each command its own stdout, stderr and exit code, as if run alone', async () => {
    const results = await runTogether(new LocalRunner(), [
      ['sh', '-c', 'printf "a\\nb"; echo oops >&2; exit 3'],
      ['printf', '%s\n', "it's quoted"],
      ['mh-no-such-command-here'],
      ['printf', ''],
    ]);
    expect(results[0]).toEqual({ stdout: 'a\nb', stderr: 'oops', exitCode: 3 });
    expect(results[1]).toEqual({ stdout: "it's quoted\n", stderr: '', exitCode: 0 });
    expect(results[2]?.exitCode).toBe(127);
    expect(results[2]?.stdout).toBe('');
    expect(results[3]).toEqual({ stdout: '', stderr: '', exitCode: 0 });
  });

  it('runs every command to its end before handing back output larger than a pipe holds', async () => {
    const [big, after] = await runTogether(new LocalRunner(), [
      ['sh', '-c', 'head -c 200000 /dev/zero | tr "\\0" a; printf "\\n\\n"'],
      ['echo', 'after'],
    ]);
    expect(big?.stdout).toBe(`${'a'.repeat(200_000)}\n\n`);
    expect(after).toEqual({ stdout: 'after\n', stderr: '', exitCode: 0 });
  });
});
