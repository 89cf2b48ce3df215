import { lanGreeting } from '../../lab/index.js';
import type { FlowSpec } from './flow.js';

/** The client-side command for one flow and how to judge its output. */
export type Probe = {
  readonly argv: readonly string[];
  /** True when the exchange completed: the echo came back, or the LAN server answered. */
  readonly succeeded: (result: { stdout: string; exitCode: number }) => boolean;
};

/** Seconds each probe waits for an answer; a reply sent via the wrong gateway never arrives. */
export const PROBE_WAIT_SECONDS = 1;

/** Builds the probe for a flow; `token` makes the echoed payload unique to this flow. */
export function probeFor(spec: FlowSpec, token: string): Probe {
  const w = PROBE_WAIT_SECONDS;
  const host = spec.family === 6 ? `[${spec.target}]` : spec.target;
  switch (spec.protocol) {
    case 'icmp':
      return {
        argv: ['ping', `-${spec.family}`, '-c1', `-W${w}`, '-n', spec.target],
        succeeded: (r) => r.exitCode === 0,
      };
    case 'tcp':
      return echo(`TCP${spec.family}:${host}:${spec.port ?? 7},connect-timeout=${w}`, token, w);
    case 'udp':
      return echo(`UDP${spec.family}:${host}:${spec.port ?? 7}`, token, w);
    case 'forward':
      // Reads only (-u): sending a request races the LAN server's `echo`, which may exit before
      // socat hands it the bytes, and then the greeting is lost.
      return {
        argv: [
          'socat',
          '-u',
          `-T${w}`,
          `TCP${spec.family}:${host}:${spec.port ?? 8080},connect-timeout=${w}`,
          'STDOUT',
        ],
        succeeded: (r) => r.stdout.includes(lanGreeting(spec.lanHost ?? '')),
      };
  }
}

function echo(address: string, token: string, wait: number): Probe {
  return {
    argv: ['sh', '-c', `printf '%s\\n' '${token}' | socat -T${wait} - ${address}`],
    succeeded: (r) => r.stdout.includes(token),
  };
}
