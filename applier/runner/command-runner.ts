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
 * The one door every side effect goes through. The applier drives the local host, a network
 * namespace or a container through this interface alone, so the same code serves all three.
 */
export interface CommandRunner {
  /** Human-readable place the commands run, for error messages: `local`, `netns mh-a`, `container lab-router`. */
  readonly where: string;
  run(argv: readonly string[], options?: RunOptions): Promise<CommandResult>;
}

/** Default deadline for one command; a hung `ip` or `nft` must not hang the applier. */
export const DEFAULT_TIMEOUT_MS = 30_000;
