import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { packageRoot } from '../../applier/e2e/cli-path.js';
import type { CommandResult } from '../../applier/index.js';
import type { LabOptions, StartedLab } from '../../lab/index.js';
import { LabError } from '../../lab/index.js';

const REPO = packageRoot();
const NODE_HOME = dirname(dirname(realpathSync(process.execPath)));

/** Where the package and Node appear inside the router, read-only, as on a real host. */
export const IN_ROUTER = {
  node: '/opt/node/bin/node',
  main: '/opt/multihome/dist/cli.js',
} as const;

/** Lab options that bind-mount this Node and this package (with dist/ and node_modules) into the router. */
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
  return lab.exec('router', [IN_ROUTER.node, IN_ROUTER.main, ...args], { timeoutMs });
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
