import { createHash } from 'node:crypto';
import type { NodeName, NodePlan } from '../topology/types.js';

/** One veth of a node: its end inside the node (the planned name) and its peer on a hub bridge. */
export type RecordedVeth = {
  readonly node: NodeName;
  readonly name: string;
  /** Pinned: a gateway started again gets its veth back with the same MAC, so neighbours' caches stay right. */
  readonly mac: string;
  readonly peer: string;
  readonly bridge: string;
};

/** How a lab's segments are wired: one hub bridge per segment, one veth per planned interface. */
export type HubWiring = {
  readonly bridges: Readonly<Record<string, string>>;
  readonly veths: readonly RecordedVeth[];
};

/**
 * The wiring of a lab, a pure function of its plans (so a later process recomputes it as it does the
 * plans). Names are the hub's own (`br<n>`, `v<n>`): nothing else lives in the hub's namespace. Each
 * MAC is locally administered and derived from its node and interface; segments are the lab's own, so
 * two labs with the same MACs never meet.
 */
export function planWiring(plans: Readonly<Record<NodeName, NodePlan>>): HubWiring {
  const nodes = Object.keys(plans);
  const interfaces = nodes.flatMap((node) => (plans[node]?.interfaces ?? []).map((i) => ({ node, ...i })));
  const segments = [...new Set(interfaces.map((i) => i.segment))];
  const bridges = Object.fromEntries(segments.map((segment, i) => [segment, `br${i}`]));
  const veths = interfaces.map((iface, i) => ({
    node: iface.node,
    name: iface.name,
    mac: pinnedMac(`${iface.node}/${iface.name}`),
    peer: `v${i}`,
    bridge: bridges[iface.segment] ?? '',
  }));
  return { bridges, veths };
}

/**
 * The hub's `ip -batch` lines: one bridge per segment (when `withBridges`), and per veth of `nodes`
 * the node's end created straight inside the node's network namespace (`netnsOf`: a namespace name,
 * or a process id in it) with its planned name and MAC, the peer enslaved to its segment's bridge.
 */
export function hubLines(
  wiring: HubWiring,
  nodes: readonly NodeName[],
  netnsOf: (node: NodeName) => string,
  withBridges: boolean,
): string {
  const lines = withBridges
    ? Object.values(wiring.bridges).flatMap((bridge) => [
        `link add ${bridge} type bridge mcast_snooping 0`,
        `link set ${bridge} up`,
      ])
    : [];
  for (const veth of wiring.veths.filter((v) => nodes.includes(v.node))) {
    lines.push(
      `link add ${veth.name} address ${veth.mac} netns ${netnsOf(veth.node)} type veth peer name ${veth.peer}`,
      `link set ${veth.peer} master ${veth.bridge}`,
      `link set ${veth.peer} up`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Shell that waits, in the hub, until the hub ends of `node`'s veths are gone (at most 10 s, then it
 * fails naming them), for a node started again: the kernel tears a deleted network namespace down
 * asynchronously, so for a while after a stop the old peers are still there, and adding them again
 * fails with "File exists". It tests sysfs with the shell's own `[`, so waiting costs a `sleep` per
 * 20 ms and nothing when they are gone already. Empty when the node has no veths.
 */
export function untilOldPeersGone(wiring: HubWiring, node: NodeName): string {
  const peers = wiring.veths.filter((veth) => veth.node === node).map((veth) => veth.peer);
  if (peers.length === 0) return '';
  const present = peers.map((peer) => `[ -e /sys/class/net/${peer} ]`).join(' || ');
  const gaveUp = `echo "the hub still has ${peers.join(' ')} of the stopped ${node} after 10 s" >&2; exit 1`;
  return `n=0; while ${present}; do n=$((n + 1)); [ "$n" -le 500 ] || { ${gaveUp}; }; sleep 0.02; done; `;
}

/** A locally administered unicast MAC (02:…) from the first 5 bytes of the key's SHA-256. */
function pinnedMac(key: string): string {
  const bytes = [...createHash('sha256').update(key).digest().subarray(0, 5)];
  return ['02', ...bytes.map((byte) => byte.toString(16).padStart(2, '0'))].join(':');
}
