import { CommandError, MultihomeError } from '../errors.js';
import { type Command, type CommandResult, type CommandRunner, runList } from '../runner/command-runner.js';
import type { Step } from './steps.js';

/** A step that failed: which one, how many of its batch lines had run, and the exact line that broke. */
export class StepFailure extends MultihomeError {
  readonly step: Step;
  readonly linesRun: number;
  readonly failedCommand: string;
  override readonly cause: CommandError;

  constructor(step: Step, linesRun: number, failedCommand: string, cause: CommandError) {
    super(
      'APPLY_FAILED',
      `step "${step.name}" failed at \`${failedCommand}\`: ${cause.stderr.trim() || `exit ${cause.exitCode}`}`,
      { source: 'system', cause },
    );
    this.step = step;
    this.linesRun = linesRun;
    this.failedCommand = failedCommand;
    this.cause = cause;
  }
}

/**
 * `ip -batch` stops at the first failing line and says `Command failed -:N`; lines before N ran.
 * Returns N-1, or 0 when the line is not reported (nothing is known to have run).
 */
export function linesRunBeforeFailure(stderr: string): number {
  const match = /Command failed -:(\d+)/.exec(stderr);
  return match?.[1] ? Number(match[1]) - 1 : 0;
}

/** Runs one step; on failure throws a StepFailure naming the failing line of a batch. */
export async function runStep(runner: CommandRunner, step: Step): Promise<void> {
  const result = await runner.run(step.argv, step.input === undefined ? {} : { input: step.input });
  if (result.exitCode !== 0) throw stepFailure(runner, step, result);
}

/**
 * Runs steps in order as one list (`runList`: one `sh` on the real runners), stopping at the first
 * that fails, which is thrown as a StepFailure exactly as `runStep` would. The commands of `then`
 * run in the same list once every step succeeded (apply's read-back); their results are returned.
 */
export async function runSteps(
  runner: CommandRunner,
  steps: readonly Step[],
  then: readonly Command[] = [],
): Promise<CommandResult[]> {
  const results = await runList(runner, [...steps, ...then]);
  results.slice(0, steps.length).forEach((result, index) => {
    const step = steps[index];
    if (step && result.exitCode !== 0) throw stepFailure(runner, step, result);
  });
  return results.slice(steps.length);
}

function stepFailure(runner: CommandRunner, step: Step, result: CommandResult): StepFailure {
  const cause = new CommandError(step.argv, result.exitCode, result.stderr, runner.where);
  const linesRun = step.lines ? linesRunBeforeFailure(result.stderr) : 0;
  const failedLine = step.lines?.[linesRun];
  const command =
    failedLine === undefined ? step.argv.join(' ') : `${step.argv.slice(0, 2).join(' ')} ${failedLine}`;
  return new StepFailure(step, linesRun, command, cause);
}
