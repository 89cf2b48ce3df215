import { describe, expect, it } from 'vitest';
import { LocalRunner } from './local-runner.js';
import { runListInSh } from './sh-list.js';

describe('runListInSh', () => {
  it('gives each command its own stdout, stderr, exit code and stdin, as if run alone', async () => {
    const results = await runListInSh(new LocalRunner(), [
      { argv: ['sh', '-c', 'printf "a\\nb"; echo oops >&2'] },
      { argv: ['cat'], input: "it's\n$HOME `x`\n" },
      { argv: ['cat'], input: '' },
      { argv: ['cat'] },
    ]);
    expect(results).toEqual([
      { stdout: 'a\nb', stderr: 'oops\n', exitCode: 0 },
      { stdout: "it's\n$HOME `x`\n", stderr: '', exitCode: 0 },
      { stdout: '', stderr: '', exitCode: 0 },
      { stdout: '', stderr: '', exitCode: 0 },
    ]);
  });

  it('stops after the first command that fails', async () => {
    const results = await runListInSh(new LocalRunner(), [
      { argv: ['true'] },
      { argv: ['sh', '-c', 'echo broke >&2; exit 3'] },
      { argv: ['sh', '-c', 'echo never'] },
    ]);
    expect(results).toEqual([
      { stdout: '', stderr: '', exitCode: 0 },
      { stdout: '', stderr: 'broke\n', exitCode: 3 },
    ]);
  });

  it('runs an `sh -c` script in place, with its arguments and stdin, and stops on its exit', async () => {
    const results = await runListInSh(new LocalRunner(), [
      {
        argv: ['sh', '-c', 'x=inner; printf "%s|" "$@"; cat # trailing', 'sh', 'a b', "it's"],
        input: 'in\n',
      },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, not a template
      { argv: ['sh', '-c', 'echo "${x-unset} $#"'] },
      { argv: ['sh', '-c', 'exit 5'] },
      { argv: ['echo', 'never'] },
    ]);
    expect(results).toEqual([
      { stdout: "a b|it's|in\n", stderr: '', exitCode: 0 },
      // Each script runs in its own subshell: what one sets, the next does not see.
      { stdout: 'unset 0\n', stderr: '', exitCode: 0 },
      { stdout: '', stderr: '', exitCode: 5 },
    ]);
  });

  it('runs on past a command that may fail, and hands back output larger than a pipe holds', async () => {
    const results = await runListInSh(new LocalRunner(), [
      { argv: ['sh', '-c', 'echo absent >&2; exit 1'], mayFail: true },
      { argv: ['sh', '-c', 'head -c 200000 /dev/zero | tr "\\0" a'] },
      { argv: ['mh-no-such-command-here'], mayFail: true },
      { argv: ['echo', 'after'] },
    ]);
    expect(results.map((result) => result.exitCode)).toEqual([1, 0, 127, 0]);
    expect(results[0]?.stderr).toBe('absent\n');
    expect(results[1]?.stdout).toBe('a'.repeat(200_000));
    expect(results[3]?.stdout).toBe('after\n');
  });

  it('runs a list whose input a here-document cannot carry one by one, with the same stops', async () => {
    const results = await runListInSh(new LocalRunner(), [
      { argv: ['cat'], input: 'no newline at the end' },
      { argv: ['false'] },
      { argv: ['echo', 'never'] },
    ]);
    expect(results.map((result) => [result.stdout, result.exitCode])).toEqual([
      ['no newline at the end', 0],
      ['', 1],
    ]);
  });
});
