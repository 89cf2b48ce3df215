import { describe, expect, it } from 'vitest';
import { LocalRunner } from './local-runner.js';

describe('LocalRunner.run', () => {
  it('says why a command that could not start failed: an argument over the kernel limit', async () => {
    const result = await new LocalRunner().run(['true', 'x'.repeat(200 * 1024)]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('\ncould not start: spawn E2BIG');
  });

  it('says which signal killed a command', async () => {
    const result = await new LocalRunner().run(['sh', '-c', 'kill -KILL $$']);
    expect(result.stderr).toBe('\nkilled by SIGKILL');
  });

  it('adds nothing to the stderr of a command that exited', async () => {
    const result = await new LocalRunner().run(['sh', '-c', 'echo oops >&2; exit 3']);
    expect(result).toEqual({ stdout: '', stderr: 'oops\n', exitCode: 3 });
  });
});
