import { describe, expect, it } from 'vitest';
import { LocalRunner } from './local-runner.js';

describe('LocalRunner.run', () => {
  it('says why a command that could not start failed: an argument over the kernel limit', async () => {
    const result = await new LocalRunner().run(['true', 'x'.repeat(200 * 1024)]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('could not start: spawn E2BIG');
  });

  it('says which signal killed a command', async () => {
    const result = await new LocalRunner().run(['sh', '-c', 'kill -KILL $$']);
    expect(result.stderr).toBe('killed by SIGKILL');
  });

  it('says a command timed out, on a line after what it said', async () => {
    const quiet = await new LocalRunner().run(['sleep', '5'], { timeoutMs: 100 });
    expect(quiet).toMatchObject({ stderr: 'timed out', exitCode: 124 });
    const said = await new LocalRunner().run(['sh', '-c', 'echo busy >&2; sleep 5'], { timeoutMs: 300 });
    expect(said.stderr).toBe('busy\ntimed out');
  });

  it('adds nothing to the stderr of a command that exited', async () => {
    const result = await new LocalRunner().run(['sh', '-c', 'echo oops >&2; exit 3']);
    expect(result).toEqual({ stdout: '', stderr: 'oops\n', exitCode: 3 });
  });
});
