import { LocalRunner } from '../../applier/runner/local-runner.js';

// `ip netns exec` gives each command its own mount namespace, with /etc/netns/<ns>/* bound over /etc.
// Binding the node's directory over /run there as well gives the node what a container has of its
// own: the applier's ledger and lock (/run/multihome), the lab's pid files and logs stay with the
// node. The rest of the filesystem is the host's (the artifacts directory, Node, the package).
const ENTER = 'mount --bind "$0" /run && exec "$@"';

/** Runs commands in one node of a netns lab: its network namespace, its own /etc/iproute2 and /run. */
export class NetnsNodeRunner extends LocalRunner {
  readonly namespace: string;

  constructor(namespace: string, dir: string, where: string) {
    super(['ip', 'netns', 'exec', namespace, 'sh', '-c', ENTER, dir], where);
    this.namespace = namespace;
  }
}
