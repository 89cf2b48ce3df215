import type Docker from 'dockerode';
import { featureCheck } from '../../applier/doctor/applier-checks.js';
import { type CheckItem, item } from '../../applier/doctor/check-item.js';
import { findTool, type ProbeContext } from '../../applier/doctor/probe-context.js';
import { DEFAULT_DOCKER_SOCKET, noEngineSocket } from '../../docker/connect-docker.js';
import { labImageTag } from '../../docker/image-inputs.js';
import { NETEM_FIX } from './impairment.js';

/** The engine the lab would use (DOCKER_HOST or the default socket), for the checks. */
export type LabProbeContext = ProbeContext & { readonly docker?: Docker };

/** A tool the netns runtime runs on the host, and the Debian package that has it. */
const NETNS_TOOLS: readonly (readonly [tool: string, pkg: string, why: string])[] = [
  ['socat', 'socat', 'TCP services'],
  ['perl', 'perl-base', 'UDP services'],
  ['ping', 'iputils-ping', 'ICMP flows'],
  ['tcpdump', 'tcpdump', 'gateway captures'],
  ['conntrack', 'conntrack', 'conntrack evidence'],
];

/**
 * What the lab's runtimes need, checked: a Docker engine that answers (with its version) and the lab
 * image for the Docker runtime; socat, perl, ping, tcpdump and conntrack for the netns runtime; netem for
 * added latency; debootstrap to build the image where no registry answers.
 */
export async function labChecks(context: LabProbeContext): Promise<CheckItem[]> {
  // dockerode loads here, on first use, so `import 'multihome/lab'` never loads it.
  const docker = context.docker ?? new (await import('dockerode')).default();
  const engine = await engineCheck(context, docker);
  return Promise.all([
    engine,
    imageCheck(docker, engine.ok),
    ...NETNS_TOOLS.map(([tool, pkg, why]) => toolCheck(context, tool, pkg, why, ['netns'])),
    featureCheck(context, {
      id: 'kernel.netem',
      title: 'netem (sch_netem, for added latency)',
      paths: ['sys/module/sch_netem'],
      module: 'sch_netem',
      fix: NETEM_FIX,
      advisory: true,
    }),
    toolCheck(context, 'debootstrap', 'debootstrap', 'the lab image without a registry', []),
  ]);
}

/** The Docker engine item alone (the chooser's fast path: an engine that answers decides at once). */
export async function engineCheck(context: LabProbeContext, docker?: Docker): Promise<CheckItem> {
  const missing = docker === undefined && context.docker === undefined ? noEngineSocket() : undefined;
  if (missing !== undefined) {
    const daemon = await findTool(context, 'dockerd');
    return engineMissing(missing, `unix://${DEFAULT_DOCKER_SOCKET}`, daemon !== undefined);
  }
  docker ??= context.docker ?? new (await import('dockerode')).default();
  const socket = (docker.modem as { socketPath?: unknown }).socketPath;
  const where =
    typeof socket === 'string'
      ? `unix://${socket}`
      : (process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock');
  const daemon = await findTool(context, 'dockerd');
  try {
    // dockerode's version() takes an abortSignal at runtime; its types omit the options argument.
    const ask = docker.version.bind(docker) as unknown as (opts: {
      abortSignal: AbortSignal;
    }) => Promise<Docker.DockerVersion>;
    const version = await ask({ abortSignal: AbortSignal.timeout(5_000) });
    return item({
      id: 'docker.engine',
      title: 'Docker engine answering',
      ok: true,
      detail: `Docker ${version.Version} (API ${version.ApiVersion}) at ${where}`,
      neededBy: ['docker'],
    });
  } catch (cause) {
    return engineMissing(cause, where, daemon !== undefined);
  }
}

/**
 * The item for an engine that did not answer: permission denied (an engine runs but this user may
 * not use it, so starting another would not help), or no engine, and then whether dockerd is there.
 */
export function engineMissing(cause: unknown, where: string, daemonInstalled: boolean): CheckItem {
  const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  if ((cause as NodeJS.ErrnoException | undefined)?.code === 'EACCES') {
    return item({
      id: 'docker.access',
      title: 'Docker engine usable by this user',
      ok: false,
      detail: `permission denied at ${where}`,
      fix: 'sudo usermod -aG docker "$USER" and log in again, or run as root',
      neededBy: ['docker'],
    });
  }
  return item({
    id: 'docker.engine',
    title: 'Docker engine answering',
    ok: false,
    detail: `no engine answers at ${where} (${reason})${daemonInstalled ? '' : '; dockerd is not installed'}`,
    fix: daemonInstalled
      ? 'multihome setup --runtime docker (starts dockerd in the background)'
      : 'apt-get install -y docker.io, then multihome setup --runtime docker',
    ...(daemonInstalled ? {} : { packages: ['docker.io'] }),
    neededBy: ['docker'],
  });
}

async function imageCheck(docker: Docker, engineOk: boolean): Promise<CheckItem> {
  const tag = await labImageTag();
  const present =
    engineOk &&
    (await docker
      .getImage(tag)
      .inspect()
      .then(
        () => true,
        () => false,
      ));
  return item({
    id: 'docker.image',
    title: 'lab image',
    ok: present,
    detail: present ? `${tag} present` : `${tag} not built${engineOk ? '' : ' (no engine to ask)'}`,
    fix: 'multihome setup --runtime docker (or npm run image); lab up also builds it',
    neededBy: [],
  });
}

async function toolCheck(
  context: ProbeContext,
  tool: string,
  pkg: string,
  why: string,
  neededBy: CheckItem['neededBy'],
): Promise<CheckItem> {
  const path = await findTool(context, tool);
  return item({
    id: `tool.${tool}`,
    title: `${tool} (${why})`,
    ok: path !== undefined,
    detail: path ?? `no \`${tool}\` on PATH`,
    fix: `apt-get install -y ${pkg}`,
    packages: [pkg],
    neededBy,
  });
}
