import { LAN, LAN_BANNER, PORTS, ROUTER_ADDRESSES, type Role } from './layout.js';

/** One service of the world: the socat command and the `ss` line that shows it listening. */
export type Service = {
  readonly role: Role;
  readonly argv: readonly string[];
  readonly protocol: 'tcp' | 'udp';
  readonly local: string;
};

/**
 * The services: a TCP echo on the router (every address, both families), a UDP echo bound to each
 * uplink address (a wildcard UDP socket would answer from whatever source routing picks), and the
 * LAN server that the port forwards reach. The LAN server reads the request line before answering:
 * closing a socket with unread data sends a RST, which can destroy the answer in flight.
 */
export function worldServices(): Service[] {
  const udp = ROUTER_ADDRESSES.map((entry): Service => {
    const host = entry.family === 6 ? `[${entry.address}]` : entry.address;
    return {
      role: 'router',
      argv: ['socat', `UDP${entry.family}-RECVFROM:${PORTS.echo},bind=${host},reuseaddr,fork`, 'PIPE'],
      protocol: 'udp',
      local: `${host}:${PORTS.echo}`,
    };
  });
  return [
    {
      role: 'router',
      argv: ['socat', `TCP6-LISTEN:${PORTS.echo},ipv6only=0,reuseaddr,fork`, 'PIPE'],
      protocol: 'tcp',
      local: `*:${PORTS.echo}`,
    },
    ...udp,
    {
      role: 'lan',
      argv: ['socat', `TCP4-LISTEN:${LAN.port},reuseaddr,fork`, `SYSTEM:read line; echo ${LAN_BANNER} $line`],
      protocol: 'tcp',
      local: `0.0.0.0:${LAN.port}`,
    },
  ];
}
