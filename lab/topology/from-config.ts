import type { Config, Family, Uplink } from '../../applier/model/config.js';
import type { PathIssue } from './check-issue.js';
import { checkTopology } from './check-topology.js';
import { labAddressingIssues, pickFree } from './from-config-checks.js';
import type { Isp, Lan, Topology } from './types.js';

/** What a config derives to: a lab topology, or the config fields that cannot exist in a lab. */
export type ConfigTopology =
  | { readonly topology: Topology; readonly issues: readonly [] }
  | { readonly topology: undefined; readonly issues: readonly PathIssue[] };

// Lab-only addressing for the parts a config does not describe; the first one no uplink overlaps wins.
const INTERNET_CANDIDATES: Record<Family, readonly string[]> = {
  4: ['100.64.0.0/24', '100.127.0.0/24', '10.99.0.0/24'],
  6: ['2001:db8:ff::/64', 'fd00:ff::/64'],
};
const LAN_CANDIDATES: Record<Family, readonly string[]> = {
  4: ['10.10.0.0/24', '10.11.0.0/24', '172.31.255.0/24'],
  6: ['fd10:10::/64', 'fd10:11::/64'],
};

/**
 * The lab shaped like a production config, so a user can test the config before it reaches the host:
 * one ISP per uplink (its prefix, gateway and router address; IPv6 uplinks as IPv6 ISPs), the router's
 * interfaces and labels as the config names them, a port-forwarded server behind the `lan:` interface
 * and two remote clients. Pure; issues carry config paths (`uplinks[1].gateway`).
 */
export function topologyFromConfig(config: Config, name: string): ConfigTopology {
  const families = [...new Set(config.uplinks.map((uplink) => uplink.family))].sort();
  const networks = config.uplinks.map((uplink) => uplink.network);
  const internet = families.map((family) => pickFree(INTERNET_CANDIDATES[family], networks));
  const lanPrefixes = families.map((family) => pickFree(LAN_CANDIDATES[family], [...networks, ...internet]));
  const issues = labAddressingIssues(config, [...internet, ...lanPrefixes]);
  if (internet.includes(undefined) || lanPrefixes.includes(undefined))
    issues.push({ path: ['uplinks'], message: 'the uplinks leave no room for the lab internet or LAN' });
  if (issues.length > 0) return { topology: undefined, issues };

  const ispNames = ispNamesFor(config.uplinks);
  const segments = segmentsByInterface(config.uplinks);
  const isps: Isp[] = config.uplinks.map((uplink, index) => ({
    name: ispNames[index] ?? uplink.name,
    segment: segments.get(uplink.interface) ?? 'wan0',
    prefixes: [uplink.network],
    gateways: [uplink.gateway],
    routerAddresses: [uplink.address],
    routerInterface: uplink.interface,
    ...(uplink.label === undefined ? {} : { routerLabel: uplink.label }),
    bcp38: true,
  }));
  const defaultUplink = config.defaults[4] ?? config.defaults[6];
  const defaultIndex = Math.max(
    0,
    config.uplinks.findIndex((uplink) => uplink.name === defaultUplink),
  );
  const internetPrefixes = internet.filter((cidr): cidr is string => cidr !== undefined);
  const draft: Topology = {
    name,
    defaultIsp: isps[defaultIndex]?.name ?? '',
    internet: { prefixes: internetPrefixes },
    isps,
    clients: [1, 2].map((n) => ({
      name: `client${n}`,
      addresses: internetPrefixes.map((cidr) => hostIn(cidr, 100 + n)),
    })),
    ...lanOf(
      config,
      lanPrefixes.filter((cidr): cidr is string => cidr !== undefined),
    ),
  };
  // Everything the config allows and the lab cannot build is refused above; this is the safety net.
  const checked = checkTopology(draft);
  if (checked.topology) return { topology: checked.topology, issues: [] };
  return { topology: undefined, issues: checked.issues.map((issue) => toConfigIssue(issue, config)) };
}

/** The lab's ISP name for each uplink: its own, cut to the 12 characters an ISP name may have, unique. */
export function ispNamesFor(uplinks: readonly Uplink[]): string[] {
  const taken = new Set<string>();
  return uplinks.map((uplink, index) => {
    let candidate = uplink.name.slice(0, 12);
    if (taken.has(candidate)) candidate = `${uplink.name.slice(0, 9)}-${index + 1}`;
    taken.add(candidate);
    return candidate;
  });
}

// One ISP segment per router interface, named wan0, wan1, … in order of first mention.
function segmentsByInterface(uplinks: readonly Uplink[]): Map<string, string> {
  const segments = new Map<string, string>();
  for (const uplink of uplinks)
    if (!segments.has(uplink.interface)) segments.set(uplink.interface, `wan${segments.size}`);
  return segments;
}

function lanOf(config: Config, prefixes: readonly string[]): { lan?: Lan } {
  const routerInterface = config.lan[0];
  if (routerInterface === undefined) return {};
  return {
    lan: {
      routerInterface,
      routerAddresses: prefixes.map((cidr) => `${hostIn(cidr, 1)}/${cidr.split('/')[1]}`),
      hosts: [
        {
          name: 'server',
          addresses: prefixes.map((cidr) => hostIn(cidr, 10)),
          forwards: [{ protocol: 'tcp', port: 8080, to: 80 }],
        },
      ],
    },
  };
}

// Host n of a lab prefix, written as the default topology writes it (`.10`, `::10`); candidates end in .0 or ::.
function hostIn(cidr: string, n: number): string {
  const network = cidr.split('/')[0] ?? cidr;
  if (network.includes(':')) return `${network}${n}`;
  return network.replace(/\.0$/, `.${n}`);
}

// A topology path back to the config field it came from.
function toConfigIssue(issue: PathIssue, config: Config): PathIssue {
  const [head, index, field] = issue.path;
  if (head === 'isps' && typeof index === 'number') {
    const fields: Record<string, string> = {
      prefixes: 'address',
      routerAddresses: 'address',
      gateways: 'gateway',
      routerInterface: 'interface',
      routerLabel: 'label',
      name: 'name',
    };
    const mapped = typeof field === 'string' ? fields[field] : undefined;
    return { path: ['uplinks', index, ...(mapped ? [mapped] : [])], message: `in the lab: ${issue.message}` };
  }
  if (head === 'lan' && config.lan.length > 0)
    return { path: ['lan', 0], message: `in the lab: ${issue.message}` };
  return { path: [], message: `in the lab: ${issue.message}` };
}
