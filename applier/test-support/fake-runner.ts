import { readFileSync } from 'node:fs';
import type { CommandResult, CommandRunner, HeldCommand, RunOptions } from '../runner/command-runner.js';

/** One canned answer: stdout alone for a success, or a whole result for failures. */
export type CannedResult = string | Partial<CommandResult>;

/**
 * A CommandRunner for unit tests, passed in instead of module-mocking: it answers argv (joined by
 * spaces) from a table, records every call, and fails loudly on a command it was not told about.
 */
export class FakeRunner implements CommandRunner {
  readonly where = 'fake';
  readonly calls: { argv: readonly string[]; input?: string }[] = [];
  readonly #answers = new Map<string, CannedResult>();

  constructor(answers: Readonly<Record<string, CannedResult>> = {}) {
    for (const [argv, result] of Object.entries(answers)) this.#answers.set(argv, result);
  }

  /** Adds or overrides the answer for one argv. */
  on(argv: readonly string[], result: CannedResult): this {
    this.#answers.set(argv.join(' '), result);
    return this;
  }

  async run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    this.calls.push({ argv, ...(options.input === undefined ? {} : { input: options.input }) });
    const answer = this.#answers.get(argv.join(' '));
    if (answer === undefined) {
      return { stdout: '', stderr: `FakeRunner: no answer for \`${argv.join(' ')}\``, exitCode: 127 };
    }
    if (typeof answer === 'string') return { stdout: answer, stderr: '', exitCode: 0 };
    return { stdout: answer.stdout ?? '', stderr: answer.stderr ?? '', exitCode: answer.exitCode ?? 0 };
  }

  /** Answers like `run`; an answer whose stdout ends with the ready line is a held command, released at once. */
  async hold(argv: readonly string[], readyLine: string): Promise<HeldCommand> {
    const result = await this.run(argv);
    if (!result.stdout.endsWith(`${readyLine}\n`)) return { ready: false, result };
    return { ready: true, stdout: result.stdout, release: async () => {} };
  }
}

/** The text of a fixture captured from a real kernel by capture-fixtures.sh. */
export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}
