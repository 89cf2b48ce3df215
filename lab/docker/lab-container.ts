import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import type { CommandResult } from '../../applier/runner/command-runner.js';
import type { NodeScript } from '../runtime/node-script.js';
import { ARTIFACTS_LABEL, containerName, LAB_LABEL, NODE_LABEL, TOPOLOGY_LABEL } from './labels.js';
import { bootCommand, bootOutput } from './node-boot.js';

/** Where a lab container sees the lab's artifacts directory (ISP gateways write pcaps there). */
export const ARTIFACTS_MOUNT = '/artifacts';

/** What one lab container needs: its node, the Docker networks it joins (in order) and the labels to carry. */
export type LabContainerSpec = {
  readonly lab: string;
  readonly node: string;
  readonly image: string;
  readonly networks: readonly string[];
  readonly topologyJson: string;
  readonly artifactsDir: string;
  /** The node's configuration: the container's command runs it at its first start. */
  readonly boot: NodeScript;
  /** Extra read-only bind mounts (the router gets LabOptions.routerMounts). */
  readonly mounts?: readonly { readonly source: string; readonly target: string }[];
};

/**
 * Creates, connects and starts one node container, and returns it with what its configuration printed
 * once it is configured. Unprivileged: NET_ADMIN and NET_RAW plus `systempaths=unconfined` (empty
 * MaskedPaths/ReadonlyPaths) so net.* sysctls are writable; tini as PID 1 so detached services are
 * reaped. The Docker API 1.41 create call takes one network only, so the others are connected before
 * start (then every interface exists when the command runs). The configuration runs as the command,
 * watched through an attach made before start as `docker run` does: an exec after start cost a runc
 * exec, an inspect and a round trip more per node.
 */
export async function startLabContainer(
  docker: Docker,
  spec: LabContainerSpec,
  track: <T>(promise: Promise<T>) => Promise<T> = (promise) => promise,
): Promise<{ container: Docker.Container; configured: CommandResult }> {
  const [first, ...rest] = spec.networks;
  const container = await track(
    docker.createContainer({
      name: containerName(spec.lab, spec.node),
      Hostname: spec.node.replace(/[^a-zA-Z0-9-]/g, '-'),
      Image: spec.image,
      Cmd: bootCommand(spec.boot),
      Labels: {
        [LAB_LABEL]: spec.lab,
        [NODE_LABEL]: spec.node,
        [TOPOLOGY_LABEL]: spec.topologyJson,
        [ARTIFACTS_LABEL]: spec.artifactsDir,
      },
      HostConfig: {
        Init: true,
        CapAdd: ['NET_ADMIN', 'NET_RAW'],
        // The API form of `--security-opt systempaths=unconfined`: nothing masked, /proc/sys writable.
        MaskedPaths: [],
        ReadonlyPaths: [],
        NetworkMode: first ?? 'none',
        Binds: [
          `${spec.artifactsDir}:${ARTIFACTS_MOUNT}`,
          ...(spec.mounts ?? []).map((mount) => `${mount.source}:${mount.target}:ro`),
        ],
      },
      ...(first === undefined ? {} : { NetworkingConfig: { EndpointsConfig: { [first]: {} } } }),
    }),
  );
  for (const network of rest) {
    await track(docker.getNetwork(network).connect({ Container: container.id, EndpointConfig: {} }));
  }
  const stream = (await track(container.attach({ stream: true, stdout: true, stderr: true }))) as Duplex;
  const output = bootOutput(container, stream, spec.node);
  output.catch(() => {});
  try {
    await track(container.start());
    return { container, configured: await output };
  } finally {
    stream.destroy();
  }
}

/**
 * The subnet of each endpoint Docker gave the container, by segment (network `<lab>-<segment>`), as
 * its address and prefix length; the configuration script finds the interfaces by these.
 */
export async function endpointSubnets(
  container: Docker.Container,
  lab: string,
): Promise<Record<string, string>> {
  const info = await container.inspect();
  const networks = info.NetworkSettings.Networks ?? {};
  return Object.fromEntries(
    Object.entries(networks)
      .filter(([name]) => name.startsWith(`${lab}-`))
      .map(([name, endpoint]) => [
        name.slice(lab.length + 1),
        `${endpoint.IPAddress}/${endpoint.IPPrefixLen}`,
      ]),
  );
}
