import { bareAddress, familyOf } from '../../applier/model/address.js';
import { lanHostsOf } from '../topology/lans.js';
import { clientNode, lanNode, ROUTER_NODE } from '../topology/node-names.js';
import type { FlowExpectation, Topology } from '../topology/types.js';
import type { FlowSpec } from './flow.js';
import { familiesOf, flowSpecs } from './flow-specs.js';

/**
 * The flow matrix of a topology, what `multihome test`, `lab flows` and the demo run: every uplink address
 * × icmp, tcp, udp (+ one `forward` per port forward the topology declares) × every family present, then
 * the outbound pings its `expect:` section declares.
 */
export function flowMatrix(topology: Topology): FlowSpec[] {
  const inbound = flowSpecs(topology, { families: familiesOf(topology) });
  const outbound = (topology.expect ?? []).flatMap((entry, index) =>
    entry.from === undefined ? [] : outboundSpecs(topology, entry, index),
  );
  return [...inbound, ...outbound];
}

function outboundSpecs(topology: Topology, entry: FlowExpectation, index: number): FlowSpec[] {
  const client = topology.clients.find((c) => c.name === (entry.to ?? topology.clients[0]?.name));
  const host = lanHostsOf(topology).find(({ host }) => host.name === entry.from)?.host;
  const sourceIsp = topology.isps.find((isp) => isp.name === entry.source);
  if (client === undefined) return [];
  const families = familiesOf(topology).filter(
    (family) => entry.family === undefined || entry.family === (family === 4 ? 'ipv4' : 'ipv6'),
  );
  return families.flatMap((family): FlowSpec[] => {
    const target = client.addresses.find((a) => familyOf(a) === family);
    const source = sourceIsp?.routerAddresses.find((a) => familyOf(a) === family);
    const senderHasFamily =
      entry.from === ROUTER_NODE || host?.addresses.some((a) => familyOf(a) === family) === true;
    if (target === undefined || !senderHasFamily || (sourceIsp && source === undefined)) return [];
    return [
      {
        uplink: entry.via ?? entry.source ?? topology.defaultIsp,
        protocol: 'icmp',
        family,
        client: entry.from === ROUTER_NODE ? ROUTER_NODE : lanNode(entry.from ?? ''),
        target,
        peer: target,
        outbound: {
          to: clientNode(client.name),
          ...(source === undefined ? {} : { source: bareAddress(source) }),
          entry: index,
        },
      },
    ];
  });
}
