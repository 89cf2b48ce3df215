import { bareAddress, familyOf } from '../../applier/config/address.js';
import { LabError } from '../errors.js';
import { clientNode } from '../topology/node-names.js';
import type { Topology } from '../topology/types.js';
import type { FlowSpec, Protocol } from './flow.js';

/** Which flows to build: families, protocols, ports and the client that sends them. */
export type FlowSpecOptions = {
  /** Default: IPv4 only (the scenarios' fixes are per family); `flowMatrix` takes every family present. */
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

/** Inbound flows: every uplink × protocol of a topology, in table order (family, uplink, then protocol). */
export function flowSpecs(topology: Topology, options: FlowSpecOptions = {}): FlowSpec[] {
  const families = options.families ?? [4];
  const lanHost = topology.lan?.hosts.find((host) => host.forwards.some((f) => f.protocol === 'tcp'));
  const forwardPort = lanHost?.forwards.find((f) => f.protocol === 'tcp');
  const protocols =
    options.protocols ?? (forwardPort ? ['icmp', 'tcp', 'udp', 'forward'] : ['icmp', 'tcp', 'udp']);
  const clientName = options.client ?? topology.clients[0]?.name;
  const client = topology.clients.find((c) => c.name === clientName);
  if (client === undefined)
    throw new LabError('TOPOLOGY_INVALID', `topology ${topology.name} has no client ${clientName ?? ''}`, {
      source: 'user',
    });
  const specs: FlowSpec[] = [];
  for (const family of families) {
    const peer = client.addresses.find((a) => familyOf(a) === family);
    if (peer === undefined) continue;
    for (const isp of topology.isps) {
      if (options.uplinks && !options.uplinks.includes(isp.name)) continue;
      const target = isp.routerAddresses.find((a) => familyOf(a) === family);
      if (target === undefined) continue;
      for (const protocol of protocols) {
        // A forward exists only where the LAN host has an address of this family.
        if (protocol === 'forward' && !lanHost?.addresses.some((a) => familyOf(a) === family)) continue;
        const port =
          options.ports?.[protocol] ?? (protocol === 'forward' ? forwardPort?.port : DEFAULT_PORTS[protocol]);
        specs.push({
          uplink: isp.name,
          protocol,
          family,
          client: clientNode(client.name),
          target: bareAddress(target),
          peer,
          ...(port === undefined ? {} : { port }),
          ...(protocol === 'forward' && lanHost ? { lanHost: lanHost.name } : {}),
        });
      }
    }
  }
  return specs;
}

/** The families a topology's router has uplink addresses in, IPv4 first. */
export function familiesOf(topology: Topology): (4 | 6)[] {
  const present = new Set(topology.isps.flatMap((isp) => isp.routerAddresses.map((a) => familyOf(a))));
  return ([4, 6] as const).filter((family) => present.has(family));
}
