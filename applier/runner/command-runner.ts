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
}

/** Default deadline for one command; a hung `ip` or `nft` must not hang the applier. */
export const DEFAULT_TIMEOUT_MS = 30_000;
