import type { CommandRunner, StreamingCommand } from '../runner/command-runner.js';

/** What one probe of one target came to: answered in time or not. */
export type ProbeListener = (ok: boolean) => void;

/** When a target is probed: every `intervalMs`, every `failureIntervalMs` after a miss, each given `timeoutMs`. */
export type ProbeTiming = {
  readonly intervalMs: number;
  readonly failureIntervalMs: number;
  readonly timeoutMs: number;
};

const REPLY = /bytes from .*time=([\d.]+) ms/;

/**
 * The longest a target can take to fail `down` probes in a row after it dies: it dies just after an
 * answered probe left; the next leaves an interval later and fails `timeout` after it; the failure-rate
 * ping starts `failureInterval` after that probe left, or at once when that has passed.
 */
export function worstDetectionMs(timing: ProbeTiming, down: number): number {
  const { intervalMs, failureIntervalMs, timeoutMs } = timing;
  if (down <= 1) return intervalMs + timeoutMs;
  return intervalMs + Math.max(timeoutMs, failureIntervalMs) + (down - 2) * failureIntervalMs + timeoutMs;
}

/**
 * Probes one target from one source address with one long-running `ping` (`-I source`, so the
 * uplink's own rule and table carry it): a process per target rather than per probe keeps the idle
 * cost low. A reply within `timeout` is a success at once; the next probe's deadline is then its
 * send time plus `timeout`, and each deadline that passes without a reply is a failure. Deadlines
 * follow ping's real send times, never its sequence numbers, which stop advancing while the
 * neighbour is unreachable.
 *
 * After a miss the target is probed every `failureInterval` (mwan3's failure_interval), after a reply
 * every `interval` again: a change of rate replaces the `ping` by one with the other `-i`, spawned
 * when its first echo is due (ping sends that at once). Lines of a replaced `ping` are ignored, so a
 * late reply never counts twice. A ping that exits (its source address vanished) is restarted after
 * an interval; its probes fail meanwhile, as they should.
 */
export class PingProbe {
  readonly #runner: CommandRunner;
  readonly #source: string;
  readonly #target: string;
  readonly #timing: ProbeTiming;
  readonly #listener: ProbeListener;
  #rateMs: number;
  #command: StreamingCommand | undefined;
  #generation = 0;
  #deadline: NodeJS.Timeout | undefined;
  #restart: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    runner: CommandRunner,
    source: string,
    target: string,
    timing: ProbeTiming,
    listener: ProbeListener,
  ) {
    this.#runner = runner;
    this.#source = source;
    this.#target = target;
    this.#timing = timing;
    this.#rateMs = timing.intervalMs;
    this.#listener = listener;
  }

  /** Starts pinging; results arrive through the listener until `stop`. */
  start(): void {
    this.#launch(this.#timing.intervalMs, 0);
  }

  /** Ends the ping; nothing it still prints counts. */
  stop(): void {
    this.#stopped = true;
    this.#generation += 1;
    clearTimeout(this.#deadline);
    clearTimeout(this.#restart);
    this.#command?.stop();
  }

  // Replaces the running ping by one at `rateMs`, spawned in `delayMs`; its first echo leaves then.
  #launch(rateMs: number, delayMs: number): void {
    this.#rateMs = rateMs;
    this.#generation += 1;
    this.#command?.stop();
    this.#command = undefined;
    clearTimeout(this.#restart);
    if (delayMs > 0) this.#restart = setTimeout(() => this.#spawn(), delayMs);
    else this.#spawn();
    this.#arm(delayMs + this.#timing.timeoutMs);
  }

  #spawn(): void {
    if (this.#stopped || this.#runner.spawn === undefined) return;
    const generation = this.#generation;
    const seconds = (this.#rateMs / 1000).toFixed(3);
    const argv = ['ping', '-n', '-I', this.#source, '-i', seconds, this.#target];
    const command = this.#runner.spawn(argv, (line) => {
      if (generation === this.#generation) this.#line(line);
    });
    this.#command = command;
    void command.exited.then(() => {
      if (this.#stopped || this.#command !== command) return;
      this.#restart = setTimeout(() => this.#spawn(), this.#timing.intervalMs);
    });
  }

  #line(line: string): void {
    const rtt = REPLY.exec(line)?.[1];
    if (rtt === undefined || line.includes('DUP!')) return;
    const { intervalMs, timeoutMs } = this.#timing;
    if (Number(rtt) > timeoutMs) return;
    // The next probe leaves one interval after this one did; it has `timeout` to be answered.
    const nextSend = intervalMs - Number(rtt);
    if (this.#rateMs === intervalMs) this.#arm(nextSend + timeoutMs);
    else this.#launch(intervalMs, Math.max(0, nextSend));
    this.#listener(true);
  }

  #arm(ms: number): void {
    clearTimeout(this.#deadline);
    if (this.#stopped) return;
    this.#deadline = setTimeout(() => this.#missed(), Math.max(0, ms));
  }

  // A deadline passed unanswered: the next probe leaves `failureInterval` after this one did.
  #missed(): void {
    const { failureIntervalMs, timeoutMs } = this.#timing;
    if (this.#rateMs === failureIntervalMs) this.#arm(failureIntervalMs);
    else this.#launch(failureIntervalMs, Math.max(0, failureIntervalMs - timeoutMs));
    this.#listener(false);
  }
}
