import { statSync } from 'node:fs';
import type Docker from 'dockerode';
import { LabError } from '../lab/errors.js';

/** Where dockerode looks for the engine when DOCKER_HOST is unset. */
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

/**
 * Why no engine can answer, known without loading dockerode (about 100 ms of CPU, which a netns
 * lab's name check and the runtime chooser would pay for nothing): DOCKER_HOST is unset and
 * dockerode's default socket is not there. Undefined when an engine may answer.
 */
export function noEngineSocket(socket = DEFAULT_DOCKER_SOCKET): Error | undefined {
  if (process.env.DOCKER_HOST !== undefined) return undefined;
  try {
    statSync(socket);
    return undefined;
  } catch {
    return Object.assign(new Error(`connect ENOENT ${socket}`), { code: 'ENOENT' });
  }
}

/** How to get an engine, said once so every DOCKER_UNAVAILABLE reads the same. */
export const START_DOCKER_HINT =
  'run `multihome setup --runtime docker` (as root it installs and starts dockerd with `setsid dockerd`), or `multihome doctor` to see every check';

/**
 * A Docker client whose engine answered a ping within `timeoutMs`; otherwise throws
 * DOCKER_UNAVAILABLE with how to get one: the Docker runtime cannot run here, a user error (exit 2). Honours DOCKER_HOST like the docker CLI. dockerode is
 * imported here, on first use, so `import 'multihome/lab'` (and the applier) never load it.
 */
export async function connectDocker(options: { docker?: Docker; timeoutMs?: number } = {}): Promise<Docker> {
  const where = process.env.DOCKER_HOST ?? `unix://${DEFAULT_DOCKER_SOCKET}`;
  try {
    const missing = options.docker === undefined ? noEngineSocket() : undefined;
    if (missing !== undefined) throw missing;
    const docker = options.docker ?? new (await import('dockerode')).default();
    // dockerode's ping takes an abortSignal at runtime; its types omit the options argument.
    const ping = docker.ping.bind(docker) as unknown as (opts: {
      abortSignal: AbortSignal;
    }) => Promise<unknown>;
    await ping({ abortSignal: AbortSignal.timeout(options.timeoutMs ?? 5_000) });
    return docker;
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new LabError(
      'DOCKER_UNAVAILABLE',
      `No Docker engine answers at ${where} (${reason}); ${START_DOCKER_HINT}.`,
      { source: 'user', cause },
    );
  }
}
