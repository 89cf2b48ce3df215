import { execa } from 'execa';
import {
  type Command,
  type CommandResult,
  type CommandRunner,
  DEFAULT_TIMEOUT_MS,
  type HeldCommand,
  type RunOptions,
} from './command-runner.js';
import { runListInSh } from './sh-list.js';

/**
 * Every command starts under `setpriv --pdeathsig KILL`: when multihome dies (a SIGKILL, the OOM
 * killer), the kernel kills the command it was running, so a half-run script of steps never goes on
 * changing the host after the lock it ran under is gone. The next run finds the write-ahead record.
 */
const DIE_WITH_PARENT = ['setpriv', '--pdeathsig', 'KILL'];

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
    const [file, ...args] = [...DIE_WITH_PARENT, ...this.#prefix, ...argv];
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

  async hold(argv: readonly string[], readyLine: string): Promise<HeldCommand> {
    const [file, ...args] = [...DIE_WITH_PARENT, ...this.#prefix, ...argv];
    if (file === undefined) throw new TypeError('LocalRunner.hold: empty argv');
    const child = execa(file, args, { reject: false, stdin: 'pipe', stripFinalNewline: false });
    let stdout = '';
    const ready = new Promise<true>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (stdout.endsWith(`${readyLine}\n`)) resolve(true);
      });
    });
    const ended = child.then((result) => result);
    const first = await Promise.race([ready, ended]);
    if (first === true) {
      return {
        ready: true,
        stdout,
        release: async () => {
          child.stdin.end();
          await ended;
        },
      };
    }
    return {
      ready: false,
      result: { stdout: String(first.stdout), stderr: String(first.stderr), exitCode: first.exitCode ?? 1 },
    };
  }

  runList(commands: readonly Command[]): Promise<CommandResult[]> {
    return runListInSh(this, commands);
  }
}
