import type { CommandRunner, StreamingCommand } from '../runner/command-runner.js';

/** What one probe of one target came to: answered in time or not. */
export type ProbeListener = (ok: boolean) => void;

const SEQ_SPACE = 65_536;
const REPLY = /icmp_seq=(\d+).*time=([\d.]+)/;

/**
 * Probes one target from one source address with one long-running `ping` (`-I source`, so the
 * uplink's own rule and table carry it): a process per target rather than per probe keeps the idle
 * cost low. Probe n is due at anchor + (n-1)·interval; it succeeds when its reply comes within
 * `timeout` and fails at that deadline otherwise. Each reply re-anchors the schedule from its
 * round-trip time, so hours of ping's own timing never drift from ours. A ping that exits (its
 * source address vanished) is restarted; its probes fail meanwhile, as they should.
 */
export class PingProbe {
  readonly #runner: CommandRunner;
  readonly #argv: readonly string[];
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  readonly #listener: ProbeListener;
  #command: StreamingCommand | undefined;
  #timer: NodeJS.Timeout | undefined;
  #restart: NodeJS.Timeout | undefined;
  #stopped = false;
  /** Our number of the next probe to judge, and the ping seq our probe 1 of this process maps to. */
  #next = 1;
  #offset = 0;
  #anchor = 0;
  #answered = new Set<number>();

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
    this.#anchor = Date.now();
    this.#spawn();
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
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
    const now = Date.now();
    if (line.startsWith('PING ')) {
      // ping sends its seq 1 right after this header: map it to the next probe we judge.
      this.#offset = this.#next - 1;
      this.#anchor = now - this.#offset * this.#intervalMs;
      this.#schedule();
      return;
    }
    const match = REPLY.exec(line);
    if (match?.[1] === undefined) return;
    const seq = this.#ours(Number(match[1]));
    const sentAt = now - Number(match[2]);
    if (seq < this.#next || this.#answered.has(seq)) return;
    if (now > this.#due(seq) + this.#timeoutMs) return;
    this.#anchor = sentAt - (seq - 1) * this.#intervalMs;
    this.#answered.add(seq);
    this.#schedule();
    this.#listener(true);
  }

  // ping's seq is 16 bits: the full number is the one nearest the next probe we judge.
  #ours(printed: number): number {
    const delta =
      (((this.#offset + printed - this.#next) % SEQ_SPACE) + SEQ_SPACE + SEQ_SPACE / 2) % SEQ_SPACE;
    return this.#next + delta - SEQ_SPACE / 2;
  }

  #due(seq: number): number {
    return this.#anchor + (seq - 1) * this.#intervalMs;
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    if (this.#stopped) return;
    const wait = Math.max(0, this.#due(this.#next) + this.#timeoutMs - Date.now());
    this.#timer = setTimeout(() => this.#judge(), wait);
  }

  #judge(): void {
    const seq = this.#next;
    this.#next += 1;
    if (!this.#answered.delete(seq)) this.#listener(false);
    this.#schedule();
  }
}
