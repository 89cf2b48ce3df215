import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { execa } from 'execa';
import {
  type Command,
  type CommandResult,
  type CommandRunner,
  DEFAULT_TIMEOUT_MS,
  type HeldCommand,
  type RunOptions,
  type StreamingCommand,
} from './command-runner.js';
import { lineSplitter, tailKeeper } from './line-splitter.js';
import { runListInSh } from './sh-list.js';

/**
 * Every command starts under `setpriv --pdeathsig KILL`: when multihome dies (a SIGKILL, the OOM
 * killer), the kernel kills the command it was running, and a watch's monitor and probes, so a
 * half-run script of steps never goes on changing the host after the lock it ran under is gone.
 * The next run finds the write-ahead record.
 */
const DIE_WITH_PARENT = ['setpriv', '--pdeathsig', 'KILL'];

/** Runs commands on this host through execa, never through a shell. */
export class LocalRunner implements CommandRunner {
  readonly where: string;
  readonly #prefix: readonly string[];
  /** The whole environment of every command, or this process's when undefined. */
  readonly #env: Readonly<Record<string, string>> | undefined;

  /**
   * `prefix` is prepended to every argv; the namespace runner uses it for `ip netns exec NAME`.
   * `env`, when given, is the commands' whole environment instead of this process's (a command
   * entering a container gets the container's, as an exec would).
   */
  constructor(prefix: readonly string[] = [], where = 'local', env?: Readonly<Record<string, string>>) {
    this.#prefix = prefix;
    this.where = where;
    this.#env = env;
  }

  get #envOptions(): { env?: Record<string, string>; extendEnv?: boolean } {
    return this.#env === undefined ? {} : { env: { ...this.#env }, extendEnv: false };
  }

  async run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const [file, ...args] = [...DIE_WITH_PARENT, ...this.#prefix, ...argv];
    if (file === undefined) throw new TypeError('LocalRunner.run: empty argv');
    const result = await execa(file, args, {
      reject: false,
      stripFinalNewline: false,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      ...this.#envOptions,
      ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    });
    const exitCode = result.exitCode ?? (result.timedOut ? 124 : 1);
    const why = whyNoExitCode(result);
    const said = String(result.stderr);
    // The reason on a line of its own after what the command said, or alone when it said nothing.
    const stderr = why === '' ? said : [said.trimEnd(), why].filter((part) => part !== '').join('\n');
    return { stdout: String(result.stdout), stderr, exitCode };
  }

  async hold(argv: readonly string[], readyLine: string): Promise<HeldCommand> {
    const [file, ...args] = [...DIE_WITH_PARENT, ...this.#prefix, ...argv];
    if (file === undefined) throw new TypeError('LocalRunner.hold: empty argv');
    const child = execa(file, args, {
      reject: false,
      stdin: 'pipe',
      stripFinalNewline: false,
      ...this.#envOptions,
    });
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

  spawn(argv: readonly string[], onLine: (line: string) => void): StreamingCommand {
    // Under pdeathsig too: a watch killed with SIGKILL must not leave its `ip monitor`, or a `ping`
    // to a target that never answers, running for ever (no output, so no broken pipe ends them).
    const [file, ...args] = [...DIE_WITH_PARENT, ...this.#prefix, ...argv];
    if (file === undefined) throw new TypeError('LocalRunner.spawn: empty argv');
    // stdin is a pipe held open until stop: a holder like `flock FILE cat` ends with this process.
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], ...this.#envOptions });
    const stderr = tailKeeper();
    child.stdout.on('data', lineSplitter(onLine));
    child.stderr.on('data', stderr.add);
    child.stdin.on('error', () => undefined);
    const exited = new Promise<{ exitCode: number; stderr: string }>((resolve) => {
      child.on('error', (error) => resolve({ exitCode: 127, stderr: error.message }));
      child.on('close', (code, signal) =>
        resolve({
          exitCode: code ?? (signal === null ? 1 : 128 + constants.signals[signal]),
          stderr: stderr.text(),
        }),
      );
    });
    return {
      exited,
      stop: () => {
        child.stdin.end();
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      },
    };
  }

  runList(commands: readonly Command[]): Promise<CommandResult[]> {
    return runListInSh(this, commands);
  }
}

// A command that timed out, died of a signal or never started (E2BIG, EACCES) has no exit code of
// its own, and often no stderr: the reason is then the only thing its error message can say.
function whyNoExitCode(result: {
  readonly exitCode?: number | undefined;
  readonly timedOut: boolean;
  readonly signal?: string | undefined;
  readonly originalMessage?: string | undefined;
}): string {
  if (result.timedOut) return 'timed out';
  if (result.exitCode !== undefined) return '';
  if (result.signal !== undefined) return `killed by ${result.signal}`;
  return `could not start: ${result.originalMessage ?? 'no reason given'}`;
}
