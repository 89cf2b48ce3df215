import { duplicates, type PathIssue } from './check-issue.js';
import { type LanHostEntry, lanHostsOf, lanPath } from './lans.js';
import { ROUTER_NODE } from './node-names.js';
import type { Topology } from './types.js';

// `expect:` names the router, clients and LAN hosts bare (`from: router`, `to: server`), so each of those
// names must mean one node only.

/** What `via:` says for a reply no gateway carries; no ISP may be called that. */
export const VIA_NONE = 'none';

/** Names: unique within their kind, and no client or LAN host taking the router's or each other's name. */
export function checkNames(topology: Topology): PathIssue[] {
  const hosts = lanHostsOf(topology);
  const hostPath = (i: number) => entryPath(topology, hosts[i], 'name');
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
    ...duplicates(hosts, ({ host }) => host.name, hostPath, 'LAN host name'),
    ...collisions(topology, hosts),
  ];
  topology.isps.forEach((isp, i) => {
    if (isp.name === VIA_NONE)
      issues.push({
        path: ['isps', i, 'name'],
        message: `ISP name "${VIA_NONE}" is reserved (\`via: ${VIA_NONE}\`)`,
      });
  });
  if (topology.lan && topology.lans)
    issues.push({ path: ['lans'], message: 'write one LAN as `lan` or several as `lans`, not both' });
  if (!topology.isps.some((isp) => isp.name === topology.defaultIsp))
    issues.push({
      path: ['defaultIsp'],
      message: `defaultIsp "${topology.defaultIsp}" names no ISP (known: ${topology.isps.map((isp) => isp.name).join(', ')})`,
    });
  return issues;
}

// The router, then clients, then LAN hosts: a name another kind already holds is refused at the later one.
function collisions(topology: Topology, hosts: readonly LanHostEntry[]): PathIssue[] {
  const owners = new Map<string, { kind: string; text: string }>([
    [ROUTER_NODE, { kind: 'router', text: 'the router' }],
  ]);
  const issues: PathIssue[] = [];
  const claim = (name: string, kind: string, path: (string | number)[]) => {
    const owner = owners.get(name);
    if (owner === undefined) owners.set(name, { kind, text: `${kind} ${name}` });
    else if (owner.kind !== kind)
      issues.push({ path, message: `${kind} name "${name}" is already used by ${owner.text}` });
  };
  topology.clients.forEach((client, i) => {
    claim(client.name, 'client', ['clients', i, 'name']);
  });
  for (const entry of hosts) claim(entry.host.name, 'LAN host', entryPath(topology, entry, 'name'));
  return issues;
}

function entryPath(topology: Topology, entry: LanHostEntry | undefined, field: string): (string | number)[] {
  return entry ? [...lanPath(topology, entry.lanIndex), 'hosts', entry.hostIndex, field] : [];
}
