import { bareAddress } from '../../applier/config/address.js';
import { checkCovers, checkInside, checkPrefixes } from './check-addressing.js';
import { checkExpectations } from './check-expectations.js';
import { duplicates, type PathIssue } from './check-issue.js';
import { INTERNET_SEGMENT, internetAddressesOf, internetPrefixes, LAN_SEGMENT } from './segments.js';
import type { Topology } from './types.js';

/** Every cross-field problem of a schema-valid topology, by field path (lines are added by the caller). */
export function validateTopology(topology: Topology): PathIssue[] {
  return [
    ...checkNames(topology),
    ...checkIsps(topology),
    ...checkPrefixes(topology),
    ...checkEdges(topology),
    ...checkExpectations(topology),
  ];
}

function checkNames(topology: Topology): PathIssue[] {
  const issues = [
    ...duplicates(
      topology.isps,
      (isp) => isp.name,
      (i) => ['isps', i, 'name'],
      'ISP name',
    ),
    ...duplicates(
      topology.clients,
      (client) => client.name,
      (i) => ['clients', i, 'name'],
      'client name',
    ),
    ...duplicates(
      topology.lan?.hosts ?? [],
      (host) => host.name,
      (i) => ['lan', 'hosts', i, 'name'],
      'LAN host name',
    ),
  ];
  if (!topology.isps.some((isp) => isp.name === topology.defaultIsp))
    issues.push({
      path: ['defaultIsp'],
      message: `defaultIsp "${topology.defaultIsp}" names no ISP (known: ${topology.isps.map((isp) => isp.name).join(', ')})`,
    });
  return issues;
}

function checkIsps(topology: Topology): PathIssue[] {
  const issues: PathIssue[] = [];
  const interfaceOfSegment = new Map<string, { interface: string; isp: string }>();
  const labels = new Map<string, string>();
  topology.isps.forEach((isp, i) => {
    const at = (...rest: (string | number)[]) => ['isps', i, ...rest];
    if (isp.segment === INTERNET_SEGMENT || isp.segment === LAN_SEGMENT)
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
  const taken = new Map<string, string>();
  topology.isps.forEach((isp) => {
    for (const address of internetAddressesOf(topology, isp)) taken.set(address, `ISP ${isp.name}`);
  });
  topology.clients.forEach((client, i) => {
    issues.push(...checkInside(client.addresses, prefixes, ['clients', i, 'addresses'], 'client address'));
    client.addresses.forEach((address, j) => {
      const owner = taken.get(address);
      if (owner)
        issues.push({
          path: ['clients', i, 'addresses', j],
          message: `${address} is already used by ${owner}`,
        });
      taken.set(address, `client ${client.name}`);
    });
  });
  const lan = topology.lan;
  if (!lan) return issues;
  const interfaces = new Set(topology.isps.map((isp) => isp.routerInterface));
  if (interfaces.has(lan.routerInterface))
    issues.push({
      path: ['lan', 'routerInterface'],
      message: `interface ${lan.routerInterface} is an uplink interface`,
    });
  const routerLan = new Set(lan.routerAddresses.map(bareAddress));
  const forwarded = new Map<string, string>();
  lan.hosts.forEach((host, i) => {
    issues.push(
      ...checkInside(host.addresses, lan.routerAddresses, ['lan', 'hosts', i, 'addresses'], 'LAN address'),
    );
    host.addresses.forEach((address, j) => {
      const path = ['lan', 'hosts', i, 'addresses', j];
      if (routerLan.has(address)) issues.push({ path, message: `${address} is the router's LAN address` });
      const owner = taken.get(address);
      if (owner) issues.push({ path, message: `${address} is already used by ${owner}` });
      taken.set(address, `LAN host ${host.name}`);
    });
    host.forwards.forEach((forward, k) => {
      const key = `${forward.protocol}/${forward.port}`;
      const owner = forwarded.get(key);
      if (owner)
        issues.push({
          path: ['lan', 'hosts', i, 'forwards', k, 'port'],
          message: `${key} is already forwarded to ${owner}`,
        });
      forwarded.set(key, host.name);
    });
  });
  return issues;
}
