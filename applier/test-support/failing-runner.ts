import type { CommandResult, CommandRunner, HeldCommand, RunOptions } from '../runner/command-runner.js';

/** Which command fails and how: `before` fails without running it, `partial` runs half of a batch's lines (as `ip -batch` does when line N breaks), `after` runs it whole and still reports failure, `skipped` reports success without running it (a command that lies). */
export type InjectedFailure = {
  readonly match: (argv: readonly string[], input: string | undefined) => boolean;
  /** 1-based: the Nth matching command fails. */
  readonly nth?: number;
  readonly mode?: 'before' | 'partial' | 'after' | 'skipped';
};

/** Failure injection for transaction tests: delegates to a real runner but fails the Nth matching command. */
export class FailingRunner implements CommandRunner {
  readonly where: string;
  readonly #inner: CommandRunner;
  readonly #failure: InjectedFailure;
  #seen = 0;
  /** The argv of the command that was made to fail, once it has. */
  failed: readonly string[] | null = null;

  constructor(inner: CommandRunner, failure: InjectedFailure) {
    this.#inner = inner;
    this.#failure = failure;
    this.where = inner.where;
  }

  async run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    if (this.failed !== null || !this.#failure.match(argv, options.input))
      return this.#inner.run(argv, options);
    this.#seen += 1;
    if (this.#seen !== (this.#failure.nth ?? 1)) return this.#inner.run(argv, options);
    this.failed = argv;
    const mode = this.#failure.mode ?? 'before';
    if (mode === 'after') {
      await this.#inner.run(argv, options);
      return { stdout: '', stderr: 'injected failure after running\n', exitCode: 1 };
    }
    if (mode === 'skipped') return { stdout: '', stderr: '', exitCode: 0 };
    if (mode === 'partial' && options.input !== undefined) {
      const lines = options.input.split('\n').filter((line) => line !== '');
      const ran = Math.floor(lines.length / 2);
      if (ran > 0) await this.#inner.run(argv, { ...options, input: `${lines.slice(0, ran).join('\n')}\n` });
      return { stdout: '', stderr: `Error: injected failure\nCommand failed -:${ran + 1}\n`, exitCode: 1 };
    }
    return { stdout: '', stderr: 'injected failure\n', exitCode: 1 };
  }

  /** Holding (a lock) is never the injected failure: it goes to the real runner. */
  hold(argv: readonly string[], readyLine: string): Promise<HeldCommand> {
    return this.#inner.hold(argv, readyLine);
  }
}
