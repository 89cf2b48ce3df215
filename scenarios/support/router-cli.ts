import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { binPath, packageRoot } from '../../applier/e2e/cli-path.js';
import type { CommandResult } from '../../applier/index.js';
import type { LabOptions, StartedLab } from '../../lab/index.js';
import { LabError } from '../../lab/index.js';

const REPO = packageRoot();
const NODE_HOME = dirname(dirname(realpathSync(process.execPath)));

/** Where the package and Node appear inside a Docker router, read-only, as on a real host. */
export const IN_ROUTER = {
  node: '/opt/node/bin/node',
  main: '/opt/multihome/dist/bin.js',
} as const;

/** Where the scenarios write the router's config: /run is the router's own on both runtimes. */
export const ROUTER_CONFIG = '/run/multihome-scenario.yaml';

/** Node and the CLI as the router sees them: mounted in a container, the host's own paths in a netns. */
export function cliInRouter(lab: StartedLab): { readonly node: string; readonly main: string } {
  if (lab.runtime === 'docker') return IN_ROUTER;
  return { node: process.execPath, main: binPath() };
}

/** Lab options that bind-mount this Node and this package (with dist/ and node_modules) into a Docker router. */
export function routerCliMounts(): Pick<LabOptions, 'routerMounts'> {
  return {
    routerMounts: [
      { source: NODE_HOME, target: '/opt/node' },
      { source: REPO, target: '/opt/multihome' },
    ],
  };
}

/** Runs `multihome ARGS` inside the router exactly as an admin would on the host itself. */
export function routerCli(
  lab: StartedLab,
  args: readonly string[],
  timeoutMs = 60_000,
): Promise<CommandResult> {
  const cli = cliInRouter(lab);
  return lab.exec('router', [cli.node, cli.main, ...args], { timeoutMs });
}

/** Writes a file inside the router (the config the CLI reads). */
export async function writeRouterFile(lab: StartedLab, path: string, text: string): Promise<void> {
  const result = await lab.exec('router', ['sh', '-c', `cat > '${path}'`], { input: text });
  if (result.exitCode !== 0)
    throw new LabError('HARNESS_FAILED', `cannot write ${path} in the router: ${result.stderr}`, {
      source: 'system',
    });
}

/** Polls `check` until it returns true or the deadline passes; returns whether it became true. */
export async function pollUntil(check: () => Promise<boolean>, deadlineMs: number): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((done) => setTimeout(done, 250));
  }
  return check();
}

/**
 * True when a process in the router's network namespace has a command line matching `pattern` (a
 * grep regex). Unlike pgrep this holds on both runtimes: a netns router shares the host's pid space,
 * so only processes in its own namespace (`test -ef` on /proc/<pid>/ns/net, a shell builtin) count.
 */
export async function routerRuns(lab: StartedLab, pattern: string): Promise<boolean> {
  const script = [
    'for p in /proc/[0-9]*; do',
    '  [ "$p/ns/net" -ef /proc/self/ns/net ] || continue',
    '  tr "\\0" " " < "$p/cmdline" 2>/dev/null | grep -q -e "$1" && exit 0',
    'done',
    'exit 1',
  ].join('\n');
  return (await lab.exec('router', ['sh', '-c', script, 'sh', pattern])).exitCode === 0;
}
