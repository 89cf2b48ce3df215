/** Label on every container and network of a lab; its value is the lab name. Cleanup goes by it only. */
export const LAB_LABEL = 'multihome.lab';

/** Label naming the lab node a container plays: `router`, `isp:a`, `client:c1`, `lan:web`. */
export const NODE_LABEL = 'multihome.node';

/** Label naming the topology segment a network carries. */
export const SEGMENT_LABEL = 'multihome.segment';

/** Label holding the topology as JSON, so a later process can rebuild the lab handle. */
export const TOPOLOGY_LABEL = 'multihome.topology';

/** Label holding the lab's artifacts directory (absolute). */
export const ARTIFACTS_LABEL = 'multihome.artifacts';

/** Docker list filter for one lab's objects, or every lab's when `name` is omitted. */
export function labFilter(name?: string): { label: string[] } {
  return { label: [name === undefined ? LAB_LABEL : `${LAB_LABEL}=${name}`] };
}

/** Docker object name of a lab node: `<lab>-isp-a` for `isp:a`. */
export function containerName(lab: string, node: string): string {
  return `${lab}-${node.replace(/[^a-zA-Z0-9_.-]/g, '-')}`;
}
