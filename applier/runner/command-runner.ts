/** What a command printed and how it ended. A non-zero exit is data here, not an exception. */
export type CommandResult = {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
};

/** Options for one command: bytes for its stdin, and a deadline after which it is killed. */
export type RunOptions = {
  readonly input?: string;
  readonly timeoutMs?: number;
};

/**
 * A command kept running for as long as its caller needs it: the holder of a lock. Either it said
 * it is ready (its stdout so far ends with the ready line) and runs on until `release()`, or it
 * ended first and `result` says how.
 */
export type HeldCommand =
  | { readonly ready: true; readonly stdout: string; release(): Promise<void> }
  | { readonly ready: false; readonly result: CommandResult };

/**
 * A long-running command started by `CommandRunner.spawn`: its stdout arrives line by line through
 * the callback given there. `stop` ends it (and closes its stdin); `exited` settles once it is gone,
 * with its exit code (or 143 for a stop) and the tail of its stderr.
 */
export type StreamingCommand = {
  readonly exited: Promise<{ readonly exitCode: number; readonly stderr: string }>;
  stop(): void;
};

/**
 * One command of a list: its argv and bytes for its stdin. `mayFail` lets the commands after it run
 * even when it fails (a read whose failure is an answer, such as an absent nft table).
 */
export type Command = {
  readonly argv: readonly string[];
  readonly input?: string;
  readonly mayFail?: boolean;
};

/**
 * The one door every side effect goes through. The applier drives the local host, a network
 * namespace or a container through this interface alone, so the same code serves all three.
 */
export interface CommandRunner {
  /** Human-readable place the commands run, for error messages: `local`, `netns mh-a`, `container lab-router`. */
  readonly where: string;
  run(argv: readonly string[], options?: RunOptions): Promise<CommandResult>;
  /**
   * Starts `argv` with its stdin kept open and resolves once its stdout ends with the line
   * `readyLine`, or once it ends. It then runs until `release()` closes its stdin, or until this
   * process dies, which closes that stdin too: so a lock it holds can never outlive its owner.
   */
  hold(argv: readonly string[], readyLine: string): Promise<HeldCommand>;
  /**
   * Starts a command that runs until stopped and streams its stdout line by line (`ip monitor`,
   * `ping`), for `watch`. Its stdin stays open until `stop`. Optional: only `watch` needs it, and it
   * names a runner without it; a lock holder uses `hold`, which needs no lines after ready.
   */
  spawn?(argv: readonly string[], onLine: (line: string) => void): StreamingCommand;
  /**
   * Runs `commands` in order and stops after the first that fails (unless it `mayFail`); one result
   * per command that ran. Optional: `runList` runs them one by one through `run` when a runner has
   * no cheaper way (the real runners start one `sh` for the whole list).
   */
  runList?(commands: readonly Command[]): Promise<CommandResult[]>;
}

/** Default deadline for one command; a hung `ip` or `nft` must not hang the applier. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Runs a list of commands with the runner's own `runList`, or else one by one with the same stops. */
export async function runList(
  runner: Pick<CommandRunner, 'where' | 'run' | 'runList'>,
  commands: readonly Command[],
): Promise<CommandResult[]> {
  if (runner.runList) return runner.runList(commands);
  const results: CommandResult[] = [];
  for (const { argv, input, mayFail } of commands) {
    const result = await runner.run(argv, input === undefined ? {} : { input });
    results.push(result);
    if (result.exitCode !== 0 && !mayFail) break;
  }
  return results;
}
