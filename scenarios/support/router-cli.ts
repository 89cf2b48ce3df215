import { execFile } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CommandResult } from '../../applier/runner/command-runner.js';
import type { LabOptions, StartedLab } from '../../lab/lab-types.js';

const REPO = packageRoot(dirname(fileURLToPath(import.meta.url)));
const NODE_HOME = dirname(dirname(realpathSync(process.execPath)));

/** Where the package and Node appear inside the router, read-only, as on a real host. */
export const IN_ROUTER = {
  node: '/opt/node/bin/node',
  main: '/opt/multihome/dist/applier/cli/main.js',
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

/** Compiles dist/ so the CLI inside the router is this checkout's code; others' type errors do not stop emit. */
export async function buildPackage(): Promise<void> {
  const tsc = resolve(REPO, 'node_modules', '.bin', 'tsc');
  await promisify(execFile)(tsc, ['-p', 'tsconfig.build.json'], { cwd: REPO, timeout: 120_000 }).catch(
    () => {},
  );
  if (!existsSync(resolve(REPO, 'dist', 'applier', 'cli', 'main.js'))) {
    throw new Error('dist/applier/cli/main.js is missing after the build');
  }
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
  if (result.exitCode !== 0) throw new Error(`cannot write ${path} in the router: ${result.stderr}`);
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

// The nearest directory with a package.json: the repo root from scenarios/ and from dist/scenarios/.
function packageRoot(from: string): string {
  let dir = from;
  while (!existsSync(resolve(dir, 'package.json')) || dir.endsWith('/dist') || dir.includes('/dist/')) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}
