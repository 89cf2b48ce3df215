import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../e2e/cli-path.js';

/** How a command in the project ended. */
export type ProjectRun = { readonly exitCode: number; readonly stdout: string; readonly stderr: string };

/** A throwaway project with the packed multihome installed from its tarball, as a user installs it. */
export type PackedProject = AsyncDisposable & {
  readonly dir: string;
  /** The files the tarball holds, as `npm pack` listed them. */
  readonly packed: readonly string[];
  /** Runs a command in the project directory (default deadline 120 s); never throws on a non-zero exit. */
  run(file: string, args: readonly string[], options?: { readonly timeoutMs?: number }): Promise<ProjectRun>;
};

/** What to put beside the installed package: more dependencies (name → version range) and files. */
export type PackedProjectOptions = {
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly files?: Readonly<Record<string, string>>;
};

/**
 * Packs this package from the dist/ that `npm run build` made (`npm pack --ignore-scripts`, so no
 * test rebuilds dist/ under another) and installs the tarball with `npm install` into a new
 * directory under the system's temp dir, with `files` written there. The registry is asked only for
 * what npm's cache lacks. `await using` removes the directory.
 */
export async function packedProject(options: PackedProjectOptions = {}): Promise<PackedProject> {
  const dir = await mkdtemp(join(tmpdir(), 'multihome-packed-'));
  try {
    const packedJson = await npm(packageRoot(), [
      'pack',
      '--ignore-scripts',
      '--json',
      '--pack-destination',
      dir,
    ]);
    const [info] = JSON.parse(packedJson) as { filename: string; files: { path: string }[] }[];
    if (info === undefined) throw new Error('npm pack listed no tarball');
    const manifest = {
      name: 'multihome-packed-consumer',
      private: true,
      type: 'module',
      dependencies: { multihome: `file:./${info.filename}`, ...options.dependencies },
    };
    await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await npm(dir, ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund']);
    for (const [name, text] of Object.entries(options.files ?? {})) await writeFile(join(dir, name), text);
    return {
      dir,
      packed: info.files.map((file) => file.path),
      run: async (file, args, runOptions = {}) => {
        const timeout = runOptions.timeoutMs ?? 120_000;
        const result = await execa(file, args, { cwd: dir, reject: false, timeout });
        return {
          exitCode: result.exitCode ?? 1,
          stdout: String(result.stdout),
          stderr: String(result.stderr),
        };
      },
      [Symbol.asyncDispose]: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function npm(cwd: string, args: readonly string[]): Promise<string> {
  const result = await execa('npm', args, { cwd, reject: false, timeout: 300_000 });
  if (result.exitCode !== 0)
    throw new Error(`npm ${args.join(' ')} exited ${result.exitCode}: ${result.stderr}`);
  return String(result.stdout);
}
