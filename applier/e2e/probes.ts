import { randomBytes } from 'node:crypto';
import type { NetnsWorld } from './netns-world.js';
import { LAN_BANNER, PORTS, type RouterAddress } from './world/layout.js';

/** How long a probe waits for an answer; a reply sent to the wrong gateway never comes. */
export const PROBE_TIMEOUT_S = 3;

/** The result of one probe from the client: did the exchange complete, and what came back. */
export type ProbeResult = { readonly ok: boolean; readonly detail: string };

/** The kinds of exchange the client tries against one router address. */
export type ProbeKind = 'ping' | 'tcp-echo' | 'udp-echo' | 'port-forward';

const hostPort = (target: RouterAddress, port: number) =>
  target.family === 6 ? `[${target.address}]:${port}` : `${target.address}:${port}`;

/** One ICMP echo (any reply within the deadline counts). */
export async function ping(world: NetnsWorld, target: RouterAddress): Promise<ProbeResult> {
  const argv = ['ping', `-${target.family}`, '-n', '-c', '1', '-w', String(PROBE_TIMEOUT_S), target.address];
  const result = await world.exec('client', argv);
  return { ok: result.exitCode === 0, detail: `${argv.join(' ')} → exit ${result.exitCode}` };
}

/** TCP connect to the router's echo service; ok only when the random token comes back. */
export async function tcpEcho(world: NetnsWorld, target: RouterAddress): Promise<ProbeResult> {
  const peer = `TCP${target.family}:${hostPort(target, PORTS.echo)},connect-timeout=${PROBE_TIMEOUT_S}`;
  return exchange(world, peer, token(), (sent, got) => got === sent);
}

/** UDP datagram to the echo service bound to that address; ok only when the token comes back. */
export async function udpEcho(world: NetnsWorld, target: RouterAddress): Promise<ProbeResult> {
  const peer = `UDP${target.family}:${hostPort(target, PORTS.echo)}`;
  return exchange(world, peer, token(), (sent, got) => got === sent, 1);
}

/** TCP to the router's port forward; ok only when the LAN server's banner and the token come back. */
export async function portForward(world: NetnsWorld, target: RouterAddress): Promise<ProbeResult> {
  const peer = `TCP${target.family}:${hostPort(target, PORTS.forward)},connect-timeout=${PROBE_TIMEOUT_S}`;
  return exchange(world, peer, token(), (sent, got) => got === `${LAN_BANNER} ${sent}`);
}

/** Runs one probe by kind. */
export function probe(world: NetnsWorld, kind: ProbeKind, target: RouterAddress): Promise<ProbeResult> {
  const run = { ping, 'tcp-echo': tcpEcho, 'udp-echo': udpEcho, 'port-forward': portForward }[kind];
  return run(world, target);
}

async function exchange(
  world: NetnsWorld,
  peer: string,
  sent: string,
  accept: (sent: string, got: string) => boolean,
  linger = PROBE_TIMEOUT_S,
): Promise<ProbeResult> {
  const argv = ['socat', '-t', String(linger), '-T', String(PROBE_TIMEOUT_S), '-', peer];
  const result = await world.exec('client', argv, {
    input: sent,
    timeoutMs: (PROBE_TIMEOUT_S + linger + 5) * 1000,
  });
  const ok = result.exitCode === 0 && accept(sent, result.stdout);
  const why = `exit ${result.exitCode}, got ${JSON.stringify(result.stdout)} ${result.stderr.trim()}`;
  return { ok, detail: `socat ${peer} → ${why}` };
}

function token(): string {
  return `probe-${randomBytes(4).toString('hex')}\n`;
}
