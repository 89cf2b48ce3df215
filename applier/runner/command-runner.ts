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
 * A long-running command started by `CommandRunner.spawn`: its stdout arrives line by line through
 * the callback given there. `stop` ends it (and closes its stdin); `exited` settles once it is gone,
 * with its exit code (or 143 for a stop) and the tail of its stderr.
 */
export type StreamingCommand = {
  readonly exited: Promise<{ readonly exitCode: number; readonly stderr: string }>;
  stop(): void;
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
   * Starts a command that runs until stopped (`ip monitor`, `ping`, an `flock` holder), for `watch`.
   * Its stdin stays open until `stop`, so a holder such as `flock … cat` lives exactly as long as
   * the caller. Optional: one-shot commands never need it; `streamingOf` names a runner without it.
   */
  spawn?(argv: readonly string[], onLine: (line: string) => void): StreamingCommand;
}

/** Default deadline for one command; a hung `ip` or `nft` must not hang the applier. */
export const DEFAULT_TIMEOUT_MS = 30_000;
