import { describe, expect, it } from 'vitest';
import { runList } from '../runner/command-runner.js';
import { FailingRunner } from './failing-runner.js';
import { FakeRunner } from './fake-runner.js';

const batch = ['ip', '-4', '-batch', '-'];

describe('FailingRunner', () => {
  it('fails only the nth matching command and passes everything else through', async () => {
    const inner = new FakeRunner().on(batch, 'ok').on(['true'], 'yes');
    const runner = new FailingRunner(inner, { match: (argv) => argv[0] === 'ip', nth: 2 });
    expect((await runner.run(batch, { input: 'a\n' })).exitCode).toBe(0);
    expect((await runner.run(['true'])).stdout).toBe('yes');
    const failed = await runner.run(batch, { input: 'b\n' });
    expect(failed.exitCode).toBe(1);
    expect(runner.failed).toEqual(batch);
    expect((await runner.run(batch, { input: 'c\n' })).exitCode).toBe(0);
    expect(inner.calls.map((call) => call.input ?? call.argv.join(' '))).toEqual(['a\n', 'true', 'c\n']);
  });

  it('partial mode runs the first half of a batch and reports the next line as failed, as ip -batch does', async () => {
    const inner = new FakeRunner().on(batch, '');
    const runner = new FailingRunner(inner, { match: () => true, mode: 'partial' });
    const result = await runner.run(batch, { input: 'l1\nl2\nl3\nl4\n' });
    expect(result.stderr).toContain('Command failed -:3');
    expect(inner.calls.map((call) => call.input)).toEqual(['l1\nl2\n']);
  });

  it('skipped mode reports success without running the command', async () => {
    const inner = new FakeRunner().on(batch, '');
    const runner = new FailingRunner(inner, { match: () => true, mode: 'skipped' });
    expect(await runner.run(batch, { input: 'l1\n' })).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(runner.failed).toEqual(batch);
    expect(inner.calls).toEqual([]);
  });

  it('after mode runs the command whole and still fails', async () => {
    const inner = new FakeRunner().on(batch, '');
    const runner = new FailingRunner(inner, { match: () => true, mode: 'after' });
    expect((await runner.run(batch, { input: 'x\n' })).exitCode).toBe(1);
    expect(inner.calls).toHaveLength(1);
  });

  it('fails one command of a list: those before it run, none after it', async () => {
    const inner = new FakeRunner().on(batch, 'ok').on(['true'], 'yes');
    const runner = new FailingRunner(inner, { match: (argv) => argv[0] === 'ip' });
    const results = await runList(runner, [
      { argv: ['true'] },
      { argv: batch, input: 'a\n' },
      { argv: ['true'] },
    ]);
    expect(results.map((result) => result.exitCode)).toEqual([0, 1]);
    expect(results[0]?.stdout).toBe('yes');
    expect(runner.failed).toEqual(batch);
    expect(inner.calls.map((call) => call.argv.join(' '))).toEqual(['true']);
  });
});
