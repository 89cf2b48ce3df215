import type { LanHost, PlannedService, Topology } from './types.js';
import { udpResponderArgv } from './udp-responder.js';

/** The line a LAN host's services answer with, so a client can tell which host it reached. */
export function lanGreeting(host: string): string {
  return `hello from ${host}`;
}

/** The ports of the router's echo services below, which the flows probe on every uplink address. */
export const ROUTER_ECHO_PORTS: readonly string[] = ['tcp/7', 'udp/7', 'udp/9'];

/**
 * The router's echo services: TCP 7 on every address, UDP 7 bound per uplink address (replies leave from
 * the address asked), and UDP 9 bound to the wildcard (replies leave from whatever routing picks: the pitfall).
 */
export function routerServices(topology: Topology): PlannedService[] {
  const addresses = topology.isps.flatMap((isp) => isp.routerAddresses);
  const udp = [
    ...addresses.map((host) => ({ host, port: 7 })),
    { host: '0.0.0.0', port: 9 },
    { host: '::', port: 9, v6only: true },
  ];
  return [
    {
      argv: ['socat', 'TCP6-LISTEN:7,ipv6only=0,fork,reuseaddr', 'EXEC:cat'],
      description: 'TCP echo on port 7 (all addresses)',
    },
    {
      argv: udpResponderArgv(udp),
      description: `UDP echo on port 7 of ${addresses.join(', ')} (bound) and on port 9 of 0.0.0.0 and [::] (wildcard)`,
      listeners: udp.length,
    },
  ];
}

/** A LAN host's services: one per forwarded target port (TCP 80 at least), answering `lanGreeting`. */
export function lanHostServices(host: LanHost): PlannedService[] {
  const targets = new Map<string, { protocol: 'tcp' | 'udp'; port: number }>([
    ['tcp/80', { protocol: 'tcp', port: 80 }],
  ]);
  for (const forward of host.forwards)
    targets.set(`${forward.protocol}/${forward.to}`, { protocol: forward.protocol, port: forward.to });
  const answer = `SYSTEM:echo ${lanGreeting(host.name)}`;
  const tcp = [...targets.values()].filter((target) => target.protocol === 'tcp');
  const udp = [...targets.values()].filter((target) => target.protocol === 'udp');
  // UDP: one process answers every datagram (socat's RECVFROM fork wedges on datagrams that arrive together).
  return [
    ...tcp.map(({ port }) => ({
      argv: ['socat', `TCP6-LISTEN:${port},ipv6only=0,fork,reuseaddr`, answer],
      description: `TCP ${port} answering "${lanGreeting(host.name)}"`,
    })),
    ...(udp.length === 0
      ? []
      : [
          {
            argv: udpResponderArgv(
              udp.map(({ port }) => ({ host: '::', port })),
              lanGreeting(host.name),
            ),
            description: `UDP ${udp.map(({ port }) => port).join(', ')} answering "${lanGreeting(host.name)}"`,
            listeners: udp.length,
          },
        ]),
  ];
}
