import { familyOf } from '../../applier/model/address.js';
import type { PathIssue } from './check-issue.js';
import { VIA_NONE } from './check-names.js';
import { lanHostsOf } from './lans.js';
import type { FlowExpectation, Topology } from './types.js';

/** Cross-checks of the `expect:` section: every name it uses exists, and each entry can select or make a flow. */
export function checkExpectations(topology: Topology): PathIssue[] {
  return (topology.expect ?? []).flatMap((entry, i) => {
    const issues = checkEntry(topology, entry, i);
    return issues.length > 0 ? issues : checkMatchesAFlow(topology, entry, i);
  });
}

// A flow has one address family, and every node an entry names must have an address of it: an entry
// whose nodes share none would select (or make) no flow, and assert nothing while the run passes.
function checkMatchesAFlow(topology: Topology, entry: FlowExpectation, i: number): PathIssue[] {
  const named = namedAddresses(topology, entry);
  const families = ([4, 6] as const).filter(
    (family) => entry.family === undefined || entry.family === `ipv${family}`,
  );
  const lacking = families.map((family) => ({
    family,
    nodes: named.filter(({ addresses }) => !addresses.some((a) => familyOf(a) === family)).map((n) => n.node),
  }));
  if (lacking.some(({ nodes }) => nodes.length === 0)) return [];
  const reasons = lacking.map(
    ({ family, nodes }) =>
      `${nodes.join(' and ')} ${nodes.length > 1 ? 'have' : 'has'} no IPv${family} address`,
  );
  return [
    {
      path: entry.family === undefined ? ['expect', i] : ['expect', i, 'family'],
      message: `this entry matches no flow: ${reasons.join(', and ')}`,
    },
  ];
}

// The nodes a flow of the entry runs between, with their addresses: the client, the uplink or source
// ISP (any ISP when it names none), and the LAN hosts its forward or ping involves.
function namedAddresses(
  topology: Topology,
  entry: FlowExpectation,
): { node: string; addresses: readonly string[] }[] {
  const clientName =
    entry.from === undefined ? topology.clients[0]?.name : (entry.to ?? topology.clients[0]?.name);
  const client = topology.clients.find((c) => c.name === clientName);
  const ispName = entry.from === undefined ? entry.uplink : entry.source;
  const isps = topology.isps.filter((isp) => ispName === undefined || isp.name === ispName);
  const hosts = lanHostsOf(topology).map(({ host }) => host);
  const lanHosts =
    entry.from === undefined
      ? entry.protocol === 'forward'
        ? hosts.filter((h) => h.forwards.length > 0 && (entry.to === undefined || h.name === entry.to))
        : []
      : hosts.filter((h) => h.name === entry.from);
  return [
    ...(client ? [{ node: `client ${client.name}`, addresses: client.addresses }] : []),
    {
      node: ispName === undefined ? 'no ISP' : `ISP ${ispName}`,
      addresses: isps.flatMap((isp) => isp.routerAddresses),
    },
    ...(lanHosts.length > 0
      ? [
          {
            node: `LAN host ${lanHosts.map((h) => h.name).join('/')}`,
            addresses: lanHosts.flatMap((h) => h.addresses),
          },
        ]
      : []),
  ];
}

function checkEntry(topology: Topology, entry: FlowExpectation, i: number): PathIssue[] {
  const issues: PathIssue[] = [];
  const at = (field: string) => ['expect', i, field];
  const isps = topology.isps.map((isp) => isp.name);
  const hosts = lanHostsOf(topology).map(({ host }) => host.name);
  const known = (field: 'uplink' | 'source' | 'via', extra: string[] = []) => {
    const value = entry[field];
    if (value !== undefined && ![...isps, ...extra].includes(value))
      issues.push({
        path: at(field),
        message: `"${value}" names no ISP (known: ${[...isps, ...extra].join(', ')})`,
      });
  };
  known('via', [VIA_NONE]);
  if (entry.family !== undefined) {
    const family = entry.family === 'ipv4' ? 4 : 6;
    if (!topology.isps.some((isp) => isp.routerAddresses.some((a) => familyOf(a) === family)))
      issues.push({ path: at('family'), message: `no uplink of the topology has ${entry.family}` });
  }
  if (entry.from === undefined) {
    known('uplink');
    if (entry.source !== undefined)
      issues.push({ path: at('source'), message: '"source" belongs to an outbound flow: add "from"' });
    if (entry.to !== undefined) issues.push(...checkForwardTarget(topology, entry, at('to')));
    if (entry.protocol === 'forward' && !lanHostsOf(topology).some(({ host }) => host.forwards.length > 0))
      issues.push({ path: at('protocol'), message: 'the topology declares no port forward' });
    return issues;
  }
  if (entry.from !== 'router' && !hosts.includes(entry.from))
    issues.push({
      path: at('from'),
      message: `"${entry.from}" is neither router nor a LAN host (known: ${['router', ...hosts].join(', ')})`,
    });
  if (entry.to !== undefined && !topology.clients.some((client) => client.name === entry.to))
    issues.push({
      path: at('to'),
      message: `"${entry.to}" names no client (known: ${topology.clients.map((c) => c.name).join(', ')})`,
    });
  if (entry.uplink !== undefined)
    issues.push({ path: at('uplink'), message: 'an outbound flow has no arrival uplink: use "via"' });
  if (entry.protocol !== undefined && entry.protocol !== 'icmp')
    issues.push({ path: at('protocol'), message: 'outbound flows are pings: protocol must be icmp' });
  if (entry.source !== undefined && entry.from !== 'router')
    issues.push({ path: at('source'), message: 'only the router sends from an uplink address' });
  known('source');
  if (entry.via === undefined)
    issues.push({ path: at('via'), message: 'an outbound flow needs "via" (an uplink, or none)' });
  return issues;
}

// An inbound entry's `to` picks the forwards to one LAN host: only with `protocol: forward`, and a host that has one.
function checkForwardTarget(
  topology: Topology,
  entry: FlowExpectation,
  path: (string | number)[],
): PathIssue[] {
  if (entry.protocol !== 'forward')
    return [
      {
        path,
        message: '"to" on an inbound entry needs protocol: forward (or add "from" for an outbound flow)',
      },
    ];
  const forwarded = lanHostsOf(topology)
    .filter(({ host }) => host.forwards.length > 0)
    .map(({ host }) => host.name);
  if (forwarded.includes(entry.to ?? '')) return [];
  return [{ path, message: `"${entry.to}" is no port-forwarded LAN host (known: ${forwarded.join(', ')})` }];
}
