import { addressBytes, bareAddress, familyOf } from '../../applier/model/address.js';
import { checkCovers, checkInside, checkPrefixes } from './check-addressing.js';
import { checkExpectations } from './check-expectations.js';
import type { PathIssue } from './check-issue.js';
import { checkNames } from './check-names.js';
import { ROUTER_ECHO_PORTS } from './lab-services.js';
import { lanPath, lansOf } from './lans.js';
import { INTERNET_SEGMENT, internetAddressesOf, internetPrefixes, lanSegment } from './segments.js';
import type { Topology } from './types.js';

/** Every cross-field problem of a schema-valid topology, by field path (lines are added by the caller). */
export function validateTopology(topology: Topology): PathIssue[] {
  return [
    ...checkNames(topology),
    ...checkIsps(topology),
    ...checkPrefixes(topology),
    ...checkEdges(topology),
    ...checkExpectations(topology),
    ...checkBridgePorts(topology),
  ];
}

/** A Linux bridge takes at most 1,023 ports (`BR_MAX_PORTS` less the reserved port 0), on either runtime's hub. */
const BRIDGE_MAX_PORTS = 1023;

// Every ISP gateway and client has a port on the internet's bridge; past the kernel's limit the hub's
// wiring would fail halfway with "exchange full", so the file is refused before anything is made.
function checkBridgePorts(topology: Topology): PathIssue[] {
  const ports = topology.isps.length + topology.clients.length;
  if (ports <= BRIDGE_MAX_PORTS) return [];
  return [
    {
      path: ['isps'],
      message: `${topology.isps.length} ISPs and ${topology.clients.length} clients need ${ports} ports on the internet segment's bridge; a Linux bridge takes at most ${BRIDGE_MAX_PORTS}`,
    },
  ];
}

function checkIsps(topology: Topology): PathIssue[] {
  const issues: PathIssue[] = [];
  const interfaceOfSegment = new Map<string, { interface: string; isp: string }>();
  const labels = new Map<string, string>();
  topology.isps.forEach((isp, i) => {
    const at = (...rest: (string | number)[]) => ['isps', i, ...rest];
    if (isp.segment === INTERNET_SEGMENT || lansOf(topology).some((_, n) => isp.segment === lanSegment(n)))
      issues.push({ path: at('segment'), message: `segment name "${isp.segment}" is reserved` });
    issues.push(
      ...checkInside(isp.gateways, isp.prefixes, at('gateways'), 'gateway'),
      ...checkCovers(isp.gateways, isp.prefixes, at('gateways'), 'gateway'),
      ...checkInside(isp.routerAddresses, isp.prefixes, at('routerAddresses'), 'router address'),
      ...checkCovers(isp.routerAddresses, isp.prefixes, at('routerAddresses'), 'router address'),
      ...checkInside(
        internetAddressesOf(topology, isp),
        internetPrefixes(topology),
        at('internetAddresses'),
        'internet address',
      ),
    );
    isp.routerAddresses.forEach((address, j) => {
      if (isp.gateways.includes(address))
        issues.push({
          path: at('routerAddresses', j),
          message: `router address ${address} is also the gateway`,
        });
    });
    if (isp.routerLabel !== undefined && !isp.routerLabel.startsWith(`${isp.routerInterface}:`))
      issues.push({
        path: at('routerLabel'),
        message: `label ${isp.routerLabel} must start with ${isp.routerInterface}:`,
      });
    const seen = interfaceOfSegment.get(isp.segment);
    if (seen && seen.interface !== isp.routerInterface)
      issues.push({
        path: at('routerInterface'),
        message: `${isp.name} shares segment ${isp.segment} with ${seen.isp}, so it must use interface ${seen.interface}`,
      });
    const clash = [...interfaceOfSegment].find(
      ([s, v]) => s !== isp.segment && v.interface === isp.routerInterface,
    );
    if (clash)
      issues.push({
        path: at('routerInterface'),
        message: `interface ${isp.routerInterface} is already on segment ${clash[0]} (${clash[1].isp})`,
      });
    if (!seen) interfaceOfSegment.set(isp.segment, { interface: isp.routerInterface, isp: isp.name });
    const labelOwner = isp.routerLabel === undefined ? undefined : labels.get(isp.routerLabel);
    if (labelOwner)
      issues.push({
        path: at('routerLabel'),
        message: `label ${isp.routerLabel} is already ${labelOwner}'s`,
      });
    if (isp.routerLabel !== undefined && !labelOwner) labels.set(isp.routerLabel, isp.name);
  });
  return issues;
}

function checkEdges(topology: Topology): PathIssue[] {
  const issues: PathIssue[] = [];
  const prefixes = internetPrefixes(topology);
  const taken = new TakenAddresses();
  topology.isps.forEach((isp, i) => {
    internetAddressesOf(topology, isp).forEach((address, j) => {
      const owner = taken.owner(address);
      // A default address has no line of its own: the ISP entry is where internetAddresses would go.
      if (owner && isp.internetAddresses)
        issues.push({
          path: ['isps', i, 'internetAddresses', j],
          message: `${address} is already used by ${owner}`,
        });
      else if (owner)
        issues.push({
          path: ['isps', i],
          message: `default internet address ${address} is already used by ${owner}; give ${isp.name} internetAddresses`,
        });
      taken.take(address, `ISP ${isp.name}`);
    });
  });
  const uplinkFamilies = new Set(topology.isps.flatMap((isp) => isp.routerAddresses.map(familyOf)));
  topology.clients.forEach((client, i) => {
    issues.push(...checkInside(client.addresses, prefixes, ['clients', i, 'addresses'], 'client address'));
    // A flow runs in one family, so a client with none of the uplinks' families would send no flow.
    if (!client.addresses.some((address) => uplinkFamilies.has(familyOf(address))))
      issues.push({
        path: ['clients', i, 'addresses'],
        message: `client ${client.name} has no address in a family of the uplinks, so no flow can reach the router from it`,
      });
    client.addresses.forEach((address, j) => {
      const owner = taken.owner(address);
      if (owner)
        issues.push({
          path: ['clients', i, 'addresses', j],
          message: `${address} is already used by ${owner}`,
        });
      taken.take(address, `client ${client.name}`);
    });
  });
  issues.push(...checkLans(topology, taken));
  return issues;
}

// Each LAN's interface is its own, its hosts sit inside its prefixes, and no address or forward is taken twice.
function checkLans(topology: Topology, taken: TakenAddresses): PathIssue[] {
  const issues: PathIssue[] = [];
  const interfaces = new Map(topology.isps.map((isp) => [isp.routerInterface, 'an uplink interface']));
  const forwarded = new Map<string, string>();
  lansOf(topology).forEach((lan, n) => {
    const at = (...rest: (string | number)[]) => [...lanPath(topology, n), ...rest];
    const owner = interfaces.get(lan.routerInterface);
    if (owner)
      issues.push({ path: at('routerInterface'), message: `interface ${lan.routerInterface} is ${owner}` });
    interfaces.set(lan.routerInterface, `already LAN ${lanSegment(n)}'s`);
    const routerLan = new Set(lan.routerAddresses.map((cidr) => addressBytes(bareAddress(cidr))));
    lan.hosts.forEach((host, i) => {
      issues.push(
        ...checkInside(host.addresses, lan.routerAddresses, at('hosts', i, 'addresses'), 'LAN address'),
      );
      host.addresses.forEach((address, j) => {
        const path = at('hosts', i, 'addresses', j);
        if (routerLan.has(addressBytes(address)))
          issues.push({ path, message: `${address} is the router's LAN address` });
        const owner = taken.owner(address);
        if (owner) issues.push({ path, message: `${address} is already used by ${owner}` });
        taken.take(address, `LAN host ${host.name}`);
      });
      // A forward listens on every uplink address, so one port can lead to one LAN host only.
      host.forwards.forEach((forward, k) => {
        const key = `${forward.protocol}/${forward.port}`;
        const owner = forwarded.get(key);
        if (ROUTER_ECHO_PORTS.includes(key))
          issues.push({
            path: at('hosts', i, 'forwards', k, 'port'),
            message: `${key} is the router's own echo service, which the ${key.startsWith('tcp') ? 'tcp' : 'udp'} flows probe; forward another port`,
          });
        else if (owner)
          issues.push({
            path: at('hosts', i, 'forwards', k, 'port'),
            message: `${key} is already forwarded to ${owner}`,
          });
        forwarded.set(key, host.name);
      });
    });
  });
  return issues;
}

// Who holds each address, by its bytes, so `2001:db8:ff::1` and `2001:DB8:ff:0::1` are one address.
class TakenAddresses {
  readonly #owners = new Map<string, string>();

  owner(address: string): string | undefined {
    return this.#owners.get(addressBytes(address));
  }

  take(address: string, owner: string): void {
    this.#owners.set(addressBytes(address), owner);
  }
}
