import { familyOf, withPrefixOf } from '../../applier/model/address.js';
import { lansOf } from './lans.js';
import { routerInterfaces } from './router-plan.js';
import { internetAddressesOf, internetPrefixes } from './segments.js';
import type { Lan, Topology } from './types.js';

/** A plain-text picture of a lab for `lab up`: the internet side, then the router and its LAN. */
export function asciiDiagram(topology: Topology): string {
  const internet = [
    ...topology.clients.map((client) => `client ${client.name}  ${client.addresses.join(', ')}`),
    ...topology.isps.map((isp) => {
      const flags = [isp.bcp38 ? 'BCP38' : 'no BCP38', ...(isp.netem ? [netemText(isp.netem)] : [])];
      const inet = internetAddressesOf(topology, isp).join(', ');
      return `${isp.name} gateway  ${inet}  ⇄  ${isp.gateways.join(', ')} on ${isp.segment}  (${flags.join(', ')})`;
    }),
  ];
  const lans = lansOf(topology);
  const router = routerInterfaces(topology).map(({ segment, name }) => {
    const isps = topology.isps.filter((isp) => isp.segment === segment);
    const lan = lans.find((l) => l.routerInterface === name);
    if (isps.length === 0) return `${name} (${segment})  ${lan?.routerAddresses.join(', ') ?? ''}`;
    const addresses = isps.flatMap((isp) =>
      isp.routerAddresses.map((a) => {
        const prefix = isp.prefixes.find((p) => familyOf(p) === familyOf(a)) ?? a;
        const alias = familyOf(a) === 4 && isp.routerLabel ? ` as ${isp.routerLabel}` : '';
        return `${withPrefixOf(a, prefix)}${alias} [${isp.name}]`;
      }),
    );
    return `${name} (${segment})  ${addresses.join(', ')}`;
  });
  const hosts = (lan: Lan) =>
    lan.hosts.map((host) => {
      const forwards = host.forwards.map((f) => `${f.protocol} ${f.port}→${f.to}`).join(', ');
      return `${host.name}  ${host.addresses.join(', ')}${forwards ? `  (forwarded: ${forwards})` : ''}`;
    });
  return [
    `lab topology ${topology.name}`,
    `internet  ${internetPrefixes(topology).join(', ')}`,
    ...tree(internet, ''),
    `router  (main default route via ${topology.defaultIsp})`,
    ...tree(router, ''),
    ...lans.flatMap((lan) =>
      lan.hosts.length > 0 ? [`LAN ${lan.routerInterface}`, ...tree(hosts(lan), '')] : [],
    ),
    '',
  ].join('\n');
}

function tree(items: readonly string[], indent: string): string[] {
  return items.map((item, index) => `${indent}${index === items.length - 1 ? '└─' : '├─'} ${item}`);
}

function netemText(netem: { delayMs?: number; lossPercent?: number }): string {
  const parts = [
    ...(netem.delayMs === undefined ? [] : [`${netem.delayMs} ms delay`]),
    ...(netem.lossPercent === undefined ? [] : [`${netem.lossPercent}% loss`]),
  ];
  return `netem ${parts.join(' ')}`;
}
