import type Docker from 'dockerode';
import { LabError } from '../errors.js';
import { holderLabel } from './lab-holder.js';
import {
  ARTIFACTS_LABEL,
  containerName,
  HOLDER_LABEL,
  HUB_LABEL,
  LAB_LABEL,
  NODE_LABEL,
  TOPOLOGY_LABEL,
} from './labels.js';
import { statusOf } from './prune-labs.js';

/** Where a lab container sees the lab's artifacts directory (ISP gateways write pcaps there). */
export const ARTIFACTS_MOUNT = '/artifacts';

/** What every container of a lab shares: the lab, the image and what its labels carry. */
export type LabContainerBase = {
  readonly lab: string;
  readonly image: string;
  readonly topologyJson: string;
  readonly artifactsDir: string;
};

/** One node's container: the base, the node, and extra read-only bind mounts (the router's routerMounts). */
export type NodeContainerSpec = LabContainerBase & {
  readonly node: string;
  readonly mounts?: readonly { readonly source: string; readonly target: string }[];
};

/**
 * How a lab's start follows its Docker work: `track` each request (a failed start waits for them
 * before it removes anything), and `made` each container as soon as the engine has created it: the
 * only containers a failed start removes, since a name or label may also be another lab's.
 */
export type StartWork = {
  readonly track: <T>(promise: Promise<T>) => Promise<T>;
  readonly made: (container: Docker.Container) => void;
};
const untracked: StartWork = { track: (promise) => promise, made: () => {} };

/**
 * Creates and starts one node's container on `--network none` (the hub wires it), idling until the
 * lab configures it by exec. Unprivileged: NET_ADMIN and NET_RAW plus `systempaths=unconfined` (empty
 * MaskedPaths/ReadonlyPaths) so net.* sysctls are writable; tini as PID 1 so detached services are reaped.
 */
export async function startNodeContainer(
  docker: Docker,
  spec: NodeContainerSpec,
  work: StartWork = untracked,
): Promise<Docker.Container> {
  return startContainer(docker, work, {
    name: containerName(spec.lab, spec.node),
    Hostname: spec.node.replace(/[^a-zA-Z0-9-]/g, '-'),
    Image: spec.image,
    Cmd: ['sleep', 'infinity'],
    Labels: {
      [LAB_LABEL]: spec.lab,
      [HOLDER_LABEL]: holderLabel(),
      [NODE_LABEL]: spec.node,
      [TOPOLOGY_LABEL]: spec.topologyJson,
      [ARTIFACTS_LABEL]: spec.artifactsDir,
    },
    HostConfig: {
      Init: true,
      NetworkMode: 'none',
      CapAdd: ['NET_ADMIN', 'NET_RAW'],
      // The API form of `--security-opt systempaths=unconfined`: nothing masked, /proc/sys writable.
      MaskedPaths: [],
      ReadonlyPaths: [],
      Binds: [
        `${spec.artifactsDir}:${ARTIFACTS_MOUNT}`,
        ...(spec.mounts ?? []).map((mount) => `${mount.source}:${mount.target}:ro`),
      ],
    },
  });
}

/**
 * Creates and starts the lab's hub: the container holding one bridge per segment, which creates each
 * node's veths straight inside that node's network namespace. It reaches a namespace by a process of
 * the node (`ip link add … netns <pid>`), so it shares the host's PID namespace (`--pid host`: the
 * Docker API's only way into another container's network namespace). That lets it see the host's
 * processes and, with NET_ADMIN, reach any network namespace by a PID, the host's included: it runs
 * nothing but `sleep` and the lab's own `ip -batch` lines. `--network none` and IPv6 off keep its
 * namespace and bridge ports silent; it never gets an address.
 */
export async function startHubContainer(
  docker: Docker,
  base: LabContainerBase,
  work: StartWork = untracked,
): Promise<Docker.Container> {
  return startContainer(docker, work, {
    name: containerName(base.lab, 'hub'),
    Hostname: 'hub',
    Image: base.image,
    Cmd: ['sleep', 'infinity'],
    Labels: { [LAB_LABEL]: base.lab, [HOLDER_LABEL]: holderLabel(), [HUB_LABEL]: 'true' },
    HostConfig: {
      Init: true,
      NetworkMode: 'none',
      PidMode: 'host',
      CapAdd: ['NET_ADMIN'],
      Sysctls: { 'net.ipv6.conf.all.disable_ipv6': '1', 'net.ipv6.conf.default.disable_ipv6': '1' },
    },
  });
}

/** A running container's main process as the host sees it: the handle on its network namespace. */
export async function hostPid(container: Docker.Container): Promise<number> {
  return (await container.inspect()).State.Pid;
}

async function startContainer(
  docker: Docker,
  work: StartWork,
  options: Docker.ContainerCreateOptions & { name: string },
): Promise<Docker.Container> {
  const created = docker.createContainer(options).then(
    (container) => {
      work.made(container);
      return container;
    },
    (error: unknown) => {
      if (statusOf(error) !== 409) throw error;
      throw new LabError(
        'USAGE',
        `a container named ${options.name} exists on the engine (another lab's, or not a lab's; see \`multihome lab ls\`)`,
        { source: 'user', cause: error },
      );
    },
  );
  const container = await work.track(created);
  await work.track(container.start());
  return container;
}
