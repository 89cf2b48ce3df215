import type { StreamingCommand } from '../../runner/command-runner.js';
import { FakeRunner } from '../../test-support/fake-runner.js';

/** One `ping` a FakePings runner started: its argv, a way to make it print, and whether it was stopped. */
export type FakePing = {
  readonly argv: readonly string[];
  /** Prints the reply line real `ping` prints for sequence `seq` answered after `rttMs`. */
  reply(rttMs: number, seq?: number): void;
  /** Ends it by itself, as a ping whose source address vanished does. */
  exit(code?: number): void;
  readonly stopped: boolean;
};

/**
 * A FakeRunner whose `spawn` starts nothing: it records each command so a test (with fake timers)
 * decides what each `ping` prints and when. The line callback stays live after a stop, as the lines a
 * real process printed just before its end can still arrive.
 */
export class FakePings extends FakeRunner {
  readonly pings: FakePing[] = [];

  spawn(argv: readonly string[], onLine: (line: string) => void): StreamingCommand {
    let end: (result: { exitCode: number; stderr: string }) => void = () => undefined;
    const exited = new Promise<{ exitCode: number; stderr: string }>((resolve) => {
      end = resolve;
    });
    const ping = {
      argv,
      stopped: false,
      reply: (rttMs: number, seq = 1) =>
        onLine(`64 bytes from ${argv.at(-1)}: icmp_seq=${seq} ttl=64 time=${rttMs.toFixed(3)} ms`),
      exit: (code = 2) => end({ exitCode: code, stderr: '' }),
    };
    this.pings.push(ping);
    return {
      exited,
      stop: () => {
        ping.stopped = true;
        end({ exitCode: 143, stderr: '' });
      },
    };
  }

  /** The latest ping started; fails the test when none was. */
  latest(): FakePing {
    const ping = this.pings.at(-1);
    if (ping === undefined) throw new Error('FakePings: no ping was started');
    return ping;
  }
}
