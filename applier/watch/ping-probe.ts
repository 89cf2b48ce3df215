import type { CommandRunner, StreamingCommand } from '../runner/command-runner.js';

/** What one probe of one target came to: answered in time or not. */
export type ProbeListener = (ok: boolean) => void;

const REPLY = /bytes from .*time=([\d.]+) ms/;

/**
 * Probes one target from one source address with one long-running `ping` (`-I source`, so the
 * uplink's own rule and table carry it): a process per target rather than per probe keeps the idle
 * cost low. A reply within `timeout` is a success at once; the next probe's deadline is then its
 * send time (the reply's send time plus `interval`) plus `timeout`, and each deadline that passes
 * without a reply is a failure. Deadlines follow ping's real send times, never its sequence numbers,
 * which stop advancing while the neighbour is unreachable. A ping that exits (its source address
 * vanished) is restarted; its probes fail meanwhile, as they should.
 */
export class PingProbe {
  readonly #runner: CommandRunner;
  readonly #argv: readonly string[];
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #listener: ProbeListener;
  #command: StreamingCommand | undefined;
  #deadline: NodeJS.Timeout | undefined;
  #restart: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    runner: CommandRunner,
    source: string,
    target: string,
    timing: { readonly intervalMs: number; readonly timeoutMs: number },
    listener: ProbeListener,
  ) {
    this.#runner = runner;
    this.#intervalMs = timing.intervalMs;
    this.#timeoutMs = timing.timeoutMs;
    this.#listener = listener;
    const seconds = (timing.intervalMs / 1000).toFixed(3);
    this.#argv = ['ping', '-n', '-I', source, '-i', seconds, target];
  }

  /** Starts pinging; results arrive through the listener until `stop`. */
  start(): void {
    this.#spawn();
    this.#arm(this.#timeoutMs);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#deadline);
    clearTimeout(this.#restart);
    this.#command?.stop();
  }

  #spawn(): void {
    if (this.#stopped || this.#runner.spawn === undefined) return;
    const command = this.#runner.spawn(this.#argv, (line) => this.#line(line));
    this.#command = command;
    void command.exited.then(() => {
      if (this.#stopped || this.#command !== command) return;
      this.#restart = setTimeout(() => this.#spawn(), this.#intervalMs);
    });
  }

  #line(line: string): void {
    const rtt = REPLY.exec(line)?.[1];
    if (rtt === undefined || line.includes('DUP!')) return;
    if (Number(rtt) > this.#timeoutMs) return;
    // The next probe leaves one interval after this one did; it has `timeout` to be answered.
    this.#arm(this.#intervalMs - Number(rtt) + this.#timeoutMs);
    this.#listener(true);
  }

  #arm(ms: number): void {
    clearTimeout(this.#deadline);
    if (this.#stopped) return;
    this.#deadline = setTimeout(
      () => {
        this.#arm(this.#intervalMs);
        this.#listener(false);
      },
      Math.max(0, ms),
    );
  }
}
