import { bareAddress, familyOf } from '../../applier/model/address.js';
import { LabError } from '../errors.js';
import { lanHostsOf } from '../topology/lans.js';
import { clientNode } from '../topology/node-names.js';
import type { LanHost, Topology } from '../topology/types.js';
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

const DEFAULT_PORTS: Record<Exclude<Protocol, 'forward'>, number | undefined> = {
  icmp: undefined,
  tcp: 7,
  udp: 7,
};

/**
 * Inbound flows: every uplink × protocol of a topology, in table order (family, uplink, then protocol).
 * `forward` is one flow per declared port forward (LAN host × forward), each to its own host and port.
 */
export function flowSpecs(topology: Topology, options: FlowSpecOptions = {}): FlowSpec[] {
  const families = options.families ?? [4];
  const forwards = portForwards(topology);
  const protocols =
    options.protocols ?? (forwards.length > 0 ? ['icmp', 'tcp', 'udp', 'forward'] : ['icmp', 'tcp', 'udp']);
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
      const base = {
        uplink: isp.name,
        family,
        client: clientNode(client.name),
        target: bareAddress(target),
        peer,
      };
      for (const protocol of protocols) {
        if (protocol !== 'forward') {
          const port = options.ports?.[protocol] ?? DEFAULT_PORTS[protocol];
          specs.push({ ...base, protocol, ...(port === undefined ? {} : { port }) });
          continue;
        }
        // A forward exists only where its LAN host has an address of this family.
        for (const { host, forward } of forwards)
          if (host.addresses.some((a) => familyOf(a) === family))
            specs.push({
              ...base,
              protocol,
              port: options.ports?.forward ?? forward.port,
              lanHost: host.name,
              transport: forward.protocol,
            });
      }
    }
  }
  return specs;
}

// Every port forward of every LAN host, in topology order.
function portForwards(topology: Topology): { host: LanHost; forward: LanHost['forwards'][number] }[] {
  return lanHostsOf(topology).flatMap(({ host }) => host.forwards.map((forward) => ({ host, forward })));
}

/** The families a topology's router has uplink addresses in, IPv4 first. */
export function familiesOf(topology: Topology): (4 | 6)[] {
  const present = new Set(topology.isps.flatMap((isp) => isp.routerAddresses.map((a) => familyOf(a))));
  return ([4, 6] as const).filter((family) => present.has(family));
}
