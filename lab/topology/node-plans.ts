import { clientPlan, lanHostPlan } from './edge-plans.js';
import { gatewayPlan } from './gateway-plan.js';
import { lanHostsOf } from './lans.js';
import { clientNode, ispNode, lanNode, ROUTER_NODE } from './node-names.js';
import { routerPlan } from './router-plan.js';
import { lanSegment } from './segments.js';
import type { NodeName, NodePlan, PlannedNetem, Topology } from './types.js';

/** How every node of a lab is configured inside its container, keyed by node name. Pure. */
export function nodePlans(topology: Topology): Record<NodeName, NodePlan> {
  const plans: Record<NodeName, NodePlan> = { [ROUTER_NODE]: routerPlan(topology) };
  for (const isp of topology.isps) plans[ispNode(isp.name)] = gatewayPlan(topology, isp);
  for (const client of topology.clients) plans[clientNode(client.name)] = clientPlan(topology, client);
  for (const { lan, lanIndex, host } of lanHostsOf(topology))
    plans[lanNode(host.name)] = lanHostPlan(lan, host, lanSegment(lanIndex));
  return plans;
}

/** The `tc` argv that applies a netem impairment (also what `faults.impair` can run). */
export function netemArgv(netem: PlannedNetem): string[] {
  return [
    'tc',
    'qdisc',
    'replace',
    'dev',
    netem.interface,
    'root',
    'netem',
    ...(netem.delayMs === undefined ? [] : ['delay', `${netem.delayMs}ms`]),
    ...(netem.lossPercent === undefined ? [] : ['loss', `${netem.lossPercent}%`]),
  ];
}
