import { hostAt, withPrefixOf } from '../../applier/model/address.js';
import type { Config, Family, Uplink } from '../../applier/model/config.js';
import type { PathIssue } from './check-issue.js';
import { VIA_NONE } from './check-names.js';
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
// One prefix per LAN: 10.10.0.0/24, 10.11.0.0/24, … and fd10:10::/64, fd10:11::/64, …
const LAN_CANDIDATES: Record<Family, readonly string[]> = {
  4: [...range(80).map((k) => `10.${10 + k}.0.0/24`), ...range(16).map((k) => `172.31.${255 - k}.0/24`)],
  6: range(96).map((k) => `fd10:${(0x10 + k).toString(16)}::/64`),
};

// The port each LAN's server is forwarded from on every uplink address: 8080, 8081, … in `lan:` order.
const FIRST_FORWARD_PORT = 8080;

/**
 * The lab shaped like a production config, so a user can test the config before it reaches the host:
 * one ISP per uplink (its prefix, gateway and router address; IPv6 uplinks as IPv6 ISPs), the router's
 * interfaces and labels as the config names them, a LAN with a server behind each `lan:` interface (the
 * n-th forwarded from port 8080+n on every uplink address, so forwards never collide) and two remote
 * clients. Pure; issues carry config paths (`uplinks[1].gateway`).
 */
export function topologyFromConfig(config: Config, name: string): ConfigTopology {
  const families = [...new Set(config.uplinks.map((uplink) => uplink.family))].sort();
  const networks = config.uplinks.map((uplink) => uplink.network);
  const internet = families.map((family) => pickFree(INTERNET_CANDIDATES[family], networks));
  const lanPrefixes = lanPrefixesFor(config.lan.length, families, [...networks, ...internet]);
  const allLan = lanPrefixes.flat();
  const issues = labAddressingIssues(config, [...internet, ...allLan]);
  if (internet.includes(undefined) || allLan.includes(undefined))
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
      addresses: internetPrefixes.map((cidr) => hostAt(cidr, 100 + n)),
    })),
    ...lansOf(config, lanPrefixes as string[][]),
  };
  // Everything the config allows and the lab cannot build is refused above; this is the safety net.
  const checked = checkTopology(draft);
  if (checked.topology) return { topology: checked.topology, issues: [] };
  return { topology: undefined, issues: checked.issues.map((issue) => toConfigIssue(issue, config)) };
}

/** The lab's ISP name for each uplink: its own, cut to an ISP name's 12 characters, unique, not `none`. */
export function ispNamesFor(uplinks: readonly Uplink[]): string[] {
  const taken = new Set<string>([VIA_NONE]);
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

// One LAN per `lan:` interface, each with one server: `server` alone, else named after its interface.
function lansOf(config: Config, prefixes: readonly (readonly string[])[]): { lan?: Lan; lans?: Lan[] } {
  const names = serverNamesFor(config.lan);
  const lans = config.lan.map((routerInterface, index) => {
    const own = prefixes[index] ?? [];
    return {
      routerInterface,
      routerAddresses: own.map((cidr) => withPrefixOf(hostAt(cidr, 1), cidr)),
      hosts: [
        {
          name: names[index] ?? 'server',
          addresses: own.map((cidr) => hostAt(cidr, 10)),
          forwards: [{ protocol: 'tcp' as const, port: FIRST_FORWARD_PORT + index, to: 80 }],
        },
      ],
    };
  });
  const [only, ...more] = lans;
  if (only === undefined) return {};
  return more.length === 0 ? { lan: only } : { lans };
}

/** The LAN server's name behind each `lan:` interface: `server` for one LAN, `<interface>-server` for several. */
export function serverNamesFor(interfaces: readonly string[]): string[] {
  if (interfaces.length === 1) return ['server'];
  const taken = new Set<string>();
  return interfaces.map((name, index) => {
    const stem = name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .slice(0, 15);
    let candidate = `${stem}-server`;
    if (taken.has(candidate)) candidate = `${stem}-${index + 1}-server`;
    taken.add(candidate);
    return candidate;
  });
}

// Per LAN, one prefix per family that overlaps none of `taken`, the uplinks' nor another LAN's.
function lanPrefixesFor(
  count: number,
  families: readonly Family[],
  taken: (string | undefined)[],
): (string | undefined)[][] {
  const used = [...taken];
  const prefixes = range(count).map(() => [] as (string | undefined)[]);
  for (const family of families)
    for (const own of prefixes) {
      const free = pickFree(LAN_CANDIDATES[family], used);
      own.push(free);
      used.push(free);
    }
  return prefixes;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, k) => k);
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
  if (head === 'lans' && typeof index === 'number')
    return { path: ['lan', index], message: `in the lab: ${issue.message}` };
  return { path: [], message: `in the lab: ${issue.message}` };
}
