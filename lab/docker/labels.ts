/**
 * Label on every container (and, from older versions, network) of a lab; its value is the lab name.
 * `down` and `prune` go by it; a failed start removes by ID what it made, since another lab may have it.
 */
export const LAB_LABEL = 'multihome.lab';

/** Label naming the lab node a container plays: `router`, `isp:a`, `client:c1`, `lan:web`. */
export const NODE_LABEL = 'multihome.node';

/** Label of the lab's hub container (it wires the nodes; it is not a node). */
export const HUB_LABEL = 'multihome.hub';

/** Label holding the topology as JSON, so a later process can rebuild the lab handle. */
export const TOPOLOGY_LABEL = 'multihome.topology';

/** Label holding the lab's artifacts directory (absolute). */
export const ARTIFACTS_LABEL = 'multihome.artifacts';

/**
 * Label on every container of a lab naming the process that brought it up, `{"pid":…,"started":…}`
 * (pid and start time, so a reused pid is not taken for it): `lab prune` leaves the lab alone while
 * that process runs. Labels cannot change, so it stays the holder until it exits, `keep()` or not.
 */
export const HOLDER_LABEL = 'multihome.holder';

/** Docker list filter for one lab's objects, or every lab's when `name` is omitted. */
export function labFilter(name?: string): { label: string[] } {
  return { label: [name === undefined ? LAB_LABEL : `${LAB_LABEL}=${name}`] };
}

/** Docker object name of a lab node: `<lab>-isp-a` for `isp:a`; the hub is `<lab>-hub`. */
export function containerName(lab: string, node: string): string {
  return `${lab}-${node.replace(/[^a-zA-Z0-9_.-]/g, '-')}`;
}
