import { familyOf, withPrefixOf } from '../../applier/model/address.js';
import { routerServices } from './lab-services.js';
import { lansOf } from './lans.js';
import { addAddress, addRoute, linkUp } from './plan-commands.js';
import { portForwardRuleset } from './port-forward-ruleset.js';
import { lanSegment } from './segments.js';
import { sysctlsFor } from './sysctls.js';
import type { Isp, NodePlan, PlannedInterface, Topology } from './types.js';

/**
 * The dual-homed router as the article has it before any fix: every uplink address on its interface
 * (aliases labelled), and a single main default route per family via the default ISP's gateway.
 */
export function routerPlan(topology: Topology): NodePlan {
  const interfaces = routerInterfaces(topology);
  const names = interfaces.map((i) => i.name);
  const addresses = topology.isps.flatMap((isp) =>
    isp.routerAddresses.map((address) => {
      const prefix = isp.prefixes.find((p) => familyOf(p) === familyOf(address)) ?? address;
      const label = familyOf(address) === 4 ? isp.routerLabel : undefined;
      return addAddress(withPrefixOf(address, prefix), isp.routerInterface, label);
    }),
  );
  const lanAddresses = lansOf(topology).flatMap((lan) =>
    lan.routerAddresses.map((cidr) => addAddress(cidr, lan.routerInterface)),
  );
  return {
    interfaces,
    sysctls: sysctlsFor({
      forwarding: true,
      rpFilter: topology.routerRpFilter ?? 0,
      interfaces: names,
      srcValidMark: true,
    }),
    commands: [...names.map(linkUp), ...addresses, ...lanAddresses, ...defaultRoutes(topology)],
    nftRuleset: portForwardRuleset(topology),
    services: routerServices(topology),
    netem: null,
  };
}

/** The router's interfaces: one per ISP segment (first ISP's name wins), then one per LAN. */
export function routerInterfaces(topology: Topology): PlannedInterface[] {
  const bySegment = new Map<string, string>();
  for (const isp of topology.isps)
    if (!bySegment.has(isp.segment)) bySegment.set(isp.segment, isp.routerInterface);
  const uplinks = [...bySegment].map(([segment, name]) => ({ segment, name }));
  const lans = lansOf(topology).map((lan, index) => ({
    segment: lanSegment(index),
    name: lan.routerInterface,
  }));
  return [...uplinks, ...lans];
}

// Per family: the default ISP's gateway, or the first ISP that has that family.
function defaultRoutes(topology: Topology): (readonly string[])[] {
  const preferred = topology.isps.find((isp) => isp.name === topology.defaultIsp);
  const ordered: Isp[] = preferred ? [preferred, ...topology.isps] : [...topology.isps];
  return ([4, 6] as const).flatMap((family) => {
    const isp = ordered.find((candidate) => candidate.gateways.some((g) => familyOf(g) === family));
    const gateway = isp?.gateways.find((g) => familyOf(g) === family);
    return isp && gateway ? [addRoute('default', gateway, isp.routerInterface)] : [];
  });
}
