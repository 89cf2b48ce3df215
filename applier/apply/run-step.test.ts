import { describe, expect, it } from 'vitest';
import { CommandError, MultihomeError } from '../errors.js';
import { FakeRunner } from '../test-support/fake-runner.js';
import { linesRunBeforeFailure, runStep, StepFailure } from './run-step.js';
import { batchStep } from './steps.js';

describe('runStep', () => {
  const [step] = batchStep('add routes and rules (IPv4)', 4, ['route replace a', 'rule add b', 'rule add c']);
  if (step === undefined) throw new Error('no step');

  it('names the batch line ip reported as failed, and how many ran before it', async () => {
    const runner = new FakeRunner().on(step.argv, {
      exitCode: 1,
      stderr: 'RTNETLINK answers: File exists\nCommand failed -:2\n',
    });
    const failure = await runStep(runner, step).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StepFailure);
    // A MultihomeError with its code: callers branch on `code`, and the CLI maps `source` to exit 1.
    expect(failure).toBeInstanceOf(MultihomeError);
    expect(failure).toMatchObject({ code: 'APPLY_FAILED', source: 'system' });
    expect((failure as StepFailure).linesRun).toBe(1);
    expect((failure as StepFailure).failedCommand).toBe('ip -4 rule add b');
    expect((failure as StepFailure).cause).toBeInstanceOf(CommandError);
    expect(runner.calls[0]?.input).toBe('route replace a\nrule add b\nrule add c\n');
  });

  it('passes quietly when the step succeeds', async () => {
    const runner = new FakeRunner().on(step.argv, '');
    await expect(runStep(runner, step)).resolves.toBeUndefined();
  });

  it('reads the failing line number the way ip -batch prints it', () => {
    expect(linesRunBeforeFailure('Error: x\nCommand failed -:7\n')).toBe(6);
    expect(linesRunBeforeFailure('something else')).toBe(0);
  });
});
