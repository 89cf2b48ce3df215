import { lanGreeting } from '../topology/lab-services.js';
import type { FlowSpec } from './flow.js';

/** The sending node's command for one flow and how to judge its output. */
export type Probe = {
  readonly argv: readonly string[];
  /** True when the exchange completed: the echo came back, or the LAN server answered. */
  readonly succeeded: (result: { stdout: string; exitCode: number }) => boolean;
};

/**
 * Seconds a probe waits for an answer: the last resort only. A reply that died at the wrong gateway is
 * decided as soon as that gateway's drop counter for the flow moves.
 */
export const PROBE_WAIT_SECONDS = 1;

/**
 * Builds the probe for a flow. `tag` is the flow's own client port (TCP, UDP, forward) or ICMP echo id,
 * which the gateways' per-flow sets count by; it also makes the echoed payload unique to the flow.
 */
export function probeFor(spec: FlowSpec, tag: number, wait = PROBE_WAIT_SECONDS): Probe {
  const host = spec.family === 6 ? `[${spec.target}]` : spec.target;
  const token = `mh-${spec.uplink}-${spec.protocol}-${tag}`;
  switch (spec.protocol) {
    case 'icmp':
      return {
        argv: [
          'ping',
          `-${spec.family}`,
          '-c1',
          `-W${wait}`,
          '-n',
          '-e',
          String(tag),
          ...(spec.outbound?.source === undefined ? [] : ['-I', spec.outbound.source]),
          spec.target,
        ],
        succeeded: (r) => r.exitCode === 0,
      };
    case 'tcp':
      return echo(
        `TCP${spec.family}:${host}:${spec.port ?? 7},connect-timeout=${wait},sourceport=${tag}`,
        token,
        wait,
      );
    case 'udp':
      // A datagram has no end: without readbytes socat would wait out its timeout after the echo.
      return echo(
        `UDP${spec.family}:${host}:${spec.port ?? 7},sourceport=${tag},readbytes=${token.length + 1}`,
        token,
        wait,
      );
    case 'forward': {
      const greeting = lanGreeting(spec.lanHost ?? '');
      // A datagram starts the LAN server's answer; readbytes ends the wait once the greeting is in.
      if (spec.transport === 'udp')
        return {
          ...echo(
            `UDP${spec.family}:${host}:${spec.port ?? 8080},sourceport=${tag},readbytes=${greeting.length + 1}`,
            token,
            wait,
          ),
          succeeded: (r) => r.stdout.includes(greeting),
        };
      // Reads only (-u): sending a request races the LAN server's `echo`, which may exit before
      // socat hands it the bytes, and then the greeting is lost.
      return {
        argv: [
          'socat',
          '-u',
          `-T${wait}`,
          `TCP${spec.family}:${host}:${spec.port ?? 8080},connect-timeout=${wait},sourceport=${tag}`,
          'STDOUT',
        ],
        succeeded: (r) => r.stdout.includes(greeting),
      };
    }
  }
}

function echo(address: string, token: string, wait: number): Probe {
  return {
    // -t: after stdin's end, wait as long for the echo as -T allows (socat's default is 0.5 s).
    argv: ['sh', '-c', `printf '%s\\n' '${token}' | socat -T${wait} -t${wait} - ${address}`],
    succeeded: (r) => r.stdout.includes(token),
  };
}
