import { familyOf } from '../../applier/model/address.js';
import { lanHostsOf } from './lans.js';
import type { Topology } from './types.js';

/**
 * The router's port forwards, as a user would have them: `table ip portfwd` / `table ip6 portfwd` DNAT
 * from every uplink address to the LAN host. Foreign to multihome; null when there is nothing to forward.
 */
export function portForwardRuleset(topology: Topology): string | null {
  const tables = ([4, 6] as const).flatMap((family) => {
    const rules = dnatRules(topology, family);
    if (rules.length === 0) return [];
    const table = family === 4 ? 'ip portfwd' : 'ip6 portfwd';
    return [
      `table ${table}`,
      `delete table ${table}`,
      `table ${table} {`,
      '\tchain prerouting {',
      '\t\ttype nat hook prerouting priority dstnat; policy accept;',
      ...rules.map((rule) => `\t\t${rule}`),
      '\t}',
      '}',
    ];
  });
  return tables.length === 0 ? null : `${tables.join('\n')}\n`;
}

function dnatRules(topology: Topology, family: 4 | 6): string[] {
  const uplinks = topology.isps.flatMap((isp) => isp.routerAddresses).filter((a) => familyOf(a) === family);
  return lanHostsOf(topology).flatMap(({ host }) => {
    const target = host.addresses.find((a) => familyOf(a) === family);
    if (!target) return [];
    return host.forwards.flatMap((forward) =>
      uplinks.map((uplink) => {
        const daddr = family === 4 ? `ip daddr ${uplink}` : `ip6 daddr ${uplink}`;
        const to = family === 4 ? `${target}:${forward.to}` : `[${target}]:${forward.to}`;
        return `${daddr} ${forward.protocol} dport ${forward.port} dnat to ${to}`;
      }),
    );
  });
}
