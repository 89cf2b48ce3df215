import { describe, expect, it } from 'vitest';
import { LocalRunner } from './local-runner.js';
import { inOrderArgv, inOrderScript, runInOrder, unpackInOrder } from './run-in-order.js';

describe('runInOrder', () => {
  it('gives each command its own stdout, stderr, exit code and stdin, as if run alone', async () => {
    const results = await runInOrder(new LocalRunner(), [
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
    const results = await runInOrder(new LocalRunner(), [
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
    const results = await runInOrder(new LocalRunner(), [
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

  it('reads its own script back', () => {
    const commands = [{ argv: ['ip', '-4', '-batch', '-'], input: 'route add x\n' }, { argv: ['true'] }];
    const marker = '@m@';
    expect(unpackInOrder(inOrderArgv(marker), inOrderScript(marker, commands))).toEqual({ marker, commands });
    expect(unpackInOrder(['sh', '-c', 'x'], undefined)).toBeNull();
  });
});
