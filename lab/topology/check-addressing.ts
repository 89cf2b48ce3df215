import {
  bareAddress,
  broadcastOf,
  contains,
  familyOf,
  isNetwork,
  isNetworkAddress,
  overlaps,
  parseAddress,
  parseCidr,
  withPrefixOf,
} from '../../applier/model/address.js';
import type { PathIssue } from './check-issue.js';
import { lanPath, lansOf } from './lans.js';
import { INTERNET_SEGMENT, internetPrefixes, lanSegment } from './segments.js';
import type { Topology } from './types.js';

type Path = (string | number)[];

/** Checks that prefixes are networks, one per family, and that no two prefixes overlap anywhere. */
export function checkPrefixes(topology: Topology): PathIssue[] {
  const issues: PathIssue[] = [];
  const all: { cidr: string; path: Path; owner: string }[] = [];
  const add = (cidrs: readonly string[], base: Path, owner: string, mustBeNetwork: boolean) => {
    const families = new Set<number>();
    cidrs.forEach((cidr, j) => {
      const path = [...base, j];
      const family = familyOf(cidr);
      if (families.has(family ?? 0)) issues.push({ path, message: `second IPv${family} prefix ${cidr}` });
      families.add(family ?? 0);
      if (mustBeNetwork && !isNetwork(cidr))
        issues.push({ path, message: `${cidr} has host bits set; write the network address` });
      const unusable = mustBeNetwork ? undefined : unusableAddress(bareAddress(cidr));
      if (unusable) issues.push({ path, message: `router address ${unusable}` });
      const reserved = mustBeNetwork ? undefined : reservedIn(cidr, bareAddress(cidr));
      if (reserved) issues.push({ path, message: `router address ${bareAddress(cidr)} is ${reserved}` });
      all.push({ cidr, path, owner });
    });
  };
  topology.isps.forEach((isp, i) => {
    add(isp.prefixes, ['isps', i, 'prefixes'], `${isp.name} on segment ${isp.segment}`, true);
  });
  add(internetPrefixes(topology), ['internet', 'prefixes'], `segment ${INTERNET_SEGMENT}`, true);
  lansOf(topology).forEach((lan, n) => {
    add(lan.routerAddresses, [...lanPath(topology, n), 'routerAddresses'], `segment ${lanSegment(n)}`, false);
  });
  all.forEach((later, b) => {
    for (const earlier of all.slice(0, b)) {
      if (overlaps(earlier.cidr, later.cidr))
        issues.push({
          path: later.path,
          message: `${later.cidr} overlaps ${earlier.cidr} (${earlier.owner})`,
        });
    }
  });
  return issues;
}

/** Checks that `addresses` each fall inside one of `prefixes` of their family, one per family. */
export function checkInside(
  addresses: readonly string[],
  prefixes: readonly string[],
  base: Path,
  what: string,
): PathIssue[] {
  const issues: PathIssue[] = [];
  const families = new Set<number>();
  addresses.forEach((address, j) => {
    const path = [...base, j];
    const family = familyOf(address) ?? 0;
    if (families.has(family)) issues.push({ path, message: `second IPv${family} ${what} ${address}` });
    families.add(family);
    const unusable = unusableAddress(address);
    const prefix = prefixes.find((p) => familyOf(p) === family);
    if (unusable) issues.push({ path, message: `${what} ${unusable}` });
    else if (!prefix)
      issues.push({ path, message: `${what} ${address} has no IPv${family} prefix to live in` });
    else if (!contains(prefix, address))
      issues.push({ path, message: `${what} ${address} is not inside ${prefix}` });
    else {
      const reserved = reservedIn(prefix, address);
      if (reserved) issues.push({ path, message: `${what} ${address} is ${reserved}` });
    }
  });
  return issues;
}

// Loopback, multicast, unspecified and IPv4-mapped addresses: the applier's message, which starts with the address.
function unusableAddress(address: string): string | undefined {
  const parsed = parseAddress(address);
  return typeof parsed === 'string' ? parsed : undefined;
}

// An IPv4 network's first and last addresses are no host's: the applier refuses them in a config too.
function reservedIn(prefix: string, address: string): string | undefined {
  const parsed = parseCidr(withPrefixOf(address, prefix));
  if (typeof parsed === 'string') return undefined;
  if (isNetworkAddress(parsed)) return `the network address of ${parsed.network}`;
  if (broadcastOf(parsed) === parsed.address) return `the broadcast address of ${parsed.network}`;
  return undefined;
}

/** Checks that every family of `prefixes` has an entry in `addresses`. */
export function checkCovers(
  addresses: readonly string[],
  prefixes: readonly string[],
  path: Path,
  what: string,
): PathIssue[] {
  return prefixes
    .filter((prefix) => !addresses.some((address) => familyOf(address) === familyOf(prefix)))
    .map((prefix) => ({ path, message: `no ${what} for ${prefix}` }));
}
