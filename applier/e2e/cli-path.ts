import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The package root: the nearest directory above this file whose package.json is multihome's. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      isFile(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'multihome'
    ) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no multihome package.json above ${from}`);
  }
}

// stat, not existsSync: access(2) checks with the real uid and no capabilities, so a user granted
// CAP_DAC_READ_SEARCH (or a setuid caller) would not find a package it can read.
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The compiled CLI itself, without the bin's version check and compile cache (what the systemd unit runs). */
export function cliPath(): string {
  return join(packageRoot(), 'dist', 'cli.js');
}

/** The bin that `multihome` runs (`bin.multihome`): the Node version check, then the compiled CLI. */
export function binPath(): string {
  return join(packageRoot(), 'dist', 'bin.js');
}

/**
 * Why dist/ cannot stand for the sources, or undefined when it can: the built CLI is missing, or older
 * than a source file. Tests never build (`npm test` builds once in `pretest`, tsc plus the bundle that
 * ships), so they run exactly what users get and no test rewrites dist/ while another runs it.
 */
export function staleBuiltCli(): string | undefined {
  const root = packageRoot();
  const cli = cliPath();
  const hint = 'run `npm run build` (npm test does it first)';
  if (!existsSync(cli)) return `${cli} is missing: ${hint}`;
  const builtAt = statSync(cli).mtimeMs;
  const sources = ['applier', 'lab', 'scenarios', 'docker']
    .flatMap((dir) =>
      readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => join(root, dir, f)),
    )
    .concat(join(root, 'cli.ts'), join(root, 'bin.ts'));
  const newer = sources.find(
    (file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && statSync(file).mtimeMs > builtAt,
  );
  return newer === undefined ? undefined : `${cli} is older than ${newer}: ${hint}`;
}

/** Fails unless the built CLI is as new as the sources (`staleBuiltCli`) and starts. */
export async function requireBuiltCli(): Promise<void> {
  const stale = staleBuiltCli();
  if (stale !== undefined) throw new Error(stale);
  const started = await promisify(execFile)(process.execPath, [cliPath(), '--help']).catch(
    (error: unknown) => error,
  );
  if (started instanceof Error) throw new Error(`the built CLI does not start: ${started.message}`);
}
