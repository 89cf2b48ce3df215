import { spawnSync } from 'node:child_process';
import { binPath, cliPath, staleBuiltCli } from '../../e2e/cli-path.js';

/** How a CLI run ended. */
export type CliRun = { readonly status: number | null; readonly stdout: string; readonly stderr: string };

/** The argv that starts the built CLI (what the systemd unit runs), once dist/ is as new as the sources. */
export function cliArgv(args: readonly string[]): string[] {
  return [process.execPath, built(cliPath()), ...args];
}

/** The argv that starts the built `multihome` bin (what a user's `multihome …` runs). */
export function binArgv(args: readonly string[]): string[] {
  return [process.execPath, built(binPath()), ...args];
}

// The applier's tests run the product as a user gets it, from dist/: a path from here into the
// top-level CLI's sources would make the applier depend on the layers composed above it.
function built(path: string): string {
  const stale = staleBuiltCli();
  if (stale !== undefined) throw new Error(stale);
  return path;
}

/**
 * Runs the real `multihome` CLI as its own process: inside the namespace (`ip netns exec NAME
 * multihome …`) or from outside with `--netns NAME`; both must work.
 */
export function runCli(
  args: readonly string[],
  options: { readonly netns?: string; readonly via?: 'exec' | 'flag'; readonly cwd?: string } = {},
): CliRun {
  const { netns, via = 'exec', cwd } = options;
  const argv =
    netns === undefined
      ? cliArgv(args)
      : via === 'exec'
        ? ['ip', 'netns', 'exec', netns, ...cliArgv(args)]
        : cliArgv([...args, '--netns', netns]);
  const [file, ...rest] = argv;
  const result = spawnSync(file ?? 'false', rest, {
    encoding: 'utf8',
    ...(cwd === undefined ? {} : { cwd }),
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
