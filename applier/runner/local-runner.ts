import { execa } from 'execa';
import {
  type Command,
  type CommandResult,
  type CommandRunner,
  DEFAULT_TIMEOUT_MS,
  type RunOptions,
} from './command-runner.js';
import { runListInSh } from './sh-list.js';

/** Runs commands on this host through execa, never through a shell. */
export class LocalRunner implements CommandRunner {
  readonly where: string;
  readonly #prefix: readonly string[];

  /** `prefix` is prepended to every argv; the namespace runner uses it for `ip netns exec NAME`. */
  constructor(prefix: readonly string[] = [], where = 'local') {
    this.#prefix = prefix;
    this.where = where;
  }

  async run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const [file, ...args] = [...this.#prefix, ...argv];
    if (file === undefined) throw new TypeError('LocalRunner.run: empty argv');
    const result = await execa(file, args, {
      reject: false,
      stripFinalNewline: false,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    });
    const exitCode = result.exitCode ?? (result.timedOut ? 124 : 1);
    const stderr = result.timedOut ? `${String(result.stderr)}\ntimed out` : String(result.stderr);
    return { stdout: String(result.stdout), stderr, exitCode };
  }

  runList(commands: readonly Command[]): Promise<CommandResult[]> {
    return runListInSh(this, commands);
  }
}
