import type { Topology } from '../../lab/index.js';
import { LabError } from '../../lab/index.js';
import type { FlowSpec, Protocol } from './flow.js';

/** Which flows to build: families, protocols, ports and the client that sends them. */
export type FlowSpecOptions = {
  readonly families?: readonly (4 | 6)[];
  readonly protocols?: readonly Protocol[];
  readonly client?: string;
  /** Uplinks (ISP names) to include; default all. */
  readonly uplinks?: readonly string[];
  /** Override the destination port per protocol (the wildcard UDP pitfall uses 9). */
  readonly ports?: Partial<Record<Protocol, number>>;
};

const DEFAULT_PORTS: Record<Protocol, number | undefined> = {
  icmp: undefined,
  tcp: 7,
  udp: 7,
  forward: 8080,
};

/** Every uplink × protocol of a topology, in table order (uplink first, then protocol). */
export function flowSpecs(topology: Topology, options: FlowSpecOptions = {}): FlowSpec[] {
  const families = options.families ?? [4];
  const lanHost = topology.lan?.hosts.find((host) => host.forwards.some((f) => f.protocol === 'tcp'));
  const forwardPort = lanHost?.forwards.find((f) => f.protocol === 'tcp');
  const protocols =
    options.protocols ?? (forwardPort ? ['icmp', 'tcp', 'udp', 'forward'] : ['icmp', 'tcp', 'udp']);
  const clientName = options.client ?? topology.clients[0]?.name;
  if (clientName === undefined)
    throw new LabError('TOPOLOGY_INVALID', `topology ${topology.name} has no client`, { source: 'user' });
  const client = topology.clients.find((c) => c.name === clientName);
  const specs: FlowSpec[] = [];
  for (const family of families) {
    if (!client?.addresses.some((a) => familyOf(a) === family)) continue;
    for (const isp of topology.isps) {
      if (options.uplinks && !options.uplinks.includes(isp.name)) continue;
      const target = isp.routerAddresses.find((a) => familyOf(a) === family);
      if (target === undefined) continue;
      for (const protocol of protocols) {
        const port =
          options.ports?.[protocol] ?? (protocol === 'forward' ? forwardPort?.port : DEFAULT_PORTS[protocol]);
        specs.push({
          uplink: isp.name,
          protocol,
          family,
          client: `client:${clientName}`,
          target: bare(target),
          ...(port === undefined ? {} : { port }),
          ...(protocol === 'forward' && lanHost ? { lanHost: lanHost.name } : {}),
        });
      }
    }
  }
  return specs;
}

/** 4 or 6 for an address with or without a prefix length. */
export function familyOf(address: string): 4 | 6 {
  return address.includes(':') ? 6 : 4;
}

function bare(address: string): string {
  return address.split('/')[0] ?? address;
}
