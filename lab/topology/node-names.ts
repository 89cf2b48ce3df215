import { lanHostsOf } from './lans.js';
import type { NodeName, Topology } from './types.js';

/** The router's node name. */
export const ROUTER_NODE: NodeName = 'router';

/** Node name of an ISP gateway. */
export const ispNode = (isp: string): NodeName => `isp:${isp}`;

/** Node name of a remote client. */
export const clientNode = (client: string): NodeName => `client:${client}`;

/** Node name of a LAN host. */
export const lanNode = (host: string): NodeName => `lan:${host}`;

/** Every node of a topology: router, ISP gateways, clients, LAN hosts. */
export function nodeNames(topology: Topology): NodeName[] {
  return [
    ROUTER_NODE,
    ...topology.isps.map((isp) => ispNode(isp.name)),
    ...topology.clients.map((client) => clientNode(client.name)),
    ...lanHostsOf(topology).map(({ host }) => lanNode(host.name)),
  ];
}
